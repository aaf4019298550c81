/* kmalloc: power-of-two size classes carved from pages (mm/slab.c); larger requests
 * come straight from the buddy allocator.  Safe from any context with GFP_ATOMIC. */
#ifndef ANVIL_SLAB_H
#define ANVIL_SLAB_H

#include <anvil/mm.h>

/* Allocate @size bytes aligned to min(size rounded to a power of two, PAGE_SIZE).
 * Returns NULL when out of memory. */
void *kmalloc(size_t size, gfp_t gfp);
static inline void *kzalloc(size_t size, gfp_t gfp) { return kmalloc(size, gfp | __GFP_ZERO); }
static inline void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	if (size && n > (size_t)-1 / size)
		return NULL;
	return kzalloc(n * size, gfp);
}
/* Free memory from kmalloc(); NULL is ignored. */
void kfree(const void *p);
char *kstrdup(const char *s, gfp_t gfp);

#endif
