/* Tasks and the scheduler.  A task is one thread; the threads of a process share a
 * signal_struct (process-wide state: pgrp, session, tty, rlimits, shared signals) and a
 * sighand_struct (handlers).  kernel/sched.c schedules, kernel/fork.c creates,
 * kernel/exit.c destroys, kernel/signal.c delivers. */
#ifndef ANVIL_SCHED_H
#define ANVIL_SCHED_H

#include <anvil/types.h>
#include <anvil/list.h>
#include <anvil/spinlock.h>
#include <anvil/wait.h>
#include <anvil/atomic.h>
#include <anvil/timer.h>
#include <anvil/mm.h>
#include <arch/processor.h>
#include <asm/signal.h>
#include <asm/siginfo.h>
#include <linux/signal.h>
#include <linux/resource.h>
#include <linux/time_types.h>

typedef int clockid_t;

/* task state */
#define TASK_RUNNING		0x0
#define TASK_INTERRUPTIBLE	0x1
#define TASK_UNINTERRUPTIBLE	0x2
#define TASK_STOPPED		0x4	/* job-control stop */
#define TASK_DEAD		0x80	/* exited, waiting for its last schedule() */

/* exit_state */
#define EXIT_ZOMBIE		0x10
#define EXIT_DEAD		0x20	/* reaped */

/* task flags */
#define PF_EXITING		0x4
#define PF_KTHREAD		0x200000
#define PF_FORKNOEXEC		0x40	/* forked but has not exec'd (setpgid EACCES rule) */

#define TASK_COMM_LEN		16
#define KERNEL_STACK_ORDER	2	/* 16 KiB kernel stacks */
#define KERNEL_STACK_SIZE	(PAGE_SIZE << KERNEL_STACK_ORDER)

struct mm_struct;
struct files_struct;
struct fs_struct;
struct tty_struct;
struct file;

struct cred {
	uid_t uid, euid, suid, fsuid;
	gid_t gid, egid, sgid, fsgid;
	int ngroups;
	gid_t groups[32];
};

struct sigpending {
	struct list_head list;		/* struct sigqueue, for siginfo of queued signals */
	sigset_t signal;
};

struct k_sigaction {
	struct sigaction sa;		/* UAPI layout: handler, flags, restorer, mask */
};

struct sighand_struct {
	atomic_t count;
	spinlock_t siglock;		/* protects action[] and all tasks' pending/blocked */
	struct k_sigaction action[_NSIG];
};

/* signal_struct flags */
#define SIGNAL_GROUP_EXIT	0x1	/* exit_group in progress */
#define SIGNAL_STOP_STOPPED	0x2	/* job control stop in effect */
#define SIGNAL_STOP_CONTINUED	0x4	/* SIGCONT since last notify */
#define SIGNAL_STOP_NOTIFY	0x8	/* parent not yet told of the stop (wait WUNTRACED) */

struct signal_struct {
	atomic_t count;
	int nr_threads;
	struct list_head thread_head;	/* task->thread_node */
	struct sigpending shared_pending;
	unsigned int flags;		/* SIGNAL_*, under sighand->siglock */
	int group_exit_code;
	int group_stop_count;
	int stop_code;			/* signal that stopped the group */
	pid_t pgrp, session;
	bool leader;			/* session leader */
	struct tty_struct *tty;		/* controlling tty, or NULL */
	struct rlimit rlim[RLIM_NLIMITS];
	u64 cutime, cstime;		/* ns, reaped children */
	struct wait_queue_head wait_chldexit;	/* parents sleeping in wait4 */
	struct timer_list real_timer;	/* ITIMER_REAL: expires (ns, monotonic) while pending */
	u64 it_real_interval;		/* ns; 0 = one-shot */
	struct task_struct *group_leader_task;	/* SIGALRM target */
};

struct task_struct {
	struct cpu_context ctx;		/* callee-saved registers; first member (entry.S) */
	volatile long state;		/* TASK_* */
	unsigned int flags;		/* PF_* */
	int exit_state;			/* EXIT_* */
	int cpu;
	void *stack;			/* kernel stack base (KERNEL_STACK_SIZE) */
	struct list_head run_list;	/* on a runqueue while TASK_RUNNING and not current */
	bool on_rq;			/* queued on a runqueue */
	bool on_cpu;			/* running (or being switched out) on a CPU */
	atomic_t usage;			/* references; freed when 0 */

	pid_t pid, tgid;
	struct task_struct *parent;	/* gets SIGCHLD and reaps */
	struct task_struct *group_leader;
	struct list_head children;	/* this task's children (their sibling) */
	struct list_head sibling;
	struct list_head thread_node;	/* signal->thread_head */
	struct list_head tasks;		/* all tasks */

	struct mm_struct *mm;
	struct files_struct *files;
	struct fs_struct *fs;
	struct cred cred;
	struct signal_struct *signal;
	struct sighand_struct *sighand;

	sigset_t blocked;
	sigset_t saved_sigmask;		/* restored after rt_sigsuspend/ppoll */
	bool restore_sigmask;
	struct sigpending pending;	/* thread-directed signals */
	unsigned long sas_ss_sp;	/* sigaltstack */
	size_t sas_ss_size;
	int sas_ss_flags;

