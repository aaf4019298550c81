/* Address spaces: an mm_struct is a page table plus the sorted list of VMAs that says
 * what each range of user addresses is (mm/vma.c, mm/memory.c, mm/mmap.c). */
#ifndef ANVIL_MM_TYPES_H
#define ANVIL_MM_TYPES_H

#include <anvil/types.h>
#include <anvil/list.h>
#include <anvil/mutex.h>
#include <anvil/atomic.h>

struct file;

/* vm_flags */
#define VM_READ		0x1
#define VM_WRITE	0x2
#define VM_EXEC		0x4
#define VM_SHARED	0x8
#define VM_MAYREAD	0x10
#define VM_MAYWRITE	0x20
#define VM_MAYEXEC	0x40
#define VM_GROWSDOWN	0x100	/* stack: grows down on faults just below it */
#define VM_STACK	VM_GROWSDOWN
#define VM_ACCESS_MASK	(VM_READ | VM_WRITE | VM_EXEC)

struct vm_area_struct {
	unsigned long vm_start, vm_end;	/* [start, end), page aligned */
	unsigned long vm_flags;
	struct file *vm_file;		/* file mapping (holds a reference), or NULL: anonymous */
	pgoff_t vm_pgoff;		/* file page mapped at vm_start */
	struct mm_struct *vm_mm;
	struct page *vm_special_page;	/* kernel-provided page (signal trampoline), or NULL */
	struct list_head vm_list;	/* mm->mmap, sorted by address */
};

struct mm_struct {
	u64 *pgd;			/* level-0 translation table (linear-map address) */
	u16 asid;
	struct mutex mmap_lock;		/* protects the VMA list and page-table contents */
	struct list_head mmap;		/* VMAs, sorted */
	int map_count;
	atomic_t mm_users;		/* tasks using this mm (threads, vfork children) */
	unsigned long start_code, end_code, start_data, end_data;
	unsigned long start_brk, brk, start_stack;
	unsigned long arg_start, arg_end, env_start, env_end;
	unsigned long mmap_base;	/* top of the mmap area (grows down) */
	unsigned long rss;		/* resident pages */
	struct file *exe_file;
	unsigned long sigpage;		/* user address of the signal-return trampoline */
	unsigned long saved_auxv[48];
};

#endif
