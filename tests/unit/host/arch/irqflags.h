/* Host build of <arch/irqflags.h> for unit tests: the "interrupt mask" is one flag shared
 * by every translation unit of a test program (a weak definition, so each file that
 * includes this header may define it), so a test can assert that code ran with
 * interrupts masked (irqs_disabled()).  Flags word: bit 7 set = masked, as DAIF.I. */
#ifndef ARCH_IRQFLAGS_H
#define ARCH_IRQFLAGS_H

#define HOST_DAIF_I	(1UL << 7)

__attribute__((weak)) unsigned long host_daif;

static inline unsigned long arch_local_irq_save(void)
{
	unsigned long flags = host_daif;

	host_daif |= HOST_DAIF_I;
	return flags;
}
static inline void arch_local_irq_restore(unsigned long flags) { host_daif = flags; }
static inline void arch_local_irq_enable(void) { host_daif &= ~HOST_DAIF_I; }
static inline void arch_local_irq_disable(void) { host_daif |= HOST_DAIF_I; }
static inline int arch_irqs_disabled(void) { return (host_daif & HOST_DAIF_I) != 0; }

#endif
