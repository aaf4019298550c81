/* Waiting for descriptors: ppoll and pselect6 on top of each file's ->poll.  The first
 * pass registers a wait entry on every queue a file names through poll_wait(); a wake-up
 * on any of them sets `triggered` and wakes the poller, which then scans again.  The
 * timeout is a CLOCK_MONOTONIC deadline; the remaining time is written back, as Linux
 * does.  A temporary signal mask (the sigmask argument) is installed with
 * current->saved_sigmask/restore_sigmask: if the call is interrupted the signal code
 * restores the old mask after delivery, otherwise it is restored here.  Interrupted
 * calls return -ERESTARTNOHAND.
 * Relies on: wait queues, schedule_timeout, ktime, fd table, signals. */
#include <anvil/fs.h>
#include <anvil/mm.h>
#include <anvil/slab.h>
#include <anvil/string.h>
#include <anvil/sched.h>
#include <anvil/signal.h>
#include <anvil/time.h>
#include <anvil/uaccess.h>
#include <anvil/syscall.h>
#include <anvil/errno.h>
#include <linux/time_types.h>
#include <linux/poll.h>
#include "internal.h"

#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)
#define POLLIN_SET	(POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define POLLOUT_SET	(POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define POLLEX_SET	(POLLPRI)
#define NO_DEADLINE	(~0ULL)
#define INLINE_ENTRIES	16

struct poll_entry {
	struct file *filp;
	struct wait_queue_head *wq;
	struct wait_queue_entry wait;
};

struct poll_table_page {
	struct poll_table_page *next;
	unsigned int nr;
	struct poll_entry entries[];
};
#define ENTRIES_PER_PAGE ((PAGE_SIZE - sizeof(struct poll_table_page)) / sizeof(struct poll_entry))

struct poll_wqueues {
	struct poll_table pt;
	int triggered;			/* a registered queue was woken since the last scan */
	int error;			/* -ENOMEM while registering */
	unsigned int nr_inline;
	struct poll_entry inline_entries[INLINE_ENTRIES];
	struct poll_table_page *pages;
};

static int pollwake(struct wait_queue_entry *wait, void *key)
{
	struct poll_wqueues *pwq = wait->private;

	__atomic_store_n(&pwq->triggered, 1, __ATOMIC_SEQ_CST);
	return default_wake_function(wait, key);
}

static struct poll_entry *poll_get_entry(struct poll_wqueues *pwq)
{
	struct poll_table_page *pg = pwq->pages;

	if (pwq->nr_inline < INLINE_ENTRIES)
		return &pwq->inline_entries[pwq->nr_inline++];
	if (!pg || pg->nr == ENTRIES_PER_PAGE) {
		struct poll_table_page *fresh = kmalloc(PAGE_SIZE, GFP_KERNEL);

		if (!fresh)
			return NULL;
		fresh->next = pg;
		fresh->nr = 0;
		pwq->pages = pg = fresh;
	}
	return &pg->entries[pg->nr++];
}

static void pollwait_proc(struct file *f, struct wait_queue_head *wq, struct poll_table *pt)
{
	struct poll_wqueues *pwq = container_of(pt, struct poll_wqueues, pt);
	struct poll_entry *e = poll_get_entry(pwq);

	if (!e) {
		pwq->error = -ENOMEM;
		return;
	}
	e->filp = get_file(f);
	e->wq = wq;
	init_waitqueue_entry(&e->wait, current);
	e->wait.func = pollwake;
	e->wait.private = pwq;
	add_wait_queue(wq, &e->wait);
}

static void poll_initwait(struct poll_wqueues *pwq)
{
	pwq->pt.qproc = pollwait_proc;
	pwq->pt.priv = NULL;
	pwq->triggered = 0;
	pwq->error = 0;
	pwq->nr_inline = 0;
	pwq->pages = NULL;
}

static void free_entry(struct poll_entry *e)
{
	remove_wait_queue(e->wq, &e->wait);
	fput(e->filp);
}

static void poll_freewait(struct poll_wqueues *pwq)
{
	struct poll_table_page *pg = pwq->pages;

	for (unsigned int i = 0; i < pwq->nr_inline; i++)
		free_entry(&pwq->inline_entries[i]);
	while (pg) {
		struct poll_table_page *next = pg->next;

		for (unsigned int i = 0; i < pg->nr; i++)
			free_entry(&pg->entries[i]);
		kfree(pg);
		pg = next;
	}
}

/* Sleep until woken or @deadline; false when the deadline has passed. */
static bool poll_schedule_timeout(struct poll_wqueues *pwq, u64 deadline)
{
	bool in_time = true;

	set_current_state(TASK_INTERRUPTIBLE);
	if (!__atomic_load_n(&pwq->triggered, __ATOMIC_SEQ_CST)) {
		if (deadline == NO_DEADLINE) {
			schedule();
		} else {
			u64 now = ktime_get_ns();

			if (now < deadline)
				schedule_timeout(deadline - now);
			in_time = ktime_get_ns() < deadline;
		}
	}
	__set_current_state(TASK_RUNNING);
	__atomic_store_n(&pwq->triggered, 0, __ATOMIC_SEQ_CST);
	return in_time;
}

