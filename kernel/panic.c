/* panic(): report an unrecoverable kernel error with a backtrace and stop all CPUs. */
#include <anvil/printk.h>
#include <anvil/power.h>
#include <anvil/spinlock.h>
#include <anvil/sched.h>

void dump_backtrace(unsigned long fp, unsigned long pc);

void panic(const char *fmt, ...)
{
	va_list ap;
	char msg[256];

	local_irq_disable();
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_err("Kernel panic - not syncing: %s\n", msg);
	pr_err("CPU: %d PID: %d Comm: %s\n", this_cpu()->id, current->pid, current->comm);
	dump_backtrace((unsigned long)__builtin_frame_address(0), (unsigned long)__builtin_return_address(0));
	pr_err("---[ end Kernel panic - not syncing: %s ]---\n", msg);
	machine_halt();
}
