/*
 * VMAs and address spaces: an mm_struct owns a sorted list of non-overlapping VMAs and a
 * page table.  This file keeps the list (find, insert, split, remove) and the mm
 * lifecycle (alloc, fork copy, teardown).  Page-table contents are mm/memory.c's.
 */
#include <anvil/mman.h>
#include <anvil/pgtable.h>
#include <anvil/slab.h>
#include <anvil/fs.h>
#include <anvil/errno.h>
#include <anvil/printk.h>
#include <anvil/string.h>

void zap_page_range(struct mm_struct *mm, unsigned long start, unsigned long end);
int copy_page_range(struct mm_struct *dst, struct mm_struct *src, struct vm_area_struct *vma);

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *v;

	list_for_each_entry(v, &mm->mmap, vm_list)
		if (v->vm_end > addr)
			return v;
	return NULL;
}

static void vma_link(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *v;

	vma->vm_mm = mm;
	list_for_each_entry(v, &mm->mmap, vm_list) {
		if (v->vm_start >= vma->vm_end) {
			__list_add(&vma->vm_list, v->vm_list.prev, &v->vm_list);
			mm->map_count++;
			return;
		}
	}
	list_add_tail(&vma->vm_list, &mm->mmap);
	mm->map_count++;
}

static void vma_free(struct vm_area_struct *vma)
{
	if (vma->vm_file)
		fput(vma->vm_file);
	kfree(vma);
}

static struct vm_area_struct *vma_dup(struct vm_area_struct *vma)
{
	struct vm_area_struct *n = kmalloc(sizeof(*n), GFP_KERNEL);

	if (!n)
		return NULL;
	*n = *vma;
	INIT_LIST_HEAD(&n->vm_list);
	if (n->vm_file)
		get_file(n->vm_file);
	return n;
}

/* Split @vma at @addr (inside it); the new upper part is linked after it.  0 or -ENOMEM. */
int split_vma(struct vm_area_struct *vma, unsigned long addr)
{
	struct vm_area_struct *hi = vma_dup(vma);

	if (!hi)
		return -ENOMEM;
	hi->vm_start = addr;
	if (hi->vm_file)
		hi->vm_pgoff += (addr - vma->vm_start) >> PAGE_SHIFT;
	vma->vm_end = addr;
	list_add(&hi->vm_list, &vma->vm_list);
	vma->vm_mm->map_count++;
	return 0;
}

int unmap_region(struct mm_struct *mm, unsigned long addr, unsigned long len)
{
	unsigned long end = addr + len;
	struct vm_area_struct *v, *n;

	v = find_vma(mm, addr);
	if (!v || v->vm_start >= end)
		return 0;
	if (v->vm_start < addr && split_vma(v, addr))
		return -ENOMEM;
	list_for_each_entry_safe(v, n, &mm->mmap, vm_list) {
		if (v->vm_end <= addr)
			continue;
		if (v->vm_start >= end)
			break;
		if (v->vm_end > end && split_vma(v, end))
			return -ENOMEM;
		n = list_entry(v->vm_list.next, struct vm_area_struct, vm_list);
		zap_page_range(mm, v->vm_start, v->vm_end);
		list_del_init(&v->vm_list);
		mm->map_count--;
		vma_free(v);
	}
	return 0;
}

/* Extend the previous VMA instead of adding one when the new range continues it. */
static bool try_merge(struct mm_struct *mm, unsigned long addr, unsigned long len, unsigned long vm_flags,
		      struct file *file)
{
	struct vm_area_struct *prev = NULL, *v;

	if (file)
		return false;
	list_for_each_entry(v, &mm->mmap, vm_list) {
		if (v->vm_end == addr)
			prev = v;
		if (v->vm_start >= addr)
			break;
	}
	if (!prev || prev->vm_file || prev->vm_special_page || prev->vm_flags != vm_flags)
		return false;
	prev->vm_end = addr + len;
	return true;
}

int map_region(struct mm_struct *mm, unsigned long addr, unsigned long len, unsigned long vm_flags,
	       struct file *file, pgoff_t pgoff)
{
	struct vm_area_struct *vma;
	int err = unmap_region(mm, addr, len);

