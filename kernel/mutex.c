/* Sleeping mutex: an owner pointer under a spinlock, with a wait queue of sleepers. */
#include <anvil/mutex.h>
#include <anvil/sched.h>
#include <anvil/signal.h>
#include <anvil/errno.h>

void mutex_init(struct mutex *m)
{
	spin_lock_init(&m->lock);
	m->owner = NULL;
	init_waitqueue_head(&m->waiters);
}

static bool mutex_trylock(struct mutex *m)
{
	unsigned long flags;
	bool got = false;

	spin_lock_irqsave(&m->lock, flags);
	if (!m->owner) {
		m->owner = current;
		got = true;
	}
	spin_unlock_irqrestore(&m->lock, flags);
	return got;
}

void mutex_lock(struct mutex *m)
{
	wait_event(m->waiters, mutex_trylock(m));
}

int mutex_lock_interruptible(struct mutex *m)
{
	return wait_event_interruptible(m->waiters, mutex_trylock(m)) ? -EINTR : 0;
}

void mutex_unlock(struct mutex *m)
{
	unsigned long flags;

	spin_lock_irqsave(&m->lock, flags);
	m->owner = NULL;
	spin_unlock_irqrestore(&m->lock, flags);
	wake_up(&m->waiters);
}
