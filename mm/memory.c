/*
 * Page-table contents of user address spaces: demand faults (zero-fill anonymous memory,
 * file pages from the page cache), copy-on-write after fork or for private file
 * mappings, stack growth, and tearing mappings down.  Page refcounts: every present
 * user PTE holds one reference on its page.
 */
#include <anvil/mman.h>
#include <anvil/mmfault.h>
#include <anvil/pgtable.h>
#include <anvil/sched.h>
#include <anvil/fs.h>
#include <anvil/string.h>
#include <anvil/errno.h>
#include <anvil/printk.h>

/* Remove every PTE in [start, end), dropping page references.  Caller holds mmap_lock. */
void zap_page_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	bool flushed = false;

	for (unsigned long va = start; va < end;) {
		pte_t *ptep = pte_offset(mm->pgd, va, false);
		unsigned long stop = ALIGN_DOWN(va, PMD_SIZE) + PMD_SIZE;

		if (stop > end)
			stop = end;
		if (!ptep) {
			va = stop;
			continue;
		}
		for (; va < stop; va += PAGE_SIZE, ptep++) {
			pte_t p = *ptep;
			if (pte_present(p)) {
				set_pte(ptep, 0);
				put_page(pfn_to_page(pte_pfn(p)));
				mm->rss--;
				flushed = true;
			}
		}
	}
	if (flushed)
		flush_tlb_mm(mm);
}

/* Share @vma's pages with the child of a fork: shared mappings as they are, private
 * writable ones read-only in both (copy-on-write).  0 or -ENOMEM. */
int copy_page_range(struct mm_struct *dst, struct mm_struct *src, struct vm_area_struct *vma)
{
	bool cow = !(vma->vm_flags & VM_SHARED);

	for (unsigned long va = vma->vm_start; va < vma->vm_end; va += PAGE_SIZE) {
		pte_t *sp = pte_offset(src->pgd, va, false), *dp;
		pte_t p;

		if (!sp) {
			va = ALIGN_DOWN(va, PMD_SIZE) + PMD_SIZE - PAGE_SIZE;
			continue;
		}
		p = *sp;
		if (!pte_present(p))
			continue;
		dp = pte_offset(dst->pgd, va, true);
		if (!dp)
			return -ENOMEM;
		if (cow && pte_write(p)) {
			p = pte_wrprotect(p);
			set_pte(sp, p);
		}
		get_page(pfn_to_page(pte_pfn(p)));
		set_pte(dp, p);
		dst->rss++;
	}
	return 0;
}

static struct page *new_anon_page(const void *copy_from)
{
	struct page *page = alloc_page(copy_from ? GFP_USER : GFP_USER | __GFP_ZERO);

	if (!page)
		return NULL;
	if (copy_from)
		memcpy(page_address(page), copy_from, PAGE_SIZE);
	page->flags |= PG_anon;
	return page;
}

static void install(struct mm_struct *mm, struct vm_area_struct *vma, pte_t *ptep,
		    struct page *page, bool writable)
{
	if (vma->vm_flags & VM_EXEC)
		flush_icache_page(page);
	set_pte(ptep, mk_user_pte(page_to_pfn(page), vma->vm_flags, writable));
}

static int fault_missing(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr,
			 pte_t *ptep, bool write)
{
	struct page *page, *copy;
	pgoff_t idx;
	int err;

	if (vma->vm_special_page) {
		page = vma->vm_special_page;
		get_page(page);
		install(mm, vma, ptep, page, false);
		mm->rss++;
		return VM_FAULT_OK;
	}
	if (!vma->vm_file) {
		page = new_anon_page(NULL);
		if (!page)
			return VM_FAULT_OOM;
		install(mm, vma, ptep, page, vma->vm_flags & VM_WRITE);
		mm->rss++;
		return VM_FAULT_OK;
	}
	idx = vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
	if (!vma->vm_file->f_op->fault_page)
		return VM_FAULT_SIGBUS;
	err = vma->vm_file->f_op->fault_page(vma->vm_file, idx, &page);
	if (err)
		return err == -ENOMEM ? VM_FAULT_OOM : VM_FAULT_SIGBUS;
	if (vma->vm_flags & VM_SHARED) {
		install(mm, vma, ptep, page, vma->vm_flags & VM_WRITE);
	} else if (write) {
		copy = new_anon_page(page_address(page));
		put_page(page);
		if (!copy)
			return VM_FAULT_OOM;
		install(mm, vma, ptep, copy, true);
	} else {
		install(mm, vma, ptep, page, false);	/* the page-cache page, until written */
	}
	mm->rss++;
	return VM_FAULT_OK;
}

static int fault_wp(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr, pte_t *ptep)
{
	pte_t p = *ptep;
	struct page *page = pfn_to_page(pte_pfn(p)), *copy;

	if ((vma->vm_flags & VM_SHARED) || ((page->flags & PG_anon) && page_count(page) == 1)) {
		set_pte(ptep, pte_mkwrite(p));
	} else {
		copy = new_anon_page(page_address(page));
		if (!copy)
			return VM_FAULT_OOM;
		set_pte(ptep, mk_user_pte(page_to_pfn(copy), vma->vm_flags, true));
		put_page(page);
	}
	flush_tlb_page(mm, addr);
	return VM_FAULT_OK;
}

/* Grow a VM_GROWSDOWN VMA down to cover @addr, within RLIMIT_STACK and never closer
 * than STACK_GUARD_GAP to the mapping below.  0 or -ENOMEM. */
static int expand_stack(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr)
{
	unsigned long start = ALIGN_DOWN(addr, PAGE_SIZE);
	unsigned long limit = current->signal->rlim[RLIMIT_STACK].rlim_cur;
	struct vm_area_struct *prev = NULL, *v;

	if (vma->vm_end - start > limit)
		return -ENOMEM;
	list_for_each_entry(v, &mm->mmap, vm_list) {
		if (v == vma)
			break;
		prev = v;
	}
	if (prev && prev->vm_end + STACK_GUARD_GAP > start)
		return -ENOMEM;
	vma->vm_start = start;
	return 0;
}

int handle_user_fault(unsigned long addr, unsigned int flags)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	bool write = flags & FAULT_FLAG_WRITE;
	unsigned long need;
	pte_t *ptep;
	int ret = VM_FAULT_OK;

	if (!mm)
		return VM_FAULT_SIGSEGV;
	mutex_lock(&mm->mmap_lock);
	vma = find_vma(mm, addr);
	if (!vma || (addr < vma->vm_start &&
		     (!(vma->vm_flags & VM_GROWSDOWN) || expand_stack(mm, vma, addr)))) {
		ret = VM_FAULT_SIGSEGV;
		goto out;
	}
	need = write ? VM_WRITE : (flags & FAULT_FLAG_INSTRUCTION) ? VM_EXEC : VM_READ | VM_EXEC;
	if (!(vma->vm_flags & need)) {
		ret = VM_FAULT_BADACCESS;
		goto out;
	}
	ptep = pte_offset(mm->pgd, addr, true);
	if (!ptep) {
		ret = VM_FAULT_OOM;
		goto out;
	}
	if (!pte_present(*ptep))
		ret = fault_missing(mm, vma, addr & PAGE_MASK, ptep, write);
	else if (write && !pte_write(*ptep))
		ret = fault_wp(mm, vma, addr & PAGE_MASK, ptep);
	/* else: another thread resolved it, or a stale TLB entry; retrying is enough */
out:
	mutex_unlock(&mm->mmap_lock);
	return ret;
}
