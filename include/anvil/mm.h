/* Physical pages: the buddy allocator's interface (mm/page_alloc.c) and page refcounts.
 * Every page of RAM has a struct page in mem_map; page_address() gives its address
 * in the kernel's linear map. */
#ifndef ANVIL_MM_H
#define ANVIL_MM_H

#include <anvil/types.h>
#include <anvil/list.h>
#include <anvil/atomic.h>

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x)	ALIGN((unsigned long)(x), PAGE_SIZE)
#define MAX_ORDER	14	/* largest block: 2^(MAX_ORDER-1) pages = 32 MiB */

/* gfp flags */
#define GFP_KERNEL	0x0u
#define GFP_ATOMIC	0x1u	/* may be called with IRQs off; never sleeps (nothing sleeps yet) */
#define __GFP_ZERO	0x100u	/* zero the returned memory */
#define GFP_USER	GFP_KERNEL

/* page flags */
#define PG_reserved	(1UL << 0)	/* not managed by the allocator (kernel image, DTB...) */
#define PG_buddy	(1UL << 1)	/* free block head in a buddy free list */
#define PG_slab		(1UL << 2)	/* owned by the slab allocator */
#define PG_dirty	(1UL << 3)	/* page-cache page differs from backing store */
#define PG_anon		(1UL << 4)	/* private anonymous user page (may be written in place when unshared) */

struct page {
	unsigned long flags;
	atomic_t refcount;		/* users of the page; freed when it drops to 0 */
	union {
		unsigned int order;	/* buddy order while PG_buddy, or of a compound block */
		unsigned int inuse;	/* PG_slab: objects allocated */
	};
	struct list_head lru;		/* buddy free list, or owner's list */
	void *private;			/* owner's use (slab cache, fs data) */
	union {
		pgoff_t index;		/* owner's use (page-cache index) */
		void *freelist;		/* PG_slab: first free object */
	};
};

extern struct page *mem_map;		/* one entry per page frame from mem_base_pfn */
extern unsigned long mem_base_pfn, mem_nr_pages;
extern unsigned long linear_map_offset;	/* virt = phys + linear_map_offset */

static inline void *phys_to_virt(phys_addr_t pa) { return (void *)(pa + linear_map_offset); }
static inline phys_addr_t virt_to_phys(const void *va) { return (unsigned long)va - linear_map_offset; }
static inline struct page *pfn_to_page(unsigned long pfn) { return mem_map + (pfn - mem_base_pfn); }
static inline unsigned long page_to_pfn(const struct page *p) { return (unsigned long)(p - mem_map) + mem_base_pfn; }
static inline phys_addr_t page_to_phys(const struct page *p) { return page_to_pfn(p) << PAGE_SHIFT; }
static inline void *page_address(const struct page *p) { return phys_to_virt(page_to_phys(p)); }
static inline struct page *virt_to_page(const void *va) { return pfn_to_page(virt_to_phys(va) >> PAGE_SHIFT); }

/* Allocate 2^order contiguous pages with refcount 1.  Returns NULL when out of memory. */
struct page *alloc_pages(gfp_t gfp, unsigned int order);
static inline struct page *alloc_page(gfp_t gfp) { return alloc_pages(gfp, 0); }
/* Return a block obtained from alloc_pages() regardless of its refcount. */
void __free_pages(struct page *page, unsigned int order);
/* Linear-map address of a fresh block, or NULL. */
void *get_free_pages(gfp_t gfp, unsigned int order);
void free_pages(void *addr, unsigned int order);

static inline void get_page(struct page *p) { atomic_inc(&p->refcount); }
/* Drop a reference to an order-0 page; frees it when the last one goes. */
void put_page(struct page *p);
static inline int page_count(struct page *p) { return atomic_read(&p->refcount); }

/* Boot: set up a zeroed mem_map / give a range to the allocator / keep a range out. */
void page_alloc_init(struct page *map, unsigned long base_pfn, unsigned long nr);
void page_alloc_free_range(unsigned long pfn, unsigned long nr);
void page_alloc_mark_reserved(unsigned long pfn, unsigned long nr);

/* Pages free / total, for sysinfo and /proc/meminfo. */
unsigned long nr_free_pages(void);
unsigned long nr_total_pages(void);

#endif
