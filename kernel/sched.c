/*
 * Scheduler: round-robin over a run queue, preemptive at the return to user mode (the
 * tick sets need_resched; kernel code is not preempted).  One run-queue lock serialises
 * wake-ups and switches; it is held across cpu_switch_to() and released by the task
 * that runs next (finish_task_switch), so a sleeping task cannot be woken and run
 * elsewhere before its registers are saved.  Ready for per-CPU queues under SMP.
 */
#include <anvil/sched.h>
#include <anvil/signal.h>
#include <anvil/timer.h>
#include <anvil/time.h>
#include <anvil/pgtable.h>
#include <anvil/printk.h>
#include <anvil/syscall.h>
#include <anvil/uaccess.h>
#include <arch/sysreg.h>
#include <arch/ptrace.h>

struct cpu_data cpu_data[1];
static LIST_HEAD(run_queue);
static DEFINE_SPINLOCK(rq_lock);	/* protects run_queue, on_rq, on_cpu, task state changes by wakers */
static struct cpu_usage cpu_ticks[ARRAY_SIZE(cpu_data)];	/* charged by the tick on its CPU */
static u64 nr_switches;			/* under rq_lock */

struct task_struct *cpu_switch_to(struct task_struct *prev, struct task_struct *next);
void fpsimd_save(struct fpsimd_state *st);
void fpsimd_load(const struct fpsimd_state *st);
void free_dead_task_stack(struct task_struct *t);

static void enqueue(struct task_struct *t)
{
	if (!t->on_rq && t != this_cpu()->idle) {
		list_add_tail(&t->run_list, &run_queue);
		t->on_rq = true;
	}
}

/* Runs in the new task right after the switch, with rq_lock held by the old one. */
static void finish_task_switch(struct task_struct *prev)
{
	prev->on_cpu = false;
	spin_unlock(&rq_lock);
	if (prev->state == TASK_DEAD)
		free_dead_task_stack(prev);
}

/* First thing a new task runs (from ret_from_fork). */
void schedule_tail(struct task_struct *prev)
{
	finish_task_switch(prev);
	local_irq_enable();
	if (current->set_child_tid)
		put_user(task_pid_nr(current), current->set_child_tid);
}

static void context_switch(struct task_struct *prev, struct task_struct *next)
{
	if (prev->mm)
		fpsimd_save(&prev->thread.fpsimd);
	prev->thread.tp_value = read_sysreg(tpidr_el0);
	if (next->mm != prev->mm || !next->mm)
		switch_mm(next->mm);
	write_sysreg(next->thread.tp_value, tpidr_el0);
	if (next->mm)
		fpsimd_load(&next->thread.fpsimd);
	this_cpu()->curr = next;
	next->on_cpu = true;
	nr_switches++;
	prev = cpu_switch_to(prev, next);
	finish_task_switch(prev);
}

void schedule(void)
{
	struct task_struct *prev = current, *next;
	struct cpu_data *cpu = this_cpu();
	unsigned long flags;

	local_irq_save(flags);
	spin_lock(&rq_lock);
	cpu->need_resched = false;
	if (prev->state == TASK_RUNNING)
		enqueue(prev);
	if (list_empty(&run_queue)) {
		next = cpu->idle;
	} else {
		next = list_first_entry(&run_queue, struct task_struct, run_list);
		list_del_init(&next->run_list);
		next->on_rq = false;
	}
	if (next == prev) {
		spin_unlock(&rq_lock);
		local_irq_restore(flags);
		return;
	}
	context_switch(prev, next);
	local_irq_restore(flags);
}

int wake_up_state(struct task_struct *t, long state_mask)
{
	unsigned long flags;
	int woken = 0;

	spin_lock_irqsave(&rq_lock, flags);
	if (t->state & state_mask) {
		t->state = TASK_RUNNING;
		if (!t->on_cpu)
			enqueue(t);
		woken = 1;
		if (current == this_cpu()->idle || t != current)
			set_need_resched();
	}
	spin_unlock_irqrestore(&rq_lock, flags);
	return woken;
}

int wake_up_process(struct task_struct *t)
{
	return wake_up_state(t, TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE);
}

/* Queue a task created by fork for the first time. */
void wake_up_new_task(struct task_struct *t)
{
	unsigned long flags;

	spin_lock_irqsave(&rq_lock, flags);
	t->state = TASK_RUNNING;
	enqueue(t);
	spin_unlock_irqrestore(&rq_lock, flags);
}

struct sleep_timer {
	struct timer_list timer;
	struct task_struct *task;
};

static void sleep_timer_fn(struct timer_list *tl)
{
	wake_up_process(container_of(tl, struct sleep_timer, timer)->task);
}

s64 schedule_timeout(s64 ns)
{
	struct sleep_timer st = { .task = current };
	u64 deadline;
	s64 left;

	if (ns < 0) {
		schedule();
		return ns;
	}
	deadline = ktime_get_ns() + ns;
	INIT_LIST_HEAD(&st.timer.entry);
	st.timer.fn = sleep_timer_fn;
	mod_timer(&st.timer, deadline);
	schedule();
	del_timer(&st.timer);
	left = (s64)(deadline - ktime_get_ns());
	return left > 0 ? left : 0;
}

void yield(void)
{
	set_need_resched();
	schedule();
}

long sys_sched_yield(void)
{
	schedule();
	return 0;
}
SYSCALL(sched_yield, sys_sched_yield);

/* Timer interrupt: charge the tick and ask for a switch if anyone else can run. */
void scheduler_tick(void)
{
	struct task_struct *t = current;
	struct pt_regs *regs = this_cpu()->irq_regs;
	struct cpu_usage *ticks = &cpu_ticks[this_cpu()->id];

	if (regs && user_mode(regs)) {
		t->utime += NSEC_PER_SEC / HZ;
		ticks->user++;
	} else if (t != this_cpu()->idle) {
		t->stime += NSEC_PER_SEC / HZ;
		ticks->system++;
	} else {
		ticks->idle++;
	}
	if (!list_empty(&run_queue))
		set_need_resched();
}

void cpu_usage(int cpu, struct cpu_usage *out)
{
	*out = cpu_ticks[cpu];
}

u64 nr_context_switches(void)
{
	return READ_ONCE(nr_switches);
}

/* The boot CPU's idle loop: sleep until an interrupt makes work. */
__noreturn void cpu_idle(void)
{
	for (;;) {
		local_irq_disable();
		if (!this_cpu()->need_resched && list_empty(&run_queue))
			wfi();
		local_irq_enable();
		if (this_cpu()->need_resched || !list_empty(&run_queue))
			schedule();
	}
}

void sched_init(void)
{
	struct cpu_data *cpu = &cpu_data[0];

	cpu->curr = &init_task;
	cpu->idle = &init_task;
	write_sysreg(cpu, tpidr_el1);
	init_task.on_cpu = true;
}