static unsigned int vfs_poll(struct file *f, struct poll_table *pt)
{
	return f->f_op->poll ? f->f_op->poll(f, pt) : DEFAULT_POLLMASK;
}

/* ---- timeouts and signal masks ------------------------------------------------------- */

static int get_deadline(const struct __kernel_timespec __user *uts, u64 *deadline)
{
	struct __kernel_timespec ts;

	*deadline = NO_DEADLINE;
	if (!uts)
		return 0;
	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	if ((u64)ts.tv_sec >= (NO_DEADLINE - ktime_get_ns()) / NSEC_PER_SEC - 1)
		return 0;		/* too far away to matter */
	*deadline = ktime_get_ns() + ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
	return 0;
}

/* Write the time left back to @uts (Linux updates the timeout of poll and select). */
static long put_time_left(struct __kernel_timespec __user *uts, u64 deadline, long ret)
{
	struct __kernel_timespec ts;
	u64 now = ktime_get_ns(), left;

	if (!uts || deadline == NO_DEADLINE || ret == -EFAULT)
		return ret;
	left = deadline > now ? deadline - now : 0;
	ts.tv_sec = left / NSEC_PER_SEC;
	ts.tv_nsec = left % NSEC_PER_SEC;
	if (copy_to_user(uts, &ts, sizeof(ts)) && ret == -ERESTARTNOHAND)
		return -EINTR;
	return ret;
}

static int set_user_sigmask(const sigset_t __user *umask, size_t size)
{
	unsigned long flags;
	sigset_t k;

	if (!umask)
		return 0;
	if (size != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&k, umask, sizeof(k)))
		return -EFAULT;
	sigdelset(&k, SIGKILL);
	sigdelset(&k, SIGSTOP);
	spin_lock_irqsave(&current->sighand->siglock, flags);
	current->saved_sigmask = current->blocked;
	current->blocked = k;
	current->restore_sigmask = true;
	spin_unlock_irqrestore(&current->sighand->siglock, flags);
	return 0;
}

/* Unless a signal interrupted the call (then delivery restores it), put the mask back. */
static void restore_sigmask_unless(bool interrupted)
{
	unsigned long flags;

	if (interrupted || !current->restore_sigmask)
		return;
	spin_lock_irqsave(&current->sighand->siglock, flags);
	current->blocked = current->saved_sigmask;
	current->restore_sigmask = false;
	spin_unlock_irqrestore(&current->sighand->siglock, flags);
}

/* ---- poll ---------------------------------------------------------------------------- */

static unsigned int do_pollfd(struct pollfd *pfd, struct poll_table *pt)
{
	unsigned int mask;
	struct file *f;

	pfd->revents = 0;
	if (pfd->fd < 0)
		return 0;
	f = fget(pfd->fd);
	if (!f) {
		pfd->revents = POLLNVAL;
		return POLLNVAL;
	}
	mask = vfs_poll(f, pt) & ((unsigned short)pfd->events | POLLERR | POLLHUP);
	fput(f);
	pfd->revents = mask;
	return mask;
}

static long do_poll(struct pollfd *fds, unsigned int nfds, u64 deadline)
{
	struct poll_wqueues pwq;
	bool in_time = deadline != 0;
	long count;

	poll_initwait(&pwq);
	for (;;) {
		count = 0;
		for (unsigned int i = 0; i < nfds; i++)
			if (do_pollfd(&fds[i], &pwq.pt))
				count++;
		pwq.pt.qproc = NULL;
		if (!count) {
			count = pwq.error;
			if (signal_pending(current))
				count = -ERESTARTNOHAND;
		}
		if (count || !in_time)
			break;
		in_time = poll_schedule_timeout(&pwq, deadline);
	}
	poll_freewait(&pwq);
	return count;
}

long sys_ppoll(struct pollfd __user *ufds, unsigned int nfds,
	       struct __kernel_timespec __user *tsp, const sigset_t __user *sigmask,
	       size_t sigsetsize)
{
	struct pollfd *fds;
	u64 deadline;
	long ret;

	if (nfds > current_nofile_limit())
		return -EINVAL;
	ret = get_deadline(tsp, &deadline);
	if (ret)
		return ret;
	if (deadline != NO_DEADLINE && deadline <= ktime_get_ns())
		deadline = 0;
	fds = kmalloc((nfds ? nfds : 1) * sizeof(*fds), GFP_KERNEL);
	if (!fds)
		return -ENOMEM;
	ret = -EFAULT;
	if (copy_from_user(fds, ufds, nfds * sizeof(*fds)))
		goto out;
	ret = set_user_sigmask(sigmask, sigsetsize);
	if (ret)
		goto out;
	ret = do_poll(fds, nfds, deadline);
	if (ret >= 0 && copy_to_user(ufds, fds, nfds * sizeof(*fds)))
		ret = -EFAULT;
	restore_sigmask_unless(ret == -ERESTARTNOHAND);
	ret = put_time_left(tsp, deadline, ret);
out:
	kfree(fds);
	return ret;
}
SYSCALL(ppoll, sys_ppoll);

