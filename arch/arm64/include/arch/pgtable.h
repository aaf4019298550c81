/* Translation table entries for user mappings: 4 KiB granule, 4 levels, 48-bit VA
 * (Arm ARM D8.3 descriptors).  Portable mm code uses only these helpers. */
#ifndef ARCH_PGTABLE_H
#define ARCH_PGTABLE_H

#include <arch/asm.h>
#include <anvil/types.h>

typedef u64 pte_t;

#define PTRS_PER_TABLE	512
#define PTE_ADDR_MASK	0x0000fffffffff000UL
#define PTE_SW_DIRTY	(1UL << 55)	/* software: written since mapped (shared file pages) */

/* User page: EL0 access, non-global (ASID-tagged), never executable at EL1. */
#define PTE_USER_BASE	(PTE_VALID | PTE_TABLE | PTE_ATTRIDX(MT_NORMAL) | PTE_SH_INNER | PTE_AF | \
			 PTE_NG | PTE_USER | PTE_PXN)

static inline bool pte_present(pte_t p) { return p & PTE_VALID; }
static inline bool pte_write(pte_t p) { return !(p & PTE_RDONLY); }
static inline unsigned long pte_pfn(pte_t p) { return (p & PTE_ADDR_MASK) >> 12; }
static inline pte_t pte_wrprotect(pte_t p) { return p | PTE_RDONLY; }
static inline pte_t pte_mkwrite(pte_t p) { return p & ~PTE_RDONLY; }

/* Entry mapping page frame @pfn with the access @vm_flags allows (VM_READ/WRITE/EXEC);
 * @writable=false maps read-only even if VM_WRITE (copy-on-write, clean shared). */
static inline pte_t mk_user_pte(unsigned long pfn, unsigned long vm_flags, bool writable)
{
	pte_t p = PTE_USER_BASE | (pfn << 12);

	if (!writable)
		p |= PTE_RDONLY;
	if (!(vm_flags & 0x4))		/* VM_EXEC */
		p |= PTE_UXN;
	return p;
}

#endif
