/* Wait queues (kernel/wait.c): a task sleeps on a queue until a condition holds.
 * The queue lock is IRQ-safe, so wake_up() may be called from interrupt handlers. */
#ifndef ANVIL_WAIT_H
#define ANVIL_WAIT_H

#include <anvil/list.h>
#include <anvil/spinlock.h>
#include <anvil/types.h>

struct task_struct;
struct wait_queue_entry;
typedef int (*wait_queue_func_t)(struct wait_queue_entry *wq, void *key);

struct wait_queue_entry {
	struct task_struct *task;
	wait_queue_func_t func;		/* called by wake_up with the queue lock held */
	void *private;
	struct list_head entry;
};

struct wait_queue_head {
	spinlock_t lock;		/* protects head */
	struct list_head head;
};

#define WAIT_QUEUE_HEAD_INIT(name) { SPIN_LOCK_UNLOCKED, LIST_HEAD_INIT((name).head) }
#define DECLARE_WAIT_QUEUE_HEAD(name) struct wait_queue_head name = WAIT_QUEUE_HEAD_INIT(name)

void init_waitqueue_head(struct wait_queue_head *wq);
/* Entry whose wake-up makes @task runnable. */
void init_waitqueue_entry(struct wait_queue_entry *e, struct task_struct *task);
void add_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *e);
void remove_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *e);
/* Add @e (if not queued) and set current's state to @state (TASK_*), in that order, so a
 * wake-up between the condition check and schedule() is never lost. */
void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *e, long state);
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *e);
/* Wake every waiter on @wq (their func is called); @key is passed through (poll mask). */
void __wake_up(struct wait_queue_head *wq, void *key);
#define wake_up(wq)		__wake_up((wq), NULL)
#define wake_up_all(wq)		__wake_up((wq), NULL)
#define wake_up_interruptible(wq) __wake_up((wq), NULL)
/* Default wake function: wake entry->task. */
int default_wake_function(struct wait_queue_entry *e, void *key);

/* The one sleep loop behind the wait_event* macros: sleep in @state until @cond, a signal
 * (interruptible states only: -ERESTARTSYS) or the end of @timeout_ns (<0: none; 0 out).
 * Evaluates to >0 when @cond became true. */
#define __wait_event(wq, cond, state, timeout_ns) ({				\
	long __ret = 1;								\
	s64 __left = (timeout_ns);						\
	struct wait_queue_entry __we;						\
	init_waitqueue_entry(&__we, current);					\
	for (;;) {								\
		prepare_to_wait(&(wq), &__we, (state));				\
		if (cond)							\
			break;							\
		if ((state) == TASK_INTERRUPTIBLE && signal_pending(current)) {	\
			__ret = -ERESTARTSYS;					\
			break;							\
		}							\
		if (__left == 0) {						\
			__ret = 0;						\
			break;							\
		}							\
		__left = schedule_timeout(__left);				\
	}									\
	finish_wait(&(wq), &__we);						\
	__ret; })

/* Sleep until @cond is true.  Returns 0, or -ERESTARTSYS if a signal arrived first. */
#define wait_event_interruptible(wq, cond) ({					\
	long __r = __wait_event(wq, cond, TASK_INTERRUPTIBLE, -1);		\
	__r > 0 ? 0 : __r; })

/* Sleep (not interruptible by signals) until @cond is true. */
#define wait_event(wq, cond) ((void)__wait_event(wq, cond, TASK_UNINTERRUPTIBLE, -1))

/* As wait_event_interruptible, but give up after @timeout_ns nanoseconds (<0: never).
 * Returns >0 (condition true), 0 (timed out), or -ERESTARTSYS. */
#define wait_event_interruptible_timeout(wq, cond, timeout_ns) \
	__wait_event(wq, cond, TASK_INTERRUPTIBLE, timeout_ns)

#endif