/* ---- select -------------------------------------------------------------------------- */

#define BITS_PER_LONG	(8 * sizeof(long))

struct fd_sets {
	unsigned long *in, *out, *ex;		/* requested */
	unsigned long *res_in, *res_out, *res_ex;	/* ready */
};

static bool test_fd(const unsigned long *set, unsigned int fd)
{
	return (set[fd / BITS_PER_LONG] >> (fd % BITS_PER_LONG)) & 1;
}

static void set_fd(unsigned long *set, unsigned int fd)
{
	set[fd / BITS_PER_LONG] |= 1UL << (fd % BITS_PER_LONG);
}

/* One pass over the sets: ready count, or -EBADF if a requested fd is not open. */
static long select_pass(struct fd_sets *s, unsigned int n, struct poll_table *pt)
{
	long count = 0;

	for (unsigned int fd = 0; fd < n; fd++) {
		bool in = test_fd(s->in, fd), out = test_fd(s->out, fd), ex = test_fd(s->ex, fd);
		unsigned int mask;
		struct file *f;

		if (!in && !out && !ex)
			continue;
		f = fget(fd);
		if (!f)
			return -EBADF;
		mask = vfs_poll(f, pt);
		fput(f);
		if (in && (mask & POLLIN_SET)) {
			set_fd(s->res_in, fd);
			count++;
		}
		if (out && (mask & POLLOUT_SET)) {
			set_fd(s->res_out, fd);
			count++;
		}
		if (ex && (mask & POLLEX_SET)) {
			set_fd(s->res_ex, fd);
			count++;
		}
	}
	return count;
}

static long do_select(struct fd_sets *s, unsigned int n, u64 deadline)
{
	struct poll_wqueues pwq;
	bool in_time = deadline != 0;
	long count;

	poll_initwait(&pwq);
	for (;;) {
		count = select_pass(s, n, &pwq.pt);
		pwq.pt.qproc = NULL;
		if (!count) {
			count = pwq.error;
			if (signal_pending(current))
				count = -ERESTARTNOHAND;
		}
		if (count || !in_time)
			break;
		in_time = poll_schedule_timeout(&pwq, deadline);
	}
	poll_freewait(&pwq);
	return count;
}

static int get_set(unsigned long *k, const void __user *u, size_t bytes)
{
	if (!u) {
		memset(k, 0, bytes);
		return 0;
	}
	return copy_from_user(k, u, bytes) ? -EFAULT : 0;
}

static int put_set(void __user *u, const unsigned long *k, size_t bytes)
{
	return u && copy_to_user(u, k, bytes) ? -EFAULT : 0;
}

static long core_select(int n, void __user *inp, void __user *outp, void __user *exp,
			u64 deadline)
{
	struct files_struct *files = current->files;
	struct fd_sets s;
	unsigned long *bits;
	size_t bytes;
	long ret;

	if (n < 0)
		return -EINVAL;
	if ((unsigned int)n > READ_ONCE(files->fdt.max_fds))
		n = READ_ONCE(files->fdt.max_fds);
	bytes = DIV_ROUND_UP((unsigned int)n, BITS_PER_LONG) * sizeof(long);
	bits = kzalloc(6 * bytes + 1, GFP_KERNEL);
	if (!bits)
		return -ENOMEM;
	s.in = bits;
	s.out = (unsigned long *)((char *)bits + bytes);
	s.ex = (unsigned long *)((char *)bits + 2 * bytes);
	s.res_in = (unsigned long *)((char *)bits + 3 * bytes);
	s.res_out = (unsigned long *)((char *)bits + 4 * bytes);
	s.res_ex = (unsigned long *)((char *)bits + 5 * bytes);
	ret = get_set(s.in, inp, bytes);
	if (!ret)
		ret = get_set(s.out, outp, bytes);
	if (!ret)
		ret = get_set(s.ex, exp, bytes);
	if (!ret)
		ret = do_select(&s, n, deadline);
	if (ret >= 0 && (put_set(inp, s.res_in, bytes) || put_set(outp, s.res_out, bytes) ||
			 put_set(exp, s.res_ex, bytes)))
		ret = -EFAULT;
	kfree(bits);
	return ret;
}

long sys_pselect6(int n, void __user *inp, void __user *outp, void __user *exp,
		  struct __kernel_timespec __user *tsp, void __user *sig)
{
	struct { const sigset_t __user *ss; size_t ss_len; } sm = { NULL, 0 };
	u64 deadline;
	long ret;

	ret = get_deadline(tsp, &deadline);
	if (ret)
		return ret;
	if (deadline != NO_DEADLINE && deadline <= ktime_get_ns())
		deadline = 0;
	if (sig && copy_from_user(&sm, sig, sizeof(sm)))
		return -EFAULT;
	ret = set_user_sigmask(sm.ss, sm.ss_len);
	if (ret)
		return ret;
	ret = core_select(n, inp, outp, exp, deadline);
	restore_sigmask_unless(ret == -ERESTARTNOHAND);
	return put_time_left(tsp, deadline, ret);
}
SYSCALL(pselect6, sys_pselect6);
