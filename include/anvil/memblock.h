/* Boot-time physical memory map (mm/memblock.c): RAM ranges from the DTB and reserved
 * ranges (kernel image, DTB, initrd, /reserved-memory), used before the buddy allocator
 * exists and then handed over to it. */
#ifndef ANVIL_MEMBLOCK_H
#define ANVIL_MEMBLOCK_H

#include <anvil/types.h>

void memblock_add(phys_addr_t base, u64 size);
void memblock_reserve(phys_addr_t base, u64 size);
/* Find, reserve and return @size bytes aligned to @align, or 0 if none. */
phys_addr_t memblock_alloc(u64 size, u64 align);
/* Lowest and highest RAM address (end exclusive). */
phys_addr_t memblock_start(void);
phys_addr_t memblock_end(void);
u64 memblock_total(void);
/* Build mem_map over all RAM and free every unreserved page into the buddy allocator. */
void memblock_init_page_alloc(void);

#endif
