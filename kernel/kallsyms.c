/* Symbol lookup for backtraces, over the table scripts/kallsyms builds at link time. */
#include <anvil/kallsyms.h>
#include <anvil/string.h>

extern const unsigned long kallsyms_num;
extern const unsigned long kallsyms_addrs[];
extern const char kallsyms_names[];

const char *kallsyms_lookup(unsigned long addr, unsigned long *offset)
{
	unsigned long lo = 0, hi = kallsyms_num, i;
	const char *name = kallsyms_names;

	if (!hi || addr < kallsyms_addrs[0])
		return NULL;
	while (hi - lo > 1) {		/* last entry with address <= addr */
		unsigned long mid = (lo + hi) / 2;
		if (kallsyms_addrs[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	for (i = 0; i < lo; i++)
		name += strlen(name) + 1;
	*offset = addr - kallsyms_addrs[lo];
	return name;
}
