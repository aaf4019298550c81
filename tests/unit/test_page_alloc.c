// sources: mm/page_alloc.c
/* Buddy allocator invariants over a 1 MiB host array standing in for RAM. */
#include "unit.h"
#include <anvil/mm.h>

#define NPAGES 256
static unsigned char ram[NPAGES * PAGE_SIZE] __attribute__((aligned(4096)));
static struct page map[NPAGES];
unsigned long linear_map_offset;

/* The first @nfree pages go to the allocator, the rest stay reserved, as memblock does.
 * mem_map starts as garbage: page_alloc_init() must never rely on it being cleared. */
static void setup(unsigned long nfree)
{
	/* RAM is taken to start at physical 1 MiB, so phys_to_virt lands in ram[] */
	linear_map_offset = (unsigned long)ram - 0x100000;
	memset(map, 0xa5, sizeof(map));
	page_alloc_init(map, 0x100000 >> PAGE_SHIFT, NPAGES);
	page_alloc_free_range(0x100000 >> PAGE_SHIFT, nfree);
	if (nfree < NPAGES)
		page_alloc_mark_reserved((0x100000 >> PAGE_SHIFT) + nfree, NPAGES - nfree);
}

static void test_free_range_not_block_aligned(void)
{
	struct page *p[NPAGES];
	int n = 0;

	linear_map_offset = (unsigned long)ram - 0x100000;
	memset(map, 0x5a, sizeof(map));
	page_alloc_init(map, 0x100000 >> PAGE_SHIFT, NPAGES);
	page_alloc_mark_reserved(0x100000 >> PAGE_SHIFT, 3);		/* odd-sized holes */
	page_alloc_free_range((0x100000 >> PAGE_SHIFT) + 3, 100);
	page_alloc_mark_reserved((0x100000 >> PAGE_SHIFT) + 103, NPAGES - 103);
	CHECK_EQ(nr_free_pages(), 100);
	while ((p[n] = alloc_page(GFP_KERNEL)) != NULL) {
		unsigned long idx = page_to_pfn(p[n]) - (0x100000 >> PAGE_SHIFT);
		CHECK(idx >= 3 && idx < 103);
		n++;
	}
	CHECK_EQ(n, 100);
	while (n--)
		put_page(p[n]);
	CHECK_EQ(nr_free_pages(), 100);
	p[0] = alloc_pages(GFP_KERNEL, 5);	/* 32..63 and 64..95 are whole aligned blocks */
	CHECK(p[0] != NULL);
}

static void test_all_free_after_init(void)
{
	setup(NPAGES);
	CHECK_EQ(nr_free_pages(), NPAGES);
	CHECK_EQ(nr_total_pages(), NPAGES);
}

static void test_alloc_free_roundtrip(void)
{
	struct page *p[NPAGES];

	setup(NPAGES);
	for (int i = 0; i < NPAGES; i++) {
		p[i] = alloc_page(GFP_KERNEL);
		CHECK(p[i] != NULL);
	}
	CHECK(alloc_page(GFP_KERNEL) == NULL);	/* exhausted */
	CHECK_EQ(nr_free_pages(), 0);
	for (int i = 0; i < NPAGES; i++)
		put_page(p[i]);
	CHECK_EQ(nr_free_pages(), NPAGES);
	/* everything merged back: the largest block is available again */
	p[0] = alloc_pages(GFP_KERNEL, 8);
	CHECK(p[0] != NULL);
	__free_pages(p[0], 8);
}

static void test_distinct_and_aligned(void)
{
	struct page *a, *b;

	setup(NPAGES);
	a = alloc_pages(GFP_KERNEL, 3);
	b = alloc_pages(GFP_KERNEL, 3);
	CHECK(a && b && a != b);
	CHECK_EQ((page_to_pfn(a) - (0x100000 >> PAGE_SHIFT)) % 8, 0);
	CHECK(a + 8 <= b || b + 8 <= a);	/* no overlap */
	CHECK_EQ(page_count(a), 1);
	__free_pages(a, 3);
	__free_pages(b, 3);
	CHECK_EQ(nr_free_pages(), NPAGES);
}

static void test_zeroing_and_refcount(void)
{
	struct page *p;
	unsigned char *va;

	setup(NPAGES);
	memset(ram, 0xaa, sizeof(ram));
	p = alloc_page(GFP_KERNEL | __GFP_ZERO);
	va = page_address(p);
	CHECK(va >= ram && va < ram + sizeof(ram));
	CHECK(va[0] == 0 && va[PAGE_SIZE - 1] == 0);
	get_page(p);
	put_page(p);
	CHECK_EQ(nr_free_pages(), NPAGES - 1);	/* still referenced once */
	put_page(p);
	CHECK_EQ(nr_free_pages(), NPAGES);
}

static void test_reserved_pages_never_handed_out(void)
{
	struct page *p;
	int got = 0;

	setup(NPAGES / 2);	/* upper half stays reserved */
	while ((p = alloc_page(GFP_KERNEL)) != NULL) {
		CHECK(page_to_pfn(p) < (0x100000 >> PAGE_SHIFT) + NPAGES / 2);
		got++;
	}
	CHECK_EQ(got, NPAGES / 2);
}

static void test_oversized_order_fails(void)
{
	setup(NPAGES);
	CHECK(alloc_pages(GFP_KERNEL, MAX_ORDER) == NULL);
	CHECK(alloc_pages(GFP_KERNEL, 9) == NULL);	/* 512 pages > 256 present */
}

UNIT_TEST(test_all_free_after_init);
UNIT_TEST(test_alloc_free_roundtrip);
UNIT_TEST(test_distinct_and_aligned);
UNIT_TEST(test_zeroing_and_refcount);
UNIT_TEST(test_reserved_pages_never_handed_out);
UNIT_TEST(test_oversized_order_fails);
UNIT_TEST(test_free_range_not_block_aligned);
UNIT_MAIN()
