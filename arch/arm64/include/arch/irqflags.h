/* Interrupt mask (PSTATE.DAIF.I) control for the current CPU. */
#ifndef ARCH_IRQFLAGS_H
#define ARCH_IRQFLAGS_H

static inline unsigned long arch_local_irq_save(void)
{
	unsigned long flags;
	__asm__ __volatile__("mrs %0, daif\n\tmsr daifset, #2" : "=r"(flags) :: "memory");
	return flags;
}
static inline void arch_local_irq_restore(unsigned long flags)
{
	__asm__ __volatile__("msr daif, %0" :: "r"(flags) : "memory");
}
static inline void arch_local_irq_enable(void) { __asm__ __volatile__("msr daifclr, #2" ::: "memory"); }
static inline void arch_local_irq_disable(void) { __asm__ __volatile__("msr daifset, #2" ::: "memory"); }
static inline int arch_irqs_disabled(void)
{
	unsigned long flags;
	__asm__ __volatile__("mrs %0, daif" : "=r"(flags));
	return (flags >> 7) & 1;
}

#endif
