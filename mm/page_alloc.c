/*
 * Buddy page allocator.  Free blocks of 2^order pages sit on per-order free lists; a
 * block's buddy is found by flipping bit `order` of its page frame number relative to
 * mem_base_pfn.  Freeing merges with free buddies.  A single lock protects the lists
 * (per-CPU page caches can go in front of it when SMP makes it hot).
 * Portable C: the host unit test drives it over a fake mem_map.
 */
#include <anvil/mm.h>
#include <anvil/spinlock.h>
#include <anvil/string.h>
#include <anvil/printk.h>

struct page *mem_map;
unsigned long mem_base_pfn, mem_nr_pages;

static struct list_head free_area[MAX_ORDER];
static unsigned long nr_free, nr_managed;
static DEFINE_SPINLOCK(zone_lock);	/* protects free_area, nr_free, PG_buddy/order */

/* Prepare mem_map (already allocated by the caller) for @nr pages starting at @base_pfn.
 * mem_map is NOT cleared (touching all of it is most of the boot time): a struct page
 * is only ever read once written.  page_alloc_free_range() writes the head of every
 * free block, alloc_pages() every page it hands out, and page_alloc_mark_reserved()
 * every page that is neither (reserved ranges, holes).  The buddy of a block being
 * freed is always such a head, an allocated page or a reserved page: a page strictly
 * inside a free block is never a buddy candidate, because that block would contain
 * the page being freed too. */
void page_alloc_init(struct page *map, unsigned long base_pfn, unsigned long nr)
{
	mem_map = map;
	mem_base_pfn = base_pfn;
	mem_nr_pages = nr;
	nr_free = nr_managed = 0;
	for (int o = 0; o < MAX_ORDER; o++)
		INIT_LIST_HEAD(&free_area[o]);
}

static inline struct page *buddy_of(struct page *p, unsigned int order)
{
	unsigned long idx = p - mem_map;
	unsigned long bidx = idx ^ (1UL << order);

	return bidx < mem_nr_pages ? mem_map + bidx : NULL;
}

/* Insert a free block, merging with free buddies.  Caller holds zone_lock. */
static void free_block_locked(struct page *p, unsigned int order)
{
	while (order < MAX_ORDER - 1) {
		struct page *b = buddy_of(p, order);

		if (!b || !(b->flags & PG_buddy) || b->order != order)
			break;
		list_del_init(&b->lru);
		b->flags &= ~PG_buddy;
		if (b < p)
			p = b;
		order++;
	}
	p->flags = PG_buddy;
	p->order = order;
	atomic_set(&p->refcount, 0);
	list_add(&p->lru, &free_area[order]);
}

/* Give pages [pfn, pfn+nr) to the allocator (boot time, or freed initrd): in the largest
 * naturally aligned blocks that fit, so boot does not merge page by page. */
void page_alloc_free_range(unsigned long pfn, unsigned long nr)
{
	unsigned long flags, end = pfn + nr;

	spin_lock_irqsave(&zone_lock, flags);
	while (pfn < end) {
		unsigned long idx = pfn - mem_base_pfn;
		unsigned int order = 0;

		while (order + 1 < MAX_ORDER && !(idx & ((2UL << order) - 1)) && pfn + (2UL << order) <= end)
			order++;
		free_block_locked(pfn_to_page(pfn), order);
		nr_free += 1UL << order;
		nr_managed += 1UL << order;
		pfn += 1UL << order;
	}
	spin_unlock_irqrestore(&zone_lock, flags);
}

/* Tag [pfn, pfn+nr) as never managed by the allocator (kernel image, mem_map, DTB). */
void page_alloc_mark_reserved(unsigned long pfn, unsigned long nr)
{
	for (unsigned long i = 0; i < nr; i++)
		*pfn_to_page(pfn + i) = (struct page){ .flags = PG_reserved };
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	unsigned long flags;
	unsigned int o;
	struct page *p;

	if (order >= MAX_ORDER)
		return NULL;
	spin_lock_irqsave(&zone_lock, flags);
	for (o = order; o < MAX_ORDER && list_empty(&free_area[o]); o++)
		;
	if (o == MAX_ORDER) {
		spin_unlock_irqrestore(&zone_lock, flags);
		return NULL;
	}
	p = list_first_entry(&free_area[o], struct page, lru);
	list_del_init(&p->lru);
	p->flags &= ~PG_buddy;
	while (o > order) {		/* split, returning upper halves */
		o--;
		struct page *half = p + (1UL << o);
		half->flags = PG_buddy;
		half->order = o;
		list_add(&half->lru, &free_area[o]);
	}
	nr_free -= 1UL << order;
	spin_unlock_irqrestore(&zone_lock, flags);

	for (unsigned long i = 0; i < (1UL << order); i++) {
		p[i].flags = 0;
		p[i].private = NULL;
		p[i].index = 0;
		atomic_set(&p[i].refcount, i == 0);
	}
	p->order = order;
	if (gfp & __GFP_ZERO)
		memset(page_address(p), 0, PAGE_SIZE << order);
	return p;
}

void __free_pages(struct page *p, unsigned int order)
{
	unsigned long flags;

	BUG_ON(p->flags & (PG_buddy | PG_reserved));
	atomic_set(&p->refcount, 0);
	p->flags = 0;
	spin_lock_irqsave(&zone_lock, flags);
	free_block_locked(p, order);
	nr_free += 1UL << order;
	spin_unlock_irqrestore(&zone_lock, flags);
}

void put_page(struct page *p)
{
	if (atomic_dec_and_test(&p->refcount))
		__free_pages(p, 0);
}

void *get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *p = alloc_pages(gfp, order);

	return p ? page_address(p) : NULL;
}

void free_pages(void *addr, unsigned int order)
{
	if (addr)
		__free_pages(virt_to_page(addr), order);
}

unsigned long nr_free_pages(void)
{
	return READ_ONCE(nr_free);
}

unsigned long nr_total_pages(void)
{
	return READ_ONCE(nr_managed);
}
