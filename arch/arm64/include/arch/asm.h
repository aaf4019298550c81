/* Constants shared by the assembly files. */
#ifndef ARCH_ASM_H
#define ARCH_ASM_H

#ifdef __ASSEMBLY__
#define UL(x)			x
#else
#define UL(x)			x##UL
#endif

#define KERNEL_PHYS_BASE	UL(0x40080000)
#define PAGE_OFFSET		UL(0xffff000000000000)

/* Block/page descriptor bits (Arm ARM D8.3) */
#define PTE_VALID		(UL(1) << 0)
#define PTE_TABLE		(UL(1) << 1)	/* level 0-2: table; level 3: page */
#define PTE_ATTRIDX(n)		((n) << 2)
#define PTE_USER		(UL(1) << 6)	/* AP[1]: EL0 access */
#define PTE_RDONLY		(UL(1) << 7)	/* AP[2] */
#define PTE_SH_INNER		(UL(3) << 8)
#define PTE_AF			(UL(1) << 10)
#define PTE_NG			(UL(1) << 11)
#define PTE_PXN			(UL(1) << 53)
#define PTE_UXN			(UL(1) << 54)

/* MAIR indexes: 0 Device-nGnRnE, 1 Normal WB, 2 Normal NC, 3 Device-nGnRE */
#define MT_DEVICE_nGnRnE	0
#define MT_NORMAL		1
#define MT_NORMAL_NC		2
#define MT_DEVICE_nGnRE		3
#define MAIR_EL1_VALUE		0x0444ff00

#define BOOT_DEVICE_BLOCK	(PTE_VALID | PTE_ATTRIDX(MT_DEVICE_nGnRnE) | PTE_AF | PTE_PXN | PTE_UXN)
#define BOOT_NORMAL_BLOCK	(PTE_VALID | PTE_ATTRIDX(MT_NORMAL) | PTE_SH_INNER | PTE_AF | PTE_UXN)

/* TCR_EL1: 48-bit VAs both halves, 4K granules, WB-WA inner shareable walks, 16-bit ASIDs
 * (IPS filled in at runtime). */
#define TCR_T0SZ		16
#define TCR_T1SZ		(UL(16) << 16)
#define TCR_IRGN0_WBWA		(UL(1) << 8)
#define TCR_ORGN0_WBWA		(UL(1) << 10)
#define TCR_SH0_INNER		(UL(3) << 12)
#define TCR_IRGN1_WBWA		(UL(1) << 24)
#define TCR_ORGN1_WBWA		(UL(1) << 26)
#define TCR_SH1_INNER		(UL(3) << 28)
#define TCR_TG1_4K		(UL(2) << 30)
#define TCR_AS			(UL(1) << 36)
#define TCR_EL1_VALUE		(TCR_T0SZ | TCR_T1SZ | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER | \
				 TCR_IRGN1_WBWA | TCR_ORGN1_WBWA | TCR_SH1_INNER | TCR_TG1_4K | TCR_AS)

/* SCTLR_EL1 (Arm ARM D19.2.118): RES1 bits of Armv8.0, then MMU on with caches, alignment
 * checks of SP, EL0 access to CTR_EL0/DC ZVA/cache maintenance, WFI/WFE not trapped. */
#define SCTLR_EL1_RES1		((UL(1) << 29) | (UL(1) << 28) | (UL(1) << 23) | (UL(1) << 22) | (UL(1) << 20) | (UL(1) << 11))
#define SCTLR_EL1_MMU_ON	(SCTLR_EL1_RES1 | (UL(1) << 0) | (UL(1) << 2) | (UL(1) << 3) | (UL(1) << 4) | \
				 (UL(1) << 12) | (UL(1) << 14) | (UL(1) << 15) | (UL(1) << 16) | (UL(1) << 18) | (UL(1) << 26))

#endif