	int exit_code;			/* wait status */
	int exit_signal;		/* signal to parent on exit (SIGCHLD, or 0 for threads) */
	int __user *set_child_tid;
	int __user *clear_child_tid;
	void __user *robust_list;
	size_t robust_list_len;
	struct task_struct *vfork_parent; /* waiting for this child to exec or exit */
	bool vfork_done;
	struct wait_queue_head vfork_wait;

	struct arch_thread thread;	/* TLS registers and FP/SIMD state */
	u64 utime, stime;		/* ns */
	u64 start_time;			/* ns since boot */
	struct restart_block {
		long (*fn)(struct restart_block *rb);
		u64 deadline;		/* ns, CLOCK_MONOTONIC */
		clockid_t clock;
		void __user *rmtp;
	} restart_block;		/* how restart_syscall continues an interrupted sleep */
	char comm[TASK_COMM_LEN];
};

/* Per-CPU data; TPIDR_EL1 points at this CPU's.  `current` must stay first (entry.S). */
struct cpu_data {
	struct task_struct *curr;	/* the running task (`current`) */
	int id;
	bool need_resched;
	struct task_struct *idle;
	struct pt_regs *irq_regs;	/* registers of the interrupted context, in IRQ handlers */
};
static inline struct cpu_data *this_cpu(void)
{
	struct cpu_data *c;
	__asm__ ("mrs %0, tpidr_el1" : "=r"(c));
	return c;
}
extern struct task_struct init_task;
/* Mark current for rescheduling at the next return to user mode. */
static inline void set_need_resched(void) { this_cpu()->need_resched = true; }

/* The task running on this CPU. */
static inline struct task_struct *get_current(void)
{
	struct task_struct *t;
	__asm__ ("mrs %0, sp_el0" : "=r"(t));
	return t;
}
#define current get_current()

#define set_current_state(s)	do { WRITE_ONCE(current->state, (s)); __asm__ __volatile__("dmb ish" ::: "memory"); } while (0)
#define __set_current_state(s)	WRITE_ONCE(current->state, (s))

/* Give up the CPU; returns when the task is next chosen to run. */
void schedule(void);
/* Sleep in the state set beforehand for at most @ns nanoseconds.  Returns the time left
 * (0 if the full time passed). */
s64 schedule_timeout(s64 ns);
/* Make @t runnable if it sleeps in one of @state_mask; returns 1 if it was woken. */
int wake_up_state(struct task_struct *t, long state_mask);
int wake_up_process(struct task_struct *t);
void yield(void);

/* Process ids.  Each returns 0 for a NULL task. */
static inline pid_t task_pid_nr(struct task_struct *t) { return t->pid; }
static inline pid_t task_tgid_nr(struct task_struct *t) { return t->tgid; }
static inline pid_t task_pgrp_nr(struct task_struct *t) { return t->signal->pgrp; }
static inline pid_t task_session_nr(struct task_struct *t) { return t->signal->session; }
#define PID_MAX_DEFAULT	32768
extern int pid_max;			/* pids are below this (kernel/fork.c) */
/* Tasks created since boot; the pid most recently handed out (kernel/fork.c). */
unsigned long nr_forks(void);
pid_t last_allocated_pid(void);

/* Time a CPU spent in user mode, in the kernel and idle since boot, in scheduler ticks
 * (HZ), as charged by the tick (kernel/sched.c). */
struct cpu_usage {
	u64 user, system, idle;
};
void cpu_usage(int cpu, struct cpu_usage *out);
/* Context switches since boot, all CPUs. */
u64 nr_context_switches(void);

/* Thread-group leader with pid @pid, or NULL.  Caller holds tasklist_lock. */
struct task_struct *find_task_by_pid(pid_t pid);
/* Any task (thread) with id @tid, or NULL.  Caller holds tasklist_lock. */
struct task_struct *find_thread_by_tid(pid_t tid);
extern spinlock_t tasklist_lock;
extern struct list_head task_list;	/* every task, via task->tasks; under tasklist_lock */
/* Iterate over processes (thread-group leaders).  Caller holds tasklist_lock. */
#define for_each_process(t) \
	list_for_each_entry(t, &task_list, tasks) if ((t)->group_leader != (t)) {} else	/* protects the task list, parent/child links, pgrp/session */

/* True if process group @pgrp has a member in session @sid.  Takes tasklist_lock. */
bool pgrp_exists_in_session(pid_t pgrp, pid_t sid);
/* Call @fn on every process of session @sid, under tasklist_lock (fn must not sleep). */
void for_each_process_in_session(pid_t sid, void (*fn)(struct task_struct *, void *), void *arg);

/* Credentials of the current task (used for DAC permission checks). */
static inline uid_t current_fsuid(void) { return current->cred.fsuid; }
static inline gid_t current_fsgid(void) { return current->cred.fsgid; }
static inline uid_t current_euid(void) { return current->cred.euid; }
/* True if @gid is current's fsgid or one of its supplementary groups. */
bool in_group_p(gid_t gid);

static inline void get_task_struct(struct task_struct *t) { atomic_inc(&t->usage); }
void put_task_struct(struct task_struct *t);

#endif
