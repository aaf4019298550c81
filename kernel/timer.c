/* Kernel timers: a sorted list under one IRQ-safe lock.  The timer interrupt runs the
 * expired ones and reprograms the hardware for the next expiry or scheduler tick. */
#include <anvil/timer.h>
#include <anvil/spinlock.h>

static LIST_HEAD(timer_list_head);
static DEFINE_SPINLOCK(timer_lock);	/* protects timer_list_head and timer->pending */

static void insert_sorted(struct timer_list *t)
{
	struct timer_list *pos;

	list_for_each_entry(pos, &timer_list_head, entry) {
		if (pos->expires > t->expires) {
			__list_add(&t->entry, pos->entry.prev, &pos->entry);
			return;
		}
	}
	list_add_tail(&t->entry, &timer_list_head);
}

void mod_timer(struct timer_list *t, u64 expires)
{
	unsigned long flags;
	bool first;

	spin_lock_irqsave(&timer_lock, flags);
	if (t->pending)
		list_del_init(&t->entry);
	t->expires = expires;
	t->pending = true;
	insert_sorted(t);
	first = timer_list_head.next == &t->entry;
	spin_unlock_irqrestore(&timer_lock, flags);
	if (first)
		clockevent_reprogram(expires);
}

bool del_timer(struct timer_list *t)
{
	unsigned long flags;
	bool was;

	spin_lock_irqsave(&timer_lock, flags);
	was = t->pending;
	if (was) {
		list_del_init(&t->entry);
		t->pending = false;
	}
	spin_unlock_irqrestore(&timer_lock, flags);
	return was;
}

u64 run_timers(u64 now)
{
	unsigned long flags;
	u64 next = ~0ULL;

	spin_lock_irqsave(&timer_lock, flags);
	while (!list_empty(&timer_list_head)) {
		struct timer_list *t = list_first_entry(&timer_list_head, struct timer_list, entry);

		if (t->expires > now) {
			next = t->expires;
			break;
		}
		list_del_init(&t->entry);
		t->pending = false;
		spin_unlock_irqrestore(&timer_lock, flags);
		t->fn(t);
		spin_lock_irqsave(&timer_lock, flags);
	}
	spin_unlock_irqrestore(&timer_lock, flags);
	return next;
}
