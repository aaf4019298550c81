/* Address-space views: /proc/PID/maps and the memory figures of stat, status and
 * statm.  VMA sizes are classified as Linux's vm_stat_account does (exec, stack, data);
 * resident pages are counted by walking the page tables, anonymous (PG_anon), shmem
 * (pages of a tmpfs file, which includes the rootfs) or file.  There is no high-water
 * tracking, so VmPeak and VmHWM equal the current sizes.
 * Locks: mm->mmap_lock around every walk (faults and munmap take it too).
 * Relies on: VMAs (mm_types.h), page tables (pgtable.h), d_path. */
#include <anvil/fs.h>
#include <anvil/mm.h>
#include <anvil/mman.h>
#include <anvil/pgtable.h>
#include <anvil/slab.h>
#include <anvil/string.h>
#include <anvil/err.h>
#include <anvil/errno.h>
#include <linux/magic.h>
#include "internal.h"

#define L2_SPAN		(1UL << 30)	/* covered by one level-2 table */
#define L1_SPAN		(1UL << 39)	/* covered by one level-1 table */

/* Tables seen while walking in address order: the last region counted per level. */
struct table_census {
	unsigned long pmd, l2, l1;	/* region index + 1 (0: none yet) */
};

static void count_table(struct proc_mm_stats *st, struct table_census *tc, unsigned long va)
{
	if (va / PMD_SIZE + 1 != tc->pmd) {
		tc->pmd = va / PMD_SIZE + 1;
		st->pgtables++;
	}
	if (va / L2_SPAN + 1 != tc->l2) {
		tc->l2 = va / L2_SPAN + 1;
		st->pgtables++;
	}
	if (va / L1_SPAN + 1 != tc->l1) {
		tc->l1 = va / L1_SPAN + 1;
		st->pgtables++;
	}
}

static bool shmem_mapping(const struct vm_area_struct *v)
{
	return v->vm_file && v->vm_file->f_inode->i_sb->s_magic == TMPFS_MAGIC;
}

/* Resident pages of @v by kind.  mmap_lock held. */
static void count_pages(struct mm_struct *mm, struct vm_area_struct *v, struct proc_mm_stats *st,
			struct table_census *tc)
{
	bool shmem = shmem_mapping(v);

	for (unsigned long va = v->vm_start; va < v->vm_end;) {
		pte_t *ptep = pte_offset(mm->pgd, va, false);
		unsigned long pfn;
		struct page *page;

		if (!ptep) {			/* no table for this whole 2 MiB */
			va = ALIGN_DOWN(va, PMD_SIZE) + PMD_SIZE;
			continue;
		}
		count_table(st, tc, va);
		if (pte_present(*ptep)) {
			pfn = pte_pfn(*ptep);
			page = pfn >= mem_base_pfn && pfn < mem_base_pfn + mem_nr_pages ?
				pfn_to_page(pfn) : NULL;
			if (page && (page->flags & PG_anon))
				st->rss_anon++;
			else if (shmem)
				st->rss_shmem++;
			else
				st->rss_file++;
		}
		va += PAGE_SIZE;
	}
}

void proc_mm_stats(struct mm_struct *mm, struct proc_mm_stats *st, bool pages)
{
	struct table_census tc = { 0, 0, 0 };
	struct vm_area_struct *v;

	memset(st, 0, sizeof(*st));
	mutex_lock(&mm->mmap_lock);
	list_for_each_entry(v, &mm->mmap, vm_list) {
		unsigned long n = (v->vm_end - v->vm_start) >> PAGE_SHIFT, f = v->vm_flags;

		st->total_vm += n;
		if ((f & (VM_EXEC | VM_WRITE | VM_STACK)) == VM_EXEC)
			st->exec_vm += n;
		else if (f & VM_STACK)
			st->stack_vm += n;
		else if ((f & (VM_WRITE | VM_SHARED)) == VM_WRITE)
			st->data_vm += n;
		if (pages)
			count_pages(mm, v, st, &tc);
	}
	if (pages) {
		st->rss = st->rss_anon + st->rss_file + st->rss_shmem;
		st->pgtables++;			/* the top-level table */
	} else {
		st->rss = mm->rss;
	}
	mutex_unlock(&mm->mmap_lock);
}

/* The name column of a VMA without a file (Linux's [heap] and [stack]; the signal
 * return page is named as arm32 Linux names its own), or NULL. */
static const char *special_name(struct mm_struct *mm, struct vm_area_struct *v)
{
	if (v->vm_special_page)
		return "[sigpage]";
	if (v->vm_start <= mm->brk && v->vm_end >= mm->start_brk)
		return "[heap]";
	if (v->vm_start <= mm->start_stack && v->vm_end >= mm->start_stack)
		return "[stack]";
	return NULL;
}

/* One line: "start-end perms offset major:minor inode", then the name from column 73.
 * mmap_lock held. */
static void show_map(struct proc_buf *b, struct mm_struct *mm, struct vm_area_struct *v,
		     char *pathbuf)
{
	struct file *f = v->vm_file;
	struct inode *inode = f ? f->f_inode : NULL;
	dev_t dev = inode ? inode->i_sb->s_dev : 0;
	size_t start = b->len;
	const char *name;

	pb_printf(b, "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %llu ", v->vm_start, v->vm_end,
		  v->vm_flags & VM_READ ? 'r' : '-', v->vm_flags & VM_WRITE ? 'w' : '-',
		  v->vm_flags & VM_EXEC ? 'x' : '-', v->vm_flags & VM_SHARED ? 's' : 'p',
		  f ? (unsigned long long)v->vm_pgoff << PAGE_SHIFT : 0ULL, MAJOR(dev), MINOR(dev),
		  inode ? (unsigned long long)inode->i_ino : 0ULL);
	if (f) {
		name = file_path(f, pathbuf, PATH_MAX);
		if (IS_ERR(name))
			name = NULL;
	} else {
		name = special_name(mm, v);
	}
	if (name) {
		pb_pad(b, start + 72);
		pb_putc(b, ' ');
		pb_escape(b, name, "\n");
	}
	pb_putc(b, '\n');
}

int proc_pid_maps(struct proc_buf *b, struct inode *inode)
{
	struct mm_struct *mm = proc_inode_mm(inode, true);
	struct vm_area_struct *v;
	char *pathbuf;

	if (IS_ERR_OR_NULL(mm))
		return PTR_ERR(mm);
	pathbuf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!pathbuf) {
		mmput(mm);
		return -ENOMEM;
	}
	mutex_lock(&mm->mmap_lock);
	list_for_each_entry(v, &mm->mmap, vm_list)
		show_map(b, mm, v, pathbuf);
	mutex_unlock(&mm->mmap_lock);
	kfree(pathbuf);
	mmput(mm);
	return 0;
}
