/*
 * kmalloc: power-of-two caches from 16 to 2048 bytes.  Each cache keeps a list of slab
 * pages with free objects; a free object holds the pointer to the next one.  Requests
 * above 2048 bytes get whole pages from the buddy allocator (page->order remembers the
 * size for kfree).  One spinlock per cache.
 */
#include <anvil/slab.h>
#include <anvil/spinlock.h>
#include <anvil/string.h>
#include <anvil/printk.h>

#define KMALLOC_MIN_SHIFT	4
#define KMALLOC_MAX_SHIFT	11
#define NR_CACHES		(KMALLOC_MAX_SHIFT - KMALLOC_MIN_SHIFT + 1)

struct kmem_cache {
	spinlock_t lock;		/* protects partial and the slab pages' freelists */
	unsigned int size;
	struct list_head partial;	/* slab pages with at least one free object */
};

static struct kmem_cache caches[NR_CACHES];

void kmalloc_init(void)
{
	for (int i = 0; i < NR_CACHES; i++) {
		spin_lock_init(&caches[i].lock);
		caches[i].size = 1U << (i + KMALLOC_MIN_SHIFT);
		INIT_LIST_HEAD(&caches[i].partial);
	}
}

static struct page *new_slab(struct kmem_cache *c)
{
	struct page *pg = alloc_page(GFP_KERNEL);
	char *base;

	if (!pg)
		return NULL;
	base = page_address(pg);
	pg->flags |= PG_slab;
	pg->private = c;
	pg->inuse = 0;
	pg->freelist = NULL;
	for (unsigned int off = PAGE_SIZE - c->size;; off -= c->size) {
		*(void **)(base + off) = pg->freelist;
		pg->freelist = base + off;
		if (off == 0)
			break;
	}
	return pg;
}

void *kmalloc(size_t size, gfp_t gfp)
{
	struct kmem_cache *c;
	struct page *pg;
	unsigned long flags;
	void *obj;
	int idx = 0;

	if (size > (1U << KMALLOC_MAX_SHIFT)) {
		unsigned int order = 0;
		while ((PAGE_SIZE << order) < size)
			order++;
		pg = alloc_pages(gfp, order);
		return pg ? page_address(pg) : NULL;
	}
	while ((1U << (idx + KMALLOC_MIN_SHIFT)) < size)
		idx++;
	c = &caches[idx];

	spin_lock_irqsave(&c->lock, flags);
	if (list_empty(&c->partial)) {
		spin_unlock_irqrestore(&c->lock, flags);
		pg = new_slab(c);
		if (!pg)
			return NULL;
		spin_lock_irqsave(&c->lock, flags);
		list_add(&pg->lru, &c->partial);
	}
	pg = list_first_entry(&c->partial, struct page, lru);
	obj = pg->freelist;
	pg->freelist = *(void **)obj;
	pg->inuse++;
	if (!pg->freelist)
		list_del_init(&pg->lru);
	spin_unlock_irqrestore(&c->lock, flags);

	if (gfp & __GFP_ZERO)
		memset(obj, 0, c->size);
	return obj;
}

void kfree(const void *p)
{
	struct page *pg;
	struct kmem_cache *c;
	unsigned long flags;
	bool was_full, empty;

	if (!p)
		return;
	pg = virt_to_page(p);
	if (!(pg->flags & PG_slab)) {
		__free_pages(pg, pg->order);
		return;
	}
	c = pg->private;
	spin_lock_irqsave(&c->lock, flags);
	was_full = pg->freelist == NULL;
	*(void **)p = pg->freelist;
	pg->freelist = (void *)p;
	pg->inuse--;
	empty = pg->inuse == 0;
	if (empty) {
		if (!was_full)
			list_del_init(&pg->lru);
	} else if (was_full) {
		list_add(&pg->lru, &c->partial);
	}
	spin_unlock_irqrestore(&c->lock, flags);
	if (empty) {
		pg->flags &= ~PG_slab;
		__free_pages(pg, 0);
	}
}

char *kstrdup(const char *s, gfp_t gfp)
{
	size_t n = strlen(s) + 1;
	char *d = kmalloc(n, gfp);

	if (d)
		memcpy(d, s, n);
	return d;
}
