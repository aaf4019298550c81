/*
 * Memory-mapping system calls: mmap, munmap, mprotect, brk, mremap, madvise, msync
 * (mmap(2), mprotect(2), brk(2), mremap(2), madvise(2) as Linux implements them).
 */
#include <anvil/mman.h>
#include <anvil/pgtable.h>
#include <anvil/sched.h>
#include <anvil/fs.h>
#include <anvil/syscall.h>
#include <anvil/errno.h>
#include <anvil/err.h>
#include <linux/mman.h>

void zap_page_range(struct mm_struct *mm, unsigned long start, unsigned long end);
int split_vma(struct vm_area_struct *vma, unsigned long addr);

static unsigned long prot_to_vm(unsigned long prot)
{
	return ((prot & PROT_READ) ? VM_READ : 0) | ((prot & PROT_WRITE) ? VM_WRITE : 0) |
	       ((prot & PROT_EXEC) ? VM_EXEC : 0);
}

static bool range_ok(unsigned long addr, unsigned long len)
{
	return len && addr < STACK_TOP && len <= STACK_TOP - addr;
}

long sys_mmap(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags,
	      unsigned long fd, unsigned long off)
{
	struct mm_struct *mm = current->mm;
	struct file *file = NULL;
	unsigned long vm_flags, type = flags & MAP_TYPE;
	long ret;

	if (!len || (off & ~PAGE_MASK) || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)))
		return -EINVAL;
	if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (type == MAP_SHARED_VALIDATE && (flags & ~(MAP_TYPE | MAP_FIXED | MAP_FIXED_NOREPLACE |
		MAP_ANONYMOUS | MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_DENYWRITE |
		MAP_EXECUTABLE | MAP_LOCKED | MAP_GROWSDOWN)))
		return -EOPNOTSUPP;
	len = PAGE_ALIGN(len);
	if (!len || len > STACK_TOP)
		return -ENOMEM;
	vm_flags = prot_to_vm(prot) | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	if (type != MAP_PRIVATE)
		vm_flags |= VM_SHARED;
	if (flags & MAP_GROWSDOWN)
		vm_flags |= VM_GROWSDOWN;

	if (!(flags & MAP_ANONYMOUS)) {
		file = fget((int)fd);
		if (!file)
			return -EBADF;
		ret = -EACCES;
		if (!(file->f_mode & FMODE_READ))
			goto out_fput;
		if ((vm_flags & VM_SHARED) && !(file->f_mode & FMODE_WRITE)) {
			if (prot & PROT_WRITE)
				goto out_fput;
			vm_flags &= ~VM_MAYWRITE;
		}
		ret = -ENODEV;
		if (!file->f_op->fault_page)
			goto out_fput;
	} else if (vm_flags & VM_SHARED) {
		/* shared anonymous memory is an unlinked tmpfs file, so it stays shared after fork */
		file = shmem_file_setup("dev/zero", len);
		if (IS_ERR(file))
			return PTR_ERR(file);
		off = 0;
	}

	mutex_lock(&mm->mmap_lock);
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		ret = -EINVAL;
		if ((addr & ~PAGE_MASK) || !range_ok(addr, len))
			goto out_unlock;
		ret = -EEXIST;
		if (flags & MAP_FIXED_NOREPLACE) {
			struct vm_area_struct *v = find_vma(mm, addr);
			if (v && v->vm_start < addr + len)
				goto out_unlock;
		}
	} else {
		struct vm_area_struct *v;

		addr = ALIGN_DOWN(addr, PAGE_SIZE);
		v = addr ? find_vma(mm, addr) : NULL;
		if (!addr || !range_ok(addr, len) || (v && v->vm_start < addr + len)) {
			ret = get_unmapped_area(mm, len);
			if (ret < 0)
				goto out_unlock;
			addr = ret;
		}
	}
	if (file && file->f_op->mmap) {
		struct vm_area_struct probe = { .vm_start = addr, .vm_end = addr + len,
						.vm_flags = vm_flags, .vm_file = file, .vm_pgoff = off >> PAGE_SHIFT };
		ret = file->f_op->mmap(file, &probe);
		if (ret)
			goto out_unlock;
	}
	ret = map_region(mm, addr, len, vm_flags, file, off >> PAGE_SHIFT);
	if (!ret)
		ret = addr;
