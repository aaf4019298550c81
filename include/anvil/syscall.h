/* Syscall registration.  A subsystem defines `long sys_NAME(...)` next to what it
 * implements and registers it with SYSCALL(NAME, sys_NAME); the entry lands in the
 * .syscalls section and kernel/syscall.c builds the dispatch table from it at boot.
 * Arguments arrive as the six x0..x5 registers; the return value is the result or a
 * negative errno.  Numbers are Linux's, from <asm/unistd.h>. */
#ifndef ANVIL_SYSCALL_H
#define ANVIL_SYSCALL_H

#include <asm/unistd.h>

struct syscall_entry {
	unsigned int nr;
	void *fn;
	const char *name;
};

#define SYSCALL(name, fn)							\
	static const struct syscall_entry __syscall_##name			\
	__attribute__((used, section(".syscalls"), aligned(8))) = { __NR_##name, (void *)(fn), #name }

#endif
