/*
 * Time syscalls: clock_gettime/settime/getres, gettimeofday/settimeofday, nanosleep and
 * clock_nanosleep (relative and TIMER_ABSTIME, restartable after a stop), and the
 * ITIMER_REAL interval timer (setitimer/getitimer; alarm() in libc uses it).
 */
#include <anvil/time.h>
#include <anvil/timer.h>
#include <anvil/sched.h>
#include <anvil/signal.h>
#include <anvil/uaccess.h>
#include <anvil/syscall.h>
#include <anvil/errno.h>
#include <anvil/string.h>
#include <linux/time.h>
#include <linux/time_types.h>

static bool clock_valid(clockid_t c)
{
	switch (c) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		return true;
	default:
		return false;
	}
}

static u64 clock_now(clockid_t c)
{
	struct task_struct *t;
	u64 sum = 0;

	switch (c) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		return ktime_get_real_ns();
	case CLOCK_PROCESS_CPUTIME_ID:
		list_for_each_entry(t, &current->signal->thread_head, thread_node)
			sum += t->utime + t->stime;
		return sum;
	case CLOCK_THREAD_CPUTIME_ID:
		return current->utime + current->stime;
	default:
		return ktime_get_ns();
	}
}

static void ns_to_ts(u64 ns, struct __kernel_timespec *ts)
{
	ts->tv_sec = ns / NSEC_PER_SEC;
	ts->tv_nsec = ns % NSEC_PER_SEC;
}

static int ts_to_ns(const struct __kernel_timespec *ts, u64 *ns)
{
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	*ns = ts->tv_sec > (s64)(~0ULL / 2 / NSEC_PER_SEC) ? ~0ULL / 2 : ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
	return 0;
}

long sys_clock_gettime(clockid_t which, struct __kernel_timespec __user *tp)
{
	struct __kernel_timespec ts;

	if (!clock_valid(which))
		return -EINVAL;
	ns_to_ts(clock_now(which), &ts);
	return copy_to_user(tp, &ts, sizeof(ts)) ? -EFAULT : 0;
}
SYSCALL(clock_gettime, sys_clock_gettime);

long sys_clock_getres(clockid_t which, struct __kernel_timespec __user *tp)
{
	struct __kernel_timespec ts = { 0, 1 };

	if (!clock_valid(which))
		return -EINVAL;
	if (which == CLOCK_REALTIME_COARSE || which == CLOCK_MONOTONIC_COARSE)
		ts.tv_nsec = NSEC_PER_SEC / HZ;
	return tp && copy_to_user(tp, &ts, sizeof(ts)) ? -EFAULT : 0;
}
SYSCALL(clock_getres, sys_clock_getres);

long sys_clock_settime(clockid_t which, const struct __kernel_timespec __user *tp)
{
	struct __kernel_timespec ts;
	u64 ns;

	if (which != CLOCK_REALTIME)
		return clock_valid(which) ? -EINVAL : -EINVAL;
	if (current->cred.euid != 0)
		return -EPERM;
	if (copy_from_user(&ts, tp, sizeof(ts)))
		return -EFAULT;
	if (ts_to_ns(&ts, &ns))
		return -EINVAL;
	ktime_set_real_ns(ns);
	return 0;
}
SYSCALL(clock_settime, sys_clock_settime);

long sys_gettimeofday(struct __kernel_old_timeval __user *tv, void __user *tz)
{
	u64 ns = ktime_get_real_ns();
	struct __kernel_old_timeval v = { ns / NSEC_PER_SEC, ns % NSEC_PER_SEC / 1000 };
	struct { int minuteswest, dsttime; } z = { 0, 0 };

	if (tv && copy_to_user(tv, &v, sizeof(v)))
		return -EFAULT;
	if (tz && copy_to_user(tz, &z, sizeof(z)))
		return -EFAULT;
	return 0;
}
SYSCALL(gettimeofday, sys_gettimeofday);

long sys_settimeofday(const struct __kernel_old_timeval __user *tv, const void __user *tz)
{
	struct __kernel_old_timeval v;

	if (current->cred.euid != 0)
		return -EPERM;
	if (!tv)
		return 0;	/* only a timezone, which the kernel does not keep */
	if (copy_from_user(&v, tv, sizeof(v)))
		return -EFAULT;
	if (v.tv_usec < 0 || v.tv_usec >= 1000000 || v.tv_sec < 0)
		return -EINVAL;
	ktime_set_real_ns(v.tv_sec * NSEC_PER_SEC + v.tv_usec * 1000);
	return 0;
}
SYSCALL(settimeofday, sys_settimeofday);

/* Sleep until @deadline on @clock; on a signal report the time left to @rmtp. */
static long do_sleep_until(clockid_t clock, u64 deadline, bool absolute, void __user *rmtp)
{
	struct restart_block *rb = &current->restart_block;

	for (;;) {
		u64 now = clock_now(clock);

		if (now >= deadline)
			return 0;
		set_current_state(TASK_INTERRUPTIBLE);
		if (signal_pending(current)) {
			__set_current_state(TASK_RUNNING);
			break;
		}
		schedule_timeout(deadline - now);
		__set_current_state(TASK_RUNNING);
		if (signal_pending(current))
			break;
	}
	if (absolute)
		return -ERESTARTNOHAND;
	if (rmtp) {
		u64 now = clock_now(clock);
		struct __kernel_timespec ts;

		ns_to_ts(deadline > now ? deadline - now : 0, &ts);
		if (copy_to_user(rmtp, &ts, sizeof(ts)))
			return -EFAULT;
	}
	rb->deadline = deadline;
	rb->clock = clock;
	rb->rmtp = rmtp;
	return -ERESTART_RESTARTBLOCK;
}