out_unlock:
	mutex_unlock(&mm->mmap_lock);
out_fput:
	if (file)
		fput(file);
	return ret;
}
SYSCALL(mmap, sys_mmap);

long sys_munmap(unsigned long addr, unsigned long len)
{
	struct mm_struct *mm = current->mm;
	long ret;

	if ((addr & ~PAGE_MASK) || !range_ok(addr, len))
		return -EINVAL;
	mutex_lock(&mm->mmap_lock);
	ret = unmap_region(mm, addr, PAGE_ALIGN(len));
	mutex_unlock(&mm->mmap_lock);
	return ret;
}
SYSCALL(munmap, sys_munmap);

/* Re-write present PTEs of [start, end) for @vma's new flags: removing write or exec
 * takes effect now; added write permission is granted by the next write fault. */
static void change_protection(struct mm_struct *mm, struct vm_area_struct *vma)
{
	for (unsigned long va = vma->vm_start; va < vma->vm_end; va += PAGE_SIZE) {
		pte_t *ptep = pte_offset(mm->pgd, va, false);
		pte_t p;

		if (!ptep) {
			va = ALIGN_DOWN(va, PMD_SIZE) + PMD_SIZE - PAGE_SIZE;
			continue;
		}
		p = *ptep;
		if (!pte_present(p))
			continue;
		if (!(vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC))) {
			set_pte(ptep, 0);	/* PROT_NONE: drop the mapping, keep nothing */
			put_page(pfn_to_page(pte_pfn(p)));
			mm->rss--;
			continue;
		}
		set_pte(ptep, mk_user_pte(pte_pfn(p), vma->vm_flags,
					  pte_write(p) && (vma->vm_flags & VM_WRITE)));
	}
	flush_tlb_mm(mm);
}

long sys_mprotect(unsigned long addr, unsigned long len, unsigned long prot)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *v;
	unsigned long end, newflags = prot_to_vm(prot);
	long ret = 0;

	if ((addr & ~PAGE_MASK) || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN | PROT_GROWSUP)))
		return -EINVAL;
	if (!len)
		return 0;
	len = PAGE_ALIGN(len);
	if (!range_ok(addr, len))
		return -ENOMEM;
	end = addr + len;
	mutex_lock(&mm->mmap_lock);
	/* the whole range must be mapped, and each VMA must allow the new access */
	for (unsigned long a = addr; a < end;) {
		v = find_vma(mm, a);
		if (!v || v->vm_start > a) {
			ret = -ENOMEM;
			goto out;
		}
		if (((newflags & VM_WRITE) && !(v->vm_flags & VM_MAYWRITE)) ||
		    ((newflags & VM_EXEC) && !(v->vm_flags & VM_MAYEXEC))) {
			ret = -EACCES;
			goto out;
		}
		a = v->vm_end;
	}
	v = find_vma(mm, addr);
	if (v->vm_start < addr && (ret = split_vma(v, addr)))
		goto out;
	for (v = find_vma(mm, addr); v && v->vm_start < end;
	     v = list_entry(v->vm_list.next, struct vm_area_struct, vm_list)) {
		if (v->vm_end > end && (ret = split_vma(v, end)))
			goto out;
		v->vm_flags = (v->vm_flags & ~VM_ACCESS_MASK) | newflags;
		change_protection(mm, v);
		if (v->vm_list.next == &mm->mmap)
			break;
	}
out:
	mutex_unlock(&mm->mmap_lock);
	return ret;
}
SYSCALL(mprotect, sys_mprotect);

long sys_brk(unsigned long brk)
{
	struct mm_struct *mm = current->mm;
	unsigned long old_end, new_end;
	struct vm_area_struct *next;

	mutex_lock(&mm->mmap_lock);
	if (brk < mm->start_brk)
		goto out;
	old_end = PAGE_ALIGN(mm->brk);
	new_end = PAGE_ALIGN(brk);
	if (new_end < old_end) {
		if (unmap_region(mm, new_end, old_end - new_end))
			goto out;
	} else if (new_end > old_end) {
		if (brk - mm->start_brk > current->signal->rlim[RLIMIT_DATA].rlim_cur)
			goto out;
		next = find_vma(mm, old_end);
		if (next && next->vm_start < new_end + PAGE_SIZE)
			goto out;
		if (map_region(mm, old_end, new_end - old_end,
			       VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC, NULL, 0))
			goto out;
	}
	mm->brk = brk;
out:
	brk = mm->brk;
	mutex_unlock(&mm->mmap_lock);
	return brk;
}
SYSCALL(brk, sys_brk);

