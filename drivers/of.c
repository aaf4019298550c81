/* Device tree helpers: the small set of queries drivers need, on top of libfdt
 * (Devicetree Specification v0.4, sections 2.3 "reg", 2.4 interrupts; the GIC binding's
 * 3-cell interrupt specifier). */
#include <anvil/of.h>
#include <anvil/errno.h>
#include <anvil/mm.h>
#include <anvil/string.h>
#include <anvil/printk.h>
#include <libfdt.h>

const void *fdt;

/* libfdt was built with the stack protector; give it a guard and a handler. */
unsigned long __stack_chk_guard = 0x595e9fbd94fda766UL;
void __stack_chk_fail(void);
void __stack_chk_fail(void)
{
	panic("stack protector: corrupted stack in libfdt");
}

int of_init(phys_addr_t pa)
{
	const void *blob = phys_to_virt(pa);

	if (!pa || fdt_check_header(blob))
		return -EINVAL;
	fdt = blob;
	return 0;
}

static bool node_enabled(int node)
{
	const char *st = fdt_getprop(fdt, node, "status", NULL);

	return !st || !strcmp(st, "okay") || !strcmp(st, "ok");
}

int of_find_compatible(int from, const char *compat)
{
	int node = from;

	do
		node = fdt_node_offset_by_compatible(fdt, node, compat);
	while (node >= 0 && !node_enabled(node));
	return node;
}

static u64 read_cells(const fdt32_t *p, int n)
{
	u64 v = 0;

	while (n--)
		v = (v << 32) | fdt32_to_cpu(*p++);
	return v;
}

int of_reg(int node, int index, u64 *addr, u64 *size)
{
	int parent = fdt_parent_offset(fdt, node);
	int ac = fdt_address_cells(fdt, parent), sc = fdt_size_cells(fdt, parent);
	int len;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

	if (!reg || ac < 1 || ac > 2 || sc < 0 || sc > 2)
		return -ENOENT;
	if ((index + 1) * (ac + sc) * 4 > len)
		return -ENOENT;
	reg += index * (ac + sc);
	*addr = read_cells(reg, ac);
	if (size)
		*size = read_cells(reg + ac, sc);
	return 0;
}

int of_irq(int node, int index)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, "interrupts", &len);

	if (!p || (index + 1) * 12 > len)
		return -ENOENT;
	p += index * 3;
	return fdt32_to_cpu(p[1]) + (fdt32_to_cpu(p[0]) == 1 ? 16 : 32);
}

const char *of_get_string(int node, const char *prop)
{
	return fdt_getprop(fdt, node, prop, NULL);
}

u64 of_get_u64(int node, const char *prop, u64 def)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, prop, &len);

	if (!p)
		return def;
	return len >= 8 ? read_cells(p, 2) : fdt32_to_cpu(*p);
}
