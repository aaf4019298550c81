/* One-shot kernel timers on CLOCK_MONOTONIC (kernel/timer.c), driven by the per-CPU
 * generic timer interrupt.  Callbacks run in IRQ context. */
#ifndef ANVIL_TIMER_H
#define ANVIL_TIMER_H

#include <anvil/list.h>
#include <anvil/types.h>

struct timer_list {
	struct list_head entry;		/* timer_base list, sorted by expires */
	u64 expires;			/* ns, ktime_get_ns() clock */
	void (*fn)(struct timer_list *t);
	bool pending;
};

/* Arm @t to fire at @expires (ns); re-arms if already pending. */
void mod_timer(struct timer_list *t, u64 expires);
/* Disarm; returns true if it was pending. */
bool del_timer(struct timer_list *t);
/* Called from the timer interrupt: run expired timers, return the next expiry (or ~0). */
u64 run_timers(u64 now);
/* Tell the clock-event device that the earliest expiry may have moved earlier. */
void clockevent_reprogram(u64 expires);
/* Probe the Arm generic timer; start the scheduler tick. */
int arch_timer_init(void);

#endif
