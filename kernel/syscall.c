/* System call dispatch: the table is filled at boot from the SYSCALL() entries that each
 * subsystem places in the .syscalls section.  Unknown numbers get -ENOSYS. */
#include <anvil/syscall.h>
#include <anvil/sched.h>
#include <anvil/errno.h>
#include <anvil/printk.h>
#include <arch/ptrace.h>

typedef long (*syscall_fn_t)(unsigned long, unsigned long, unsigned long,
			     unsigned long, unsigned long, unsigned long);

extern const struct syscall_entry __start_syscalls[], __stop_syscalls[];
static syscall_fn_t syscall_table[__NR_syscalls];
static const char *syscall_names[__NR_syscalls];

void syscall_init(void)
{
	for (const struct syscall_entry *e = __start_syscalls; e < __stop_syscalls; e++) {
		if (e->nr >= __NR_syscalls || syscall_table[e->nr])
			panic("syscall: bad or duplicate registration of %s (%u)", e->name, e->nr);
		syscall_table[e->nr] = (syscall_fn_t)e->fn;
		syscall_names[e->nr] = e->name;
	}
}

/* Name of syscall @nr if implemented, else NULL (docs/syscalls.md is generated from this). */
const char *syscall_name(unsigned int nr)
{
	return nr < __NR_syscalls ? syscall_names[nr] : NULL;
}

void do_syscall(struct pt_regs *regs)
{
	unsigned long nr = regs->regs[8];
	long ret = -ENOSYS;

	regs->orig_x0 = regs->regs[0];
	regs->syscallno = nr;
	if (nr < __NR_syscalls && syscall_table[nr])
		ret = syscall_table[nr](regs->regs[0], regs->regs[1], regs->regs[2],
					regs->regs[3], regs->regs[4], regs->regs[5]);
	regs->regs[0] = ret;
}
