/* System register helpers and bit definitions (Arm ARM D19 / D13). */
#ifndef ARCH_SYSREG_H
#define ARCH_SYSREG_H

#define read_sysreg(r) ({ unsigned long __v; __asm__ __volatile__("mrs %0, " #r : "=r"(__v)); __v; })
#define write_sysreg(v, r) __asm__ __volatile__("msr " #r ", %x0" :: "rZ"((unsigned long)(v)))
#define isb()	__asm__ __volatile__("isb" ::: "memory")
#define dsb(opt) __asm__ __volatile__("dsb " #opt ::: "memory")
#define dmb(opt) __asm__ __volatile__("dmb " #opt ::: "memory")
#define wfi()	__asm__ __volatile__("wfi" ::: "memory")
#define cpu_relax() __asm__ __volatile__("yield" ::: "memory")

/* ESR_ELx exception classes (Arm ARM D17.2.37) */
#define ESR_EC_SHIFT		26
#define ESR_EC(esr)		(((esr) >> ESR_EC_SHIFT) & 0x3f)
#define ESR_EC_UNKNOWN		0x00
#define ESR_EC_WFx		0x01
#define ESR_EC_FP_ASIMD		0x07
#define ESR_EC_ILL		0x0e
#define ESR_EC_SVC64		0x15
#define ESR_EC_SYS64		0x18
#define ESR_EC_IABT_LOW		0x20
#define ESR_EC_IABT_CUR		0x21
#define ESR_EC_PC_ALIGN		0x22
#define ESR_EC_DABT_LOW		0x24
#define ESR_EC_DABT_CUR		0x25
#define ESR_EC_SP_ALIGN		0x26
#define ESR_EC_FP_EXC64		0x2c
#define ESR_EC_SERROR		0x2f
#define ESR_EC_BREAKPT_LOW	0x30
#define ESR_EC_SOFTSTP_LOW	0x32
#define ESR_EC_WATCHPT_LOW	0x34
#define ESR_EC_BRK64		0x3c
#define ESR_ISS_WNR		(1UL << 6)	/* data abort: write */
#define ESR_ISS_FSC(esr)	((esr) & 0x3f)	/* fault status code */
#define FSC_TYPE(fsc)		((fsc) & 0x3c)
#define FSC_TRANS		0x04	/* translation fault, any level */
#define FSC_ACCESS		0x08	/* access flag fault */
#define FSC_PERM		0x0c	/* permission fault */
#define FSC_ALIGN		0x21	/* alignment fault */

#endif