/* Move present PTEs of [old, old+len) to [new, new+len).  0 or -ENOMEM. */
static int move_ptes(struct mm_struct *mm, unsigned long old, unsigned long new, unsigned long len)
{
	for (unsigned long off = 0; off < len; off += PAGE_SIZE) {
		pte_t *sp = pte_offset(mm->pgd, old + off, false), *dp;

		if (!sp || !pte_present(*sp))
			continue;
		dp = pte_offset(mm->pgd, new + off, true);
		if (!dp)
			return -ENOMEM;
		set_pte(dp, *sp);
		set_pte(sp, 0);
	}
	flush_tlb_mm(mm);
	return 0;
}

long sys_mremap(unsigned long addr, unsigned long old_len, unsigned long new_len,
		unsigned long flags, unsigned long new_addr)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *v, *next;
	long ret;

	if ((addr & ~PAGE_MASK) || (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) || (flags & MREMAP_DONTUNMAP))
		return -EINVAL;	/* not supported yet; see docs/syscalls.md */
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	if (!new_len || !old_len || !range_ok(addr, old_len))
		return -EINVAL;
	mutex_lock(&mm->mmap_lock);
	v = find_vma(mm, addr);
	ret = -EFAULT;
	if (!v || v->vm_start > addr || v->vm_end < addr + old_len)
		goto out;
	if (new_len <= old_len) {
		ret = unmap_region(mm, addr + new_len, old_len - new_len);
		if (!ret)
			ret = addr;
		goto out;
	}
	next = v->vm_list.next == &mm->mmap ? NULL : list_entry(v->vm_list.next, struct vm_area_struct, vm_list);
	if (v->vm_end == addr + old_len && (!next || next->vm_start >= addr + new_len) &&
	    range_ok(addr, new_len)) {
		v->vm_end = addr + new_len;	/* grow in place */
		ret = addr;
		goto out;
	}
	ret = -ENOMEM;
	if (!(flags & MREMAP_MAYMOVE))
		goto out;
	ret = get_unmapped_area(mm, new_len);
	if (ret < 0)
		goto out;
	new_addr = ret;
	{
		struct file *file = v->vm_file;
		pgoff_t pgoff = v->vm_pgoff + ((addr - v->vm_start) >> PAGE_SHIFT);
		unsigned long vm_flags = v->vm_flags;

		ret = map_region(mm, new_addr, new_len, vm_flags, file, pgoff);
		if (ret)
			goto out;
		ret = move_ptes(mm, addr, new_addr, old_len);
		if (ret)
			goto out;
		ret = unmap_region(mm, addr, old_len);
		if (!ret)
			ret = new_addr;
	}
out:
	mutex_unlock(&mm->mmap_lock);
	return ret;
}
SYSCALL(mremap, sys_mremap);

long sys_madvise(unsigned long addr, unsigned long len, int advice)
{
	struct mm_struct *mm = current->mm;

	if (addr & ~PAGE_MASK)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	switch (advice) {
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE:
	case MADV_DONTDUMP:
	case MADV_DODUMP:
		return 0;	/* hints: following none of them is a valid implementation */
	case MADV_DONTNEED:
	case MADV_FREE:
		mutex_lock(&mm->mmap_lock);
		zap_page_range(mm, addr, addr + len);
		mutex_unlock(&mm->mmap_lock);
		return 0;
	default:
		return -EINVAL;
	}
}
SYSCALL(madvise, sys_madvise);

long sys_msync(unsigned long addr, unsigned long len, int flags)
{
	if ((addr & ~PAGE_MASK) || (flags & ~(MS_ASYNC | MS_SYNC | MS_INVALIDATE)) ||
	    ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return -EINVAL;
	/* Shared file mappings map the page cache itself; there is no separate copy to write
	 * back until block-backed file systems add write-back (Phase B). */
	return 0;
}
SYSCALL(msync, sys_msync);
