/* Device tree access (drivers/of.c) on top of libfdt. */
#ifndef ANVIL_OF_H
#define ANVIL_OF_H

#include <anvil/types.h>

extern const void *fdt;		/* the flattened device tree, via the linear map */

/* Validate and remember the DTB at physical address @pa.  0 or -EINVAL. */
int of_init(phys_addr_t pa);
/* Offset of the first enabled node (status absent or "okay") compatible with @compat
 * after @from (-1 to start), or a negative libfdt error. */
int of_find_compatible(int from, const char *compat);
/* Entry @index of node's "reg", decoded with the parent's #address-cells/#size-cells.
 * 0 or -ENOENT. */
int of_reg(int node, int index, u64 *addr, u64 *size);
/* GIC interrupt ID (SPI n -> 32+n, PPI n -> 16+n) of "interrupts" entry @index, or -ENOENT. */
int of_irq(int node, int index);
/* String property, or NULL. */
const char *of_get_string(int node, const char *prop);
/* Big-endian cell-sized property read; @def when absent. */
u64 of_get_u64(int node, const char *prop, u64 def);

#endif
