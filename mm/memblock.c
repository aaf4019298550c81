/* Boot memory map: a few RAM and reserved ranges, searched linearly (there are only
 * ever a handful).  Used once at boot, then the buddy allocator takes over. */
#include <anvil/memblock.h>
#include <anvil/mm.h>
#include <anvil/printk.h>
#include <anvil/string.h>

struct region {
	phys_addr_t base;
	u64 size;
};

#define MAX_REGIONS 32
static struct region memory[MAX_REGIONS], reserved[MAX_REGIONS];
static int nr_memory, nr_reserved;

static void add_region(struct region *r, int *n, phys_addr_t base, u64 size)
{
	if (!size)
		return;
	if (*n == MAX_REGIONS) {
		pr_warn("memblock: too many regions, ignoring %#lx+%#lx\n", base, (unsigned long)size);
		return;
	}
	r[*n].base = base;
	r[(*n)++].size = size;
}

void memblock_add(phys_addr_t base, u64 size)
{
	add_region(memory, &nr_memory, base, size);
}

void memblock_reserve(phys_addr_t base, u64 size)
{
	add_region(reserved, &nr_reserved, ALIGN_DOWN(base, PAGE_SIZE),
		   PAGE_ALIGN(base + size) - ALIGN_DOWN(base, PAGE_SIZE));
}

static bool overlaps_reserved(phys_addr_t base, u64 size)
{
	for (int i = 0; i < nr_reserved; i++)
		if (base < reserved[i].base + reserved[i].size && reserved[i].base < base + size)
			return true;
	return false;
}

phys_addr_t memblock_alloc(u64 size, u64 align)
{
	for (int i = 0; i < nr_memory; i++) {
		phys_addr_t end = memory[i].base + memory[i].size;
		phys_addr_t a = ALIGN(memory[i].base, align);

		while (a + size <= end) {
			if (!overlaps_reserved(a, size)) {
				memblock_reserve(a, size);
				return a;
			}
			a += align > PAGE_SIZE ? align : PAGE_SIZE;
		}
	}
	return 0;
}

phys_addr_t memblock_start(void)
{
	phys_addr_t s = ~0UL;

	for (int i = 0; i < nr_memory; i++)
		if (memory[i].base < s)
			s = memory[i].base;
	return s;
}

phys_addr_t memblock_end(void)
{
	phys_addr_t e = 0;

	for (int i = 0; i < nr_memory; i++)
		if (memory[i].base + memory[i].size > e)
			e = memory[i].base + memory[i].size;
	return e;
}

u64 memblock_total(void)
{
	u64 t = 0;

	for (int i = 0; i < nr_memory; i++)
		t += memory[i].size;
	return t;
}

static void sort_reserved(void)
{
	for (int i = 1; i < nr_reserved; i++)
		for (int j = i; j > 0 && reserved[j].base < reserved[j - 1].base; j--) {
			struct region t = reserved[j];
			reserved[j] = reserved[j - 1];
			reserved[j - 1] = t;
		}
}

static void free_pages_between(phys_addr_t start, phys_addr_t end)
{
	start = PAGE_ALIGN(start);
	end = ALIGN_DOWN(end, PAGE_SIZE);
	if (end > start)
		page_alloc_free_range(start >> PAGE_SHIFT, (end - start) >> PAGE_SHIFT);
}

/* Everything in mem_map's span that the allocator does not own: reserved ranges and
 * holes between RAM ranges (see page_alloc_init() for why they must be written). */
static void mark_unmanaged(void)
{
	phys_addr_t cur = memblock_start(), end = memblock_end();

	for (int r = 0; r < nr_reserved; r++) {
		phys_addr_t rb = max(reserved[r].base, cur), re = min(reserved[r].base + reserved[r].size, end);
		if (re > rb)
			page_alloc_mark_reserved(rb >> PAGE_SHIFT, (re - rb) >> PAGE_SHIFT);
	}
	for (phys_addr_t a = cur; a < end; a += PAGE_SIZE) {	/* holes: rare, usually none */
		bool ram = false;
		for (int i = 0; i < nr_memory && !ram; i++)
			ram = a >= memory[i].base && a < memory[i].base + memory[i].size;
		if (!ram)
			page_alloc_mark_reserved(a >> PAGE_SHIFT, 1);
		else if (nr_memory == 1)
			break;	/* a single range has no holes */
	}
}

void memblock_init_page_alloc(void)
{
	unsigned long base_pfn = memblock_start() >> PAGE_SHIFT;
	unsigned long nr = (memblock_end() >> PAGE_SHIFT) - base_pfn;
	u64 map_size = PAGE_ALIGN(nr * sizeof(struct page));
	phys_addr_t map = memblock_alloc(map_size, PAGE_SIZE);

	if (!map)
		panic("memblock: no room for mem_map (%lu pages)", nr);
	page_alloc_init(phys_to_virt(map), base_pfn, nr);
	sort_reserved();
	/* every RAM range minus the (sorted) reserved ranges goes to the buddy allocator */
	for (int i = 0; i < nr_memory; i++) {
		phys_addr_t cur = memory[i].base, end = memory[i].base + memory[i].size;

		for (int r = 0; r < nr_reserved && cur < end; r++) {
			phys_addr_t rb = reserved[r].base, re = rb + reserved[r].size;

			if (re <= cur)
				continue;
			if (rb >= end)
				break;
			if (rb > cur)
				free_pages_between(cur, rb);
			cur = re;
		}
		if (cur < end)
			free_pages_between(cur, end);
	}
	mark_unmanaged();
}