	if (err)
		return err;
	if (try_merge(mm, addr, len, vm_flags, file))
		return 0;
	vma = kzalloc(sizeof(*vma), GFP_KERNEL);
	if (!vma)
		return -ENOMEM;
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_flags = vm_flags;
	vma->vm_file = file ? get_file(file) : NULL;
	vma->vm_pgoff = pgoff;
	INIT_LIST_HEAD(&vma->vm_list);
	vma_link(mm, vma);
	return 0;
}

long get_unmapped_area(struct mm_struct *mm, unsigned long len)
{
	unsigned long top = mm->mmap_base;
	struct vm_area_struct *v;

	/* walk down from the top: candidate is [top - len, top) below every VMA above it */
	for (v = list_entry(mm->mmap.prev, struct vm_area_struct, vm_list);
	     &v->vm_list != &mm->mmap;
	     v = list_entry(v->vm_list.prev, struct vm_area_struct, vm_list)) {
		if (v->vm_start >= top)
			continue;
		if (v->vm_end <= top - len && top >= len)
			return top - len;
		top = v->vm_start;
		if (v->vm_flags & VM_GROWSDOWN)
			top = top > STACK_GUARD_GAP ? top - STACK_GUARD_GAP : 0;
	}
	if (top >= len + PAGE_SIZE * 16)
		return top - len;
	return -ENOMEM;
}

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kzalloc(sizeof(*mm), GFP_KERNEL);

	if (!mm)
		return NULL;
	mm->pgd = pgd_alloc();
	mm->asid = asid_alloc();
	if (!mm->pgd || !mm->asid) {
		if (mm->pgd)
			pgd_free(mm->pgd);
		if (mm->asid)
			asid_free(mm->asid);
		kfree(mm);
		return NULL;
	}
	mutex_init(&mm->mmap_lock);
	INIT_LIST_HEAD(&mm->mmap);
	atomic_set(&mm->mm_users, 1);
	mm->mmap_base = STACK_TOP - MMAP_BASE_GAP;
	return mm;
}

static void exit_mmap(struct mm_struct *mm)
{
	struct vm_area_struct *v, *n;

	list_for_each_entry_safe(v, n, &mm->mmap, vm_list) {
		zap_page_range(mm, v->vm_start, v->vm_end);
		list_del_init(&v->vm_list);
		vma_free(v);
	}
	mm->map_count = 0;
}

void mmput(struct mm_struct *mm)
{
	if (!atomic_dec_and_test(&mm->mm_users))
		return;
	exit_mmap(mm);
	pgd_free(mm->pgd);
	asid_free(mm->asid);
	if (mm->exe_file)
		fput(mm->exe_file);
	kfree(mm);
}

struct mm_struct *dup_mm(struct mm_struct *old)
{
	struct mm_struct *mm = mm_alloc();
	struct vm_area_struct *v;

	if (!mm)
		return NULL;
	mutex_lock(&old->mmap_lock);
	mm->start_code = old->start_code;
	mm->end_code = old->end_code;
	mm->start_data = old->start_data;
	mm->end_data = old->end_data;
	mm->start_brk = old->start_brk;
	mm->brk = old->brk;
	mm->start_stack = old->start_stack;
	mm->arg_start = old->arg_start;
	mm->arg_end = old->arg_end;
	mm->env_start = old->env_start;
	mm->env_end = old->env_end;
	mm->mmap_base = old->mmap_base;
	mm->sigpage = old->sigpage;
	memcpy(mm->saved_auxv, old->saved_auxv, sizeof(mm->saved_auxv));
	if (old->exe_file)
		mm->exe_file = get_file(old->exe_file);
	list_for_each_entry(v, &old->mmap, vm_list) {
		struct vm_area_struct *n = vma_dup(v);

		if (n) {
			list_add_tail(&n->vm_list, &mm->mmap);
			n->vm_mm = mm;
			mm->map_count++;
		}
		if (!n || copy_page_range(mm, old, n)) {
			flush_tlb_mm(old);
			mutex_unlock(&old->mmap_lock);
			mmput(mm);
			return NULL;
		}
	}
	flush_tlb_mm(old);	/* the parent's writable private pages are now read-only */
	mutex_unlock(&old->mmap_lock);
	return mm;
}
