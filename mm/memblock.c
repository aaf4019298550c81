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

void memblock_init_page_alloc(void)
{
	unsigned long base_pfn = memblock_start() >> PAGE_SHIFT;
	unsigned long nr = (memblock_end() >> PAGE_SHIFT) - base_pfn;
	u64 map_size = PAGE_ALIGN(nr * sizeof(struct page));
	phys_addr_t map = memblock_alloc(map_size, PAGE_SIZE);

	if (!map)
		panic("memblock: no room for mem_map (%lu pages)", nr);
	page_alloc_init(phys_to_virt(map), base_pfn, nr);
	for (int i = 0; i < nr_memory; i++) {
		unsigned long pfn = PAGE_ALIGN(memory[i].base) >> PAGE_SHIFT;
		unsigned long end = (memory[i].base + memory[i].size) >> PAGE_SHIFT;

		for (; pfn < end; pfn++) {
			unsigned long run = 0;
			while (pfn + run < end && !overlaps_reserved((pfn + run) << PAGE_SHIFT, PAGE_SIZE))
				run++;
			if (run) {
				page_alloc_free_range(pfn, run);
				pfn += run;
			}
		}
	}
}
