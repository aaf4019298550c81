/* Scheduler statistics: /proc/stat, /proc/uptime and /proc/loadavg.
 * The load average is Linux's: every 5 seconds a timer counts the runnable and
 * uninterruptible tasks and folds the count into three exponentially-decaying averages
 * (1, 5 and 15 minutes) in 11-bit fixed point.
 * Not counted by Anvil: interrupts and softirqs (reported as 0), nice, iowait, irq and
 * steal time (0), tasks blocked on I/O (0: there is no block I/O yet).
 * Relies on: the scheduler's per-CPU times and counters (cpu_usage, nr_context_switches,
 * nr_forks, last_allocated_pid), the task list, kernel timers. */
#include <anvil/fs.h>
#include <anvil/sched.h>
#include <anvil/time.h>
#include <anvil/timer.h>
#include <anvil/spinlock.h>
#include "internal.h"

#define FSHIFT		11			/* bits of precision */
#define FIXED_1		(1UL << FSHIFT)
#define LOAD_FREQ	(5 * NSEC_PER_SEC + NSEC_PER_SEC / HZ)	/* Linux's 5 s + 1 tick */
#define EXP_1		1884			/* FIXED_1 / exp(5 s / 1 min) */
#define EXP_5		2014			/* FIXED_1 / exp(5 s / 5 min) */
#define EXP_15		2037			/* FIXED_1 / exp(5 s / 15 min) */

static unsigned long avenrun[3];		/* fixed point; under loadavg_lock */
static DEFINE_SPINLOCK(loadavg_lock);
static struct timer_list loadavg_timer;

int proc_stat_show(struct proc_buf *b, struct inode *inode)
{
	struct cpu_usage u[PROC_NR_CPUS], sum = { 0, 0, 0 };
	struct proc_task_counts tasks;
	u64 boot = (ktime_get_real_ns() - ktime_get_ns()) / NSEC_PER_SEC;

	for (int cpu = 0; cpu < PROC_NR_CPUS; cpu++) {
		cpu_usage(cpu, &u[cpu]);
		sum.user += u[cpu].user;
		sum.system += u[cpu].system;
		sum.idle += u[cpu].idle;
	}
	pb_printf(b, "cpu  %lu 0 %lu %lu 0 0 0 0 0 0\n", sum.user, sum.system, sum.idle);
	for (int cpu = 0; cpu < PROC_NR_CPUS; cpu++)
		pb_printf(b, "cpu%d %lu 0 %lu %lu 0 0 0 0 0 0\n", cpu, u[cpu].user,
			  u[cpu].system, u[cpu].idle);
	proc_count_tasks(&tasks);
	pb_printf(b, "intr 0\nctxt %lu\nbtime %lu\nprocesses %lu\nprocs_running %u\n"
		  "procs_blocked 0\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n", nr_context_switches(),
		  boot, nr_forks(), tasks.running);
	return 0;
}

/* Seconds since boot, and idle seconds summed over the CPUs, with two decimals. */
int proc_uptime_show(struct proc_buf *b, struct inode *inode)
{
	u64 up = ktime_get_ns() / (NSEC_PER_SEC / 100), idle = 0;
	struct cpu_usage u;

	for (int cpu = 0; cpu < PROC_NR_CPUS; cpu++) {
		cpu_usage(cpu, &u);
		idle += u.idle * 100 / HZ;
	}
	pb_printf(b, "%lu.%02lu %lu.%02lu\n", up / 100, up % 100, idle / 100, idle % 100);
	return 0;
}

static unsigned long calc_load(unsigned long load, unsigned long exp, unsigned long active)
{
	unsigned long next = load * exp + active * (FIXED_1 - exp);

	if (active >= load)
		next += FIXED_1 - 1;		/* round up while rising, as Linux */
	return next / FIXED_1;
}

/* Timer (IRQ context): sample the number of active tasks. */
static void loadavg_sample(struct timer_list *timer)
{
	struct proc_task_counts tasks;
	unsigned long active;

	proc_count_tasks(&tasks);
	active = (tasks.running + tasks.uninterruptible) * FIXED_1;
	spin_lock(&loadavg_lock);
	avenrun[0] = calc_load(avenrun[0], EXP_1, active);
	avenrun[1] = calc_load(avenrun[1], EXP_5, active);
	avenrun[2] = calc_load(avenrun[2], EXP_15, active);
	spin_unlock(&loadavg_lock);
	mod_timer(timer, timer->expires + LOAD_FREQ);
}

void proc_loadavg_init(void)
{
	INIT_LIST_HEAD(&loadavg_timer.entry);
	loadavg_timer.fn = loadavg_sample;
	mod_timer(&loadavg_timer, ktime_get_ns() + LOAD_FREQ);
}

/* "1min 5min 15min running/threads last-pid", averages rounded to 2 decimals. */
int proc_loadavg_show(struct proc_buf *b, struct inode *inode)
{
	struct proc_task_counts tasks;
	unsigned long avg[3], flags;

	spin_lock_irqsave(&loadavg_lock, flags);
	for (int i = 0; i < 3; i++)
		avg[i] = avenrun[i] + FIXED_1 / 200;
	spin_unlock_irqrestore(&loadavg_lock, flags);
	proc_count_tasks(&tasks);
	for (int i = 0; i < 3; i++)
		pb_printf(b, "%lu.%02lu ", avg[i] >> FSHIFT, ((avg[i] & (FIXED_1 - 1)) * 100) >> FSHIFT);
	pb_printf(b, "%u/%u %d\n", tasks.running, tasks.total, last_allocated_pid());
	return 0;
}