static long sleep_restart(struct restart_block *rb)
{
	rb->fn = NULL;
	return do_sleep_until(rb->clock, rb->deadline, false, rb->rmtp);
}

long sys_clock_nanosleep(clockid_t which, int flags, const struct __kernel_timespec __user *rqtp,
			 struct __kernel_timespec __user *rmtp)
{
	struct __kernel_timespec ts;
	u64 ns;
	long ret;

	if (which == CLOCK_THREAD_CPUTIME_ID)
		return -EINVAL;
	if (!clock_valid(which) || which == CLOCK_PROCESS_CPUTIME_ID)
		return -EOPNOTSUPP;
	if (copy_from_user(&ts, rqtp, sizeof(ts)))
		return -EFAULT;
	if (ts_to_ns(&ts, &ns))
		return -EINVAL;
	if (!(flags & TIMER_ABSTIME))
		ns += clock_now(which);
	current->restart_block.fn = sleep_restart;
	ret = do_sleep_until(which, ns, flags & TIMER_ABSTIME, rmtp);
	if (ret != -ERESTART_RESTARTBLOCK)
		current->restart_block.fn = NULL;
	return ret;
}
SYSCALL(clock_nanosleep, sys_clock_nanosleep);

long sys_nanosleep(const struct __kernel_timespec __user *rqtp, struct __kernel_timespec __user *rmtp)
{
	return sys_clock_nanosleep(CLOCK_MONOTONIC, 0, rqtp, rmtp);
}
SYSCALL(nanosleep, sys_nanosleep);

/* ---- ITIMER_REAL: a kernel timer in the process's signal_struct */

static void itimer_fire(struct timer_list *tl)
{
	struct signal_struct *s = container_of(tl, struct signal_struct, real_timer);

	send_sig(SIGALRM, s->group_leader_task, 1);
	if (s->it_real_interval)
		mod_timer(tl, tl->expires + s->it_real_interval);
}

static void itimer_get(struct signal_struct *s, struct __kernel_old_itimerval *v)
{
	u64 now = ktime_get_ns(), left = 0;

	if (s->real_timer.pending && s->real_timer.expires > now)
		left = s->real_timer.expires - now;
	else if (s->real_timer.pending)
		left = 1000;	/* due: report 1 us like Linux rather than "disarmed" */
	v->it_value.tv_sec = left / NSEC_PER_SEC;
	v->it_value.tv_usec = left % NSEC_PER_SEC / 1000;
	v->it_interval.tv_sec = s->it_real_interval / NSEC_PER_SEC;
	v->it_interval.tv_usec = s->it_real_interval % NSEC_PER_SEC / 1000;
}

long sys_getitimer(int which, struct __kernel_old_itimerval __user *value)
{
	struct __kernel_old_itimerval v;

	if (which != ITIMER_REAL)
		return which == ITIMER_VIRTUAL || which == ITIMER_PROF ? -ENOSYS : -EINVAL;
	itimer_get(current->signal, &v);
	return copy_to_user(value, &v, sizeof(v)) ? -EFAULT : 0;
}
SYSCALL(getitimer, sys_getitimer);

long sys_setitimer(int which, const struct __kernel_old_itimerval __user *value,
		   struct __kernel_old_itimerval __user *ovalue)
{
	struct signal_struct *s = current->signal;
	struct __kernel_old_itimerval v, old;
	u64 val, intv;

	if (which != ITIMER_REAL)
		return which == ITIMER_VIRTUAL || which == ITIMER_PROF ? -ENOSYS : -EINVAL;
	memset(&v, 0, sizeof(v));
	if (value && copy_from_user(&v, value, sizeof(v)))
		return -EFAULT;
	if (v.it_value.tv_usec < 0 || v.it_value.tv_usec >= 1000000 ||
	    v.it_interval.tv_usec < 0 || v.it_interval.tv_usec >= 1000000 ||
	    v.it_value.tv_sec < 0 || v.it_interval.tv_sec < 0)
		return -EINVAL;
	itimer_get(s, &old);
	val = v.it_value.tv_sec * NSEC_PER_SEC + v.it_value.tv_usec * 1000;
	intv = v.it_interval.tv_sec * NSEC_PER_SEC + v.it_interval.tv_usec * 1000;
	del_timer(&s->real_timer);
	s->it_real_interval = val ? intv : 0;
	if (val) {
		s->group_leader_task = current->group_leader;
		s->real_timer.fn = itimer_fire;
		mod_timer(&s->real_timer, ktime_get_ns() + val);
	}
	if (ovalue && copy_to_user(ovalue, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}
SYSCALL(setitimer, sys_setitimer);
