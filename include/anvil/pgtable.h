/* Page-table operations for user address spaces (arch/arm64/mmu.c). */
#ifndef ANVIL_PGTABLE_H
#define ANVIL_PGTABLE_H

#include <arch/pgtable.h>
#include <anvil/mm_types.h>
#include <anvil/mm.h>

#define PMD_SIZE	(1UL << 21)	/* span of one last-level table */

/* New empty top-level table, or NULL. */
u64 *pgd_alloc(void);
/* Free every translation table under @pgd (not the pages they map). */
void pgd_free(u64 *pgd);
/* Last-level entry for @va.  With @alloc, missing tables are created (NULL when out of
 * memory); without, NULL means no table covers @va (the whole PMD_SIZE range is empty).
 * Caller holds mm->mmap_lock. */
pte_t *pte_offset(u64 *pgd, unsigned long va, bool alloc);
/* Write an entry and make the change visible to the table walker (no TLB flush). */
void set_pte(pte_t *ptep, pte_t val);
/* Invalidate TLB entries for one user page / a whole address space, on all CPUs. */
void flush_tlb_page(struct mm_struct *mm, unsigned long va);
void flush_tlb_mm(struct mm_struct *mm);
/* Make @mm the current user address space (NULL: none, for kernel threads). */
void switch_mm(struct mm_struct *mm);
/* Address-space IDs: 0 on failure. */
u16 asid_alloc(void);
void asid_free(u16 asid);
/* Make instruction fetches see data just written to a user page (I/D cache coherency). */
void flush_icache_page(struct page *page);

/* Kernel virtual address of device registers at physical @pa (@size bytes), or NULL. */
void *ioremap(phys_addr_t pa, size_t size);

#endif
