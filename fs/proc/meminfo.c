/* /proc/meminfo: memory use in Linux's field names and kB units.  Counted when read:
 * free and total pages from the page allocator, tmpfs data from the tmpfs instances'
 * statfs (Shmem, and Cached since tmpfs pages are page cache), anonymous and slab pages
 * by a pass over mem_map (PG_anon, PG_slab), kernel stacks from the task count.
 * What Anvil does not have is reported as such: no swap, no buffer cache, no
 * reclaimable memory (so MemAvailable is MemFree), no LRU aging (every user page is
 * counted Active), no huge pages.  Fields Anvil cannot count yet (Mapped, PageTables,
 * Committed_AS, Vmalloc*) are left out rather than made up; kmalloc blocks above 2 KiB
 * are not in Slab.
 * Relies on: the page allocator (mm.h), super blocks (iterate_supers). */
#include <anvil/fs.h>
#include <anvil/mm.h>
#include <anvil/sched.h>
#include <linux/magic.h>
#include "../internal.h"
#include "internal.h"

struct page_census {
	unsigned long anon, slab, shmem;
};

static void count_tmpfs(struct super_block *sb, void *arg)
{
	struct page_census *c = arg;
	struct kstatfs st = { 0 };

	if (sb->s_magic != TMPFS_MAGIC || !sb->s_op->statfs || sb->s_op->statfs(sb->s_root, &st))
		return;
	c->shmem += (st.f_blocks - st.f_bfree) * (st.f_bsize / PAGE_SIZE);
}

static void count_pages(struct page_census *c)
{
	for (unsigned long i = 0; i < mem_nr_pages; i++) {
		unsigned long flags = READ_ONCE(mem_map[i].flags);

		c->anon += !!(flags & PG_anon);
		c->slab += !!(flags & PG_slab);
	}
	iterate_supers(count_tmpfs, c);
}

static void show(struct proc_buf *b, const char *name, unsigned long pages)
{
	pb_printf(b, "%-16s%8lu kB\n", name, pages << (PAGE_SHIFT - 10));
}

int proc_meminfo_show(struct proc_buf *b, struct inode *inode)
{
	struct page_census c = { 0, 0, 0 };
	struct proc_task_counts tasks;
	unsigned long free = nr_free_pages();

	count_pages(&c);
	proc_count_tasks(&tasks);
	show(b, "MemTotal:", nr_total_pages());
	show(b, "MemFree:", free);
	show(b, "MemAvailable:", free);
	show(b, "Buffers:", 0);
	show(b, "Cached:", c.shmem);
	show(b, "SwapCached:", 0);
	show(b, "Active:", c.anon + c.shmem);
	show(b, "Inactive:", 0);
	show(b, "Active(anon):", c.anon + c.shmem);
	show(b, "Inactive(anon):", 0);
	show(b, "Active(file):", 0);
	show(b, "Inactive(file):", 0);
	show(b, "Unevictable:", 0);
	show(b, "Mlocked:", 0);
	show(b, "SwapTotal:", 0);
	show(b, "SwapFree:", 0);
	show(b, "Dirty:", 0);
	show(b, "Writeback:", 0);
	show(b, "AnonPages:", c.anon);
	show(b, "Shmem:", c.shmem);
	show(b, "KReclaimable:", 0);
	show(b, "Slab:", c.slab);
	show(b, "SReclaimable:", 0);
	show(b, "SUnreclaim:", c.slab);
	pb_printf(b, "%-16s%8lu kB\n", "KernelStack:", tasks.total * (KERNEL_STACK_SIZE >> 10));
	return 0;
}
