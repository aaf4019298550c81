/*
 * Futexes (futex(2)): WAIT, WAKE, WAIT_BITSET, WAKE_BITSET, REQUEUE, CMP_REQUEUE.
 * Waiters hang on a hash of wait lists keyed by (mm, user address); a waiter queues
 * itself before it checks the value, so a wake between the two is not lost.
 * Shared (non-PRIVATE) futexes are keyed the same way, which is right for threads and
 * for vfork children but not for MAP_SHARED memory between processes (documented).
 */
#include <anvil/futex.h>
#include <anvil/sched.h>
#include <anvil/signal.h>
#include <anvil/uaccess.h>
#include <anvil/syscall.h>
#include <anvil/errno.h>
#include <anvil/time.h>
#include <linux/time_types.h>

#define FUTEX_HASH_SIZE 64

struct futex_q {
	struct list_head list;
	struct task_struct *task;
	struct mm_struct *mm;
	unsigned long uaddr;
	u32 bitset;
	bool woken;
};

static struct futex_bucket {
	spinlock_t lock;		/* protects list and its futex_q entries */
	struct list_head list;
} futex_hash[FUTEX_HASH_SIZE];

void futex_init(void)
{
	for (int i = 0; i < FUTEX_HASH_SIZE; i++) {
		spin_lock_init(&futex_hash[i].lock);
		INIT_LIST_HEAD(&futex_hash[i].list);
	}
}

static struct futex_bucket *bucket_of(struct mm_struct *mm, unsigned long uaddr)
{
	unsigned long h = (uaddr >> 2) ^ ((unsigned long)mm >> 6);

	return &futex_hash[(h ^ (h >> 7)) % FUTEX_HASH_SIZE];
}

static long futex_wait(u32 __user *uaddr, u32 val, s64 timeout_ns, u32 bitset)
{
	struct futex_q q = { .task = current, .mm = current->mm, .uaddr = (unsigned long)uaddr, .bitset = bitset };
	struct futex_bucket *b = bucket_of(q.mm, q.uaddr);
	unsigned long flags;
	long ret;
	u32 cur;

	if (!bitset)
		return -EINVAL;
	/* Queue first, then read the word (which may fault and sleep, so not under the
	 * lock): a waker changes the word before it wakes, so either we read its new value
	 * or its wake finds us queued.  q.woken is set under the bucket lock. */
	spin_lock_irqsave(&b->lock, flags);
	list_add_tail(&q.list, &b->list);
	spin_unlock_irqrestore(&b->lock, flags);

	if (get_user(cur, uaddr))
		ret = -EFAULT;
	else if (cur != val)
		ret = -EAGAIN;
	else {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!READ_ONCE(q.woken) && !signal_pending(current) && timeout_ns != 0)
			timeout_ns = schedule_timeout(timeout_ns);
		__set_current_state(TASK_RUNNING);
		ret = timeout_ns == 0 ? -ETIMEDOUT : -ERESTARTSYS;
	}

	spin_lock_irqsave(&b->lock, flags);
	if (!q.woken)
		list_del_init(&q.list);
	spin_unlock_irqrestore(&b->lock, flags);
	return q.woken ? 0 : ret;
}

int futex_wake(u32 __user *uaddr, int n, u32 bitset)
{
	struct mm_struct *mm = current->mm;
	struct futex_bucket *b = bucket_of(mm, (unsigned long)uaddr);
	struct futex_q *q, *tmp;
	unsigned long flags;
	int woken = 0;

	if (!bitset)
		return -EINVAL;
	spin_lock_irqsave(&b->lock, flags);
	list_for_each_entry_safe(q, tmp, &b->list, list) {
		if (woken >= n)
			break;
		if (q->mm != mm || q->uaddr != (unsigned long)uaddr || !(q->bitset & bitset))
			continue;
		list_del_init(&q->list);
		WRITE_ONCE(q->woken, true);
		wake_up_process(q->task);
		woken++;
	}
	spin_unlock_irqrestore(&b->lock, flags);
	return woken;
}

static long futex_requeue(u32 __user *uaddr, int nr_wake, int nr_requeue, u32 __user *uaddr2,
			  bool cmp, u32 val3)
{
	struct mm_struct *mm = current->mm;
	struct futex_bucket *b1 = bucket_of(mm, (unsigned long)uaddr), *b2 = bucket_of(mm, (unsigned long)uaddr2);
	struct futex_q *q, *tmp;
	unsigned long flags;
	int woken = 0, moved = 0;
	u32 cur;

	if (nr_wake < 0 || nr_requeue < 0)
		return -EINVAL;
	if (cmp && get_user(cur, uaddr))
		return -EFAULT;
	spin_lock_irqsave(&b1->lock, flags);
	if (b2 != b1)
		spin_lock(&b2->lock);
	if (cmp && (get_user(cur, uaddr) || cur != val3)) {
		if (b2 != b1)
			spin_unlock(&b2->lock);
		spin_unlock_irqrestore(&b1->lock, flags);
		return -EAGAIN;
	}
	list_for_each_entry_safe(q, tmp, &b1->list, list) {
		if (q->mm != mm || q->uaddr != (unsigned long)uaddr)
			continue;
		if (woken < nr_wake) {
			list_del_init(&q->list);
			WRITE_ONCE(q->woken, true);
			wake_up_process(q->task);
			woken++;
		} else if (moved < nr_requeue) {
			list_del_init(&q->list);
			q->uaddr = (unsigned long)uaddr2;
			list_add_tail(&q->list, &b2->list);
			moved++;
		}
	}
	if (b2 != b1)
		spin_unlock(&b2->lock);
	spin_unlock_irqrestore(&b1->lock, flags);
	return woken + moved;
}

long sys_futex(u32 __user *uaddr, int op, u32 val, const struct __kernel_timespec __user *utime,
	       u32 __user *uaddr2, u32 val3)
{
	int cmd = op & FUTEX_CMD_MASK;
	s64 timeout = -1;

	if ((op & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT_BITSET)
		return -ENOSYS;
	if (utime && (cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET)) {
		struct __kernel_timespec ts;
		s64 t;

		if (copy_from_user(&ts, utime, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC)
			return -EINVAL;
		t = ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
		if (cmd == FUTEX_WAIT_BITSET) {	/* absolute time */
			u64 now = (op & FUTEX_CLOCK_REALTIME) ? ktime_get_real_ns() : ktime_get_ns();
			t = (u64)t > now ? (s64)((u64)t - now) : 0;
		}
		timeout = t;
	}
	switch (cmd) {
	case FUTEX_WAIT:
		return futex_wait(uaddr, val, timeout, FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAIT_BITSET:
		return futex_wait(uaddr, val, timeout, val3);
	case FUTEX_WAKE:
		return futex_wake(uaddr, val, FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAKE_BITSET:
		return futex_wake(uaddr, val, val3);
	case FUTEX_REQUEUE:
		return futex_requeue(uaddr, val, (int)(unsigned long)utime, uaddr2, false, 0);
	case FUTEX_CMP_REQUEUE:
		return futex_requeue(uaddr, val, (int)(unsigned long)utime, uaddr2, true, val3);
	default:
		return -ENOSYS;
	}
}
SYSCALL(futex, sys_futex);
