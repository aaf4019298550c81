/* Kernel symbol table (kernel/kallsyms.c). */
#ifndef ANVIL_KALLSYMS_H
#define ANVIL_KALLSYMS_H

/* Name of the function containing @addr and the offset into it, or NULL. */
const char *kallsyms_lookup(unsigned long addr, unsigned long *offset);

#endif
