/* Address-space management used by exec, fork and exit (mm/vma.c, mm/memory.c, mm/mmap.c). */
#ifndef ANVIL_MMAN_H
#define ANVIL_MMAN_H

#include <anvil/mm_types.h>

#define STACK_TOP	0x0001000000000000UL	/* 2^48: user stacks start just below */
#define STACK_GUARD_GAP	(256UL << 12)		/* kept free below a growing stack (bytes) */
#define MMAP_BASE_GAP	(128UL << 20)		/* between stack top and mmap area (bytes) */
#define ELF_ET_DYN_BASE	0x0000aaaaaaaaa000UL	/* load address of static-pie (ET_DYN) images */

struct mm_struct *mm_alloc(void);
/* Copy @old for fork: VMAs duplicated, private pages shared copy-on-write. NULL on ENOMEM. */
struct mm_struct *dup_mm(struct mm_struct *old);
/* Drop a user of @mm; the last one unmaps everything and frees it. */
void mmput(struct mm_struct *mm);

/* First VMA with vm_end > @addr, or NULL.  Caller holds mmap_lock. */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
/* Map [addr, addr+len) (page aligned) with @vm_flags; @file (referenced by the VMA on
 * success) at page @pgoff, or anonymous.  Replaces existing mappings in the range.
 * 0 or -ENOMEM.  Caller holds mmap_lock. */
int map_region(struct mm_struct *mm, unsigned long addr, unsigned long len, unsigned long vm_flags,
	       struct file *file, pgoff_t pgoff);
/* Remove mappings in [addr, addr+len); 0 or -ENOMEM (VMA split failed).  Caller holds mmap_lock. */
int unmap_region(struct mm_struct *mm, unsigned long addr, unsigned long len);
/* Highest free range of @len bytes below mm->mmap_base, or -ENOMEM.  Caller holds mmap_lock. */
long get_unmapped_area(struct mm_struct *mm, unsigned long len);

#endif
