/*
 * Signals (signal(7), POSIX 2.4): generation into per-thread or process-wide pending
 * sets, default actions (terminate, core, stop, continue, ignore), job-control stops and
 * SIGCHLD notification, delivery on the way back to user mode with syscall restart
 * rules, and the signal syscalls.  sighand->siglock protects pending sets, blocked masks
 * and actions; tasklist_lock protects the process tree walked by kill().
 */
#include <anvil/signal.h>
#include <anvil/sched.h>
#include <anvil/slab.h>
#include <anvil/uaccess.h>
#include <anvil/syscall.h>
#include <anvil/errno.h>
#include <anvil/string.h>
#include <anvil/printk.h>
#include <arch/ptrace.h>

#define SIG_KERNEL_ONLY_MASK	(sigmask(SIGKILL) | sigmask(SIGSTOP))
#define SIG_STOP_MASK		(sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) | sigmask(SIGTTOU))
#define SIG_IGNORE_MASK		(sigmask(SIGCHLD) | sigmask(SIGURG) | sigmask(SIGWINCH) | sigmask(SIGCONT))

struct sigqueue {
	struct list_head list;
	siginfo_t info;
};

int setup_rt_frame(int sig, struct k_sigaction *ka, siginfo_t *info, sigset_t *oldset, struct pt_regs *regs);
__noreturn void do_exit(int code);
__noreturn void do_group_exit(int code);
void notify_parent_cldstop(struct task_struct *t, int why, int status);

static inline bool valid_signal(int sig) { return sig >= 1 && sig <= _NSIG; }
static inline bool sig_kernel_ignore(int sig) { return sig <= 32 && (sigmask(sig) & SIG_IGNORE_MASK); }
static inline bool sig_kernel_stop(int sig) { return sig <= 32 && (sigmask(sig) & SIG_STOP_MASK); }

static bool sig_handler_ignored(struct task_struct *t, int sig)
{
	void __user *h = t->sighand->action[sig - 1].sa.sa_handler;

	return h == SIG_IGN || (h == SIG_DFL && sig_kernel_ignore(sig));
}

bool sig_ignored_or_blocked(struct task_struct *t, int sig)
{
	return sigismember(&t->blocked, sig) || t->sighand->action[sig - 1].sa.sa_handler == SIG_IGN;
}

static unsigned long pending_mask(struct task_struct *t)
{
	return (t->pending.signal.sig[0] | t->signal->shared_pending.signal.sig[0]) & ~t->blocked.sig[0];
}

bool signal_pending(struct task_struct *t)
{
	return pending_mask(t) || (t->signal->flags & (SIGNAL_GROUP_EXIT | SIGNAL_STOP_STOPPED));
}

/* Work for exit_to_user_mode: a deliverable signal, a group exit/stop, or a mask to restore. */
bool signal_work_pending(void)
{
	return signal_pending(current) || current->restore_sigmask;
}

static void flush_sigqueue_mask(struct sigpending *p, unsigned long mask)
{
	struct sigqueue *q, *n;

	p->signal.sig[0] &= ~mask;
	list_for_each_entry_safe(q, n, &p->list, list) {
		if (sigmask(q->info.si_signo) & mask) {
			list_del_init(&q->list);
			kfree(q);
		}
	}
}

/* Wake a thread of @t's process that can take @sig (or @t itself for thread signals). */
static void signal_wake_up(struct task_struct *t, int sig, bool group)
{
	struct task_struct *w = t;

	if (group && sigismember(&t->blocked, sig)) {
		struct task_struct *it;
		list_for_each_entry(it, &t->signal->thread_head, thread_node)
			if (!sigismember(&it->blocked, sig)) {
				w = it;
				break;
			}
	}
	wake_up_state(w, TASK_INTERRUPTIBLE | (sig == SIGKILL ? TASK_STOPPED : 0));
	if (w == current)
		set_need_resched();
}

/* SIGCONT resumes a stopped process; a stop signal cancels pending SIGCONT and vice versa. */
static void prepare_signal(int sig, struct task_struct *p)
{
	struct signal_struct *s = p->signal;
	struct task_struct *t;

	if (sig_kernel_stop(sig)) {
		flush_sigqueue_mask(&s->shared_pending, sigmask(SIGCONT));
		list_for_each_entry(t, &s->thread_head, thread_node)
			flush_sigqueue_mask(&t->pending, sigmask(SIGCONT));
	} else if (sig == SIGCONT || sig == SIGKILL) {
		flush_sigqueue_mask(&s->shared_pending, SIG_STOP_MASK);
		list_for_each_entry(t, &s->thread_head, thread_node)
			flush_sigqueue_mask(&t->pending, SIG_STOP_MASK);
		if (s->flags & SIGNAL_STOP_STOPPED) {
			s->flags = (s->flags & ~(SIGNAL_STOP_STOPPED | SIGNAL_STOP_NOTIFY)) | SIGNAL_STOP_CONTINUED;
			list_for_each_entry(t, &s->thread_head, thread_node)
				wake_up_state(t, TASK_STOPPED);
			if (sig == SIGCONT)
				notify_parent_cldstop(p->group_leader, CLD_CONTINUED, SIGCONT);
		}
	}
}

static int __send_signal(int sig, const siginfo_t *info, struct task_struct *t, bool group)
{
	struct sigpending *pending = group ? &t->signal->shared_pending : &t->pending;
	unsigned long flags;
	struct sigqueue *q;

	spin_lock_irqsave(&t->sighand->siglock, flags);
	if (t->exit_state || (t->signal->flags & SIGNAL_GROUP_EXIT)) {
		spin_unlock_irqrestore(&t->sighand->siglock, flags);
		return 0;
	}
	prepare_signal(sig, t);
	if (sig_handler_ignored(t, sig) && !sigismember(&t->blocked, sig)) {
		spin_unlock_irqrestore(&t->sighand->siglock, flags);
		return 0;
	}
	/* standard signals do not queue twice; real-time ones do */
	if (sig < SIGRTMIN && sigismember(&pending->signal, sig)) {
		spin_unlock_irqrestore(&t->sighand->siglock, flags);
		return 0;
	}
	q = kmalloc(sizeof(*q), GFP_ATOMIC);
	if (q) {
		q->info = *info;
		list_add_tail(&q->list, &pending->list);
	}
	sigaddset(&pending->signal, sig);
	signal_wake_up(t, sig, group);
	spin_unlock_irqrestore(&t->sighand->siglock, flags);
	return 0;
}

static void fill_info(siginfo_t *info, int sig, int priv)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	if (priv) {
		info->si_code = SI_KERNEL;
	} else {
		info->si_code = SI_USER;
		info->si_pid = current->tgid;
		info->si_uid = current->cred.uid;
	}
}

int send_sig_info(int sig, const siginfo_t *info, struct task_struct *t)
{
	if (!valid_signal(sig))
		return -EINVAL;
	return __send_signal(sig, info, t, true);
}

int send_sig(int sig, struct task_struct *t, int priv)
{
	siginfo_t info;

	fill_info(&info, sig, priv);
	return send_sig_info(sig, &info, t);
}

/* Send to one thread only (tgkill, faults). */
static int send_thread_sig(int sig, const siginfo_t *info, struct task_struct *t)
{
	if (!valid_signal(sig))
		return -EINVAL;
	return __send_signal(sig, info, t, false);
}

void force_sig_fault(int sig, int code, unsigned long addr)
{
	struct task_struct *t = current;
	struct k_sigaction *ka = &t->sighand->action[sig - 1];
	siginfo_t info;
	unsigned long flags;

	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = code;
	info.si_addr = (void __user *)addr;
	/* a fault signal that is blocked or ignored would loop forever: make it fatal */
	spin_lock_irqsave(&t->sighand->siglock, flags);
	if (sigismember(&t->blocked, sig) || ka->sa.sa_handler == SIG_IGN) {
		ka->sa.sa_handler = SIG_DFL;
		sigdelset(&t->blocked, sig);
	}
	spin_unlock_irqrestore(&t->sighand->siglock, flags);
	send_thread_sig(sig, &info, t);
}

static bool kill_permitted(struct task_struct *t)
{
	const struct cred *c = &current->cred;

	return c->euid == 0 || c->euid == t->cred.suid || c->euid == t->cred.uid ||
	       c->uid == t->cred.suid || c->uid == t->cred.uid;
}

int kill_pgrp(pid_t pgrp, int sig, int priv)
{
	struct task_struct *t;
	siginfo_t info;
	unsigned long flags;
	int ret = -ESRCH;

	fill_info(&info, sig, priv);
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(t) {
		if (t->signal->pgrp == pgrp) {	/* zombies count as members, as on Linux */
			int r = priv || kill_permitted(t) ? (sig ? send_sig_info(sig, &info, t) : 0) : -EPERM;
			if (ret)
				ret = r;
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

bool is_current_pgrp_orphaned(void)
{
	struct task_struct *t;
	pid_t pgrp = current->signal->pgrp, sid = current->signal->session;
	unsigned long flags;
	bool orphaned = true;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(t) {
		struct task_struct *p = t->parent;

		if (t->signal->pgrp != pgrp || t->exit_state || !p || p->tgid == 1)
			continue;
		if (p->signal->pgrp != pgrp && p->signal->session == sid) {
			orphaned = false;
			break;
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return orphaned;
}

long sys_kill(pid_t pid, int sig)
{
	struct task_struct *t;
	siginfo_t info;
	unsigned long flags;
	int ret, count = 0;

	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	if (pid > 0) {
		spin_lock_irqsave(&tasklist_lock, flags);
		t = find_task_by_pid(pid);
		ret = -ESRCH;
		if (t && !kill_permitted(t))
			ret = -EPERM;
		else if (t) {
			fill_info(&info, sig, 0);
			ret = sig ? send_sig_info(sig, &info, t) : 0;
		}
		spin_unlock_irqrestore(&tasklist_lock, flags);
		return ret;
	}
	if (pid == 0)
		return kill_pgrp(current->signal->pgrp, sig, 0);
	if (pid < -1)
		return kill_pgrp(-pid, sig, 0);
	/* pid == -1: every process we may signal except init and ourselves */
	fill_info(&info, sig, 0);
	ret = 0;
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(t) {
		if (t->tgid <= 1 || t->signal == current->signal || t->exit_state || (t->flags & PF_KTHREAD))
			continue;
		if (!kill_permitted(t)) {
			ret = -EPERM;
			continue;
		}
		count++;
		if (sig)
			send_sig_info(sig, &info, t);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return count ? 0 : (ret ? ret : -ESRCH);
}
SYSCALL(kill, sys_kill);

static long do_tkill(pid_t tgid, pid_t tid, int sig)
{
	struct task_struct *t;
	siginfo_t info;
	unsigned long flags;
	long ret = -ESRCH;

	if (tid <= 0 || sig < 0 || sig > _NSIG)
		return -EINVAL;
	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = SI_TKILL;
	info.si_pid = current->tgid;
	info.si_uid = current->cred.uid;
	spin_lock_irqsave(&tasklist_lock, flags);
	t = find_thread_by_tid(tid);
	if (t && (tgid <= 0 || t->tgid == tgid)) {
		ret = kill_permitted(t) ? (sig ? send_thread_sig(sig, &info, t) : 0) : -EPERM;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

long sys_tgkill(pid_t tgid, pid_t tid, int sig)
{
	if (tgid <= 0)
		return -EINVAL;
	return do_tkill(tgid, tid, sig);
}
SYSCALL(tgkill, sys_tgkill);

long sys_tkill(pid_t tid, int sig)
{
	return do_tkill(0, tid, sig);
}
SYSCALL(tkill, sys_tkill);

long sys_rt_sigaction(int sig, const struct sigaction __user *act, struct sigaction __user *oact,
		      size_t sigsetsize)
{
	struct k_sigaction *k;
	struct sigaction new, old;
	unsigned long flags;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (!valid_signal(sig) || (act && (sig == SIGKILL || sig == SIGSTOP)))
		return -EINVAL;
	if (act && copy_from_user(&new, act, sizeof(new)))
		return -EFAULT;
	k = &current->sighand->action[sig - 1];
	spin_lock_irqsave(&current->sighand->siglock, flags);
	old = k->sa;
	if (act) {
		new.sa_mask.sig[0] &= ~SIG_KERNEL_ONLY_MASK;
		k->sa = new;
		/* POSIX: setting SIG_IGN (or SIG_DFL for a default-ignore signal) discards pending ones */
		if (sig_handler_ignored(current, sig)) {
			struct task_struct *t;
			flush_sigqueue_mask(&current->signal->shared_pending, sigmask(sig));
			list_for_each_entry(t, &current->signal->thread_head, thread_node)
				flush_sigqueue_mask(&t->pending, sigmask(sig));
		}
	}
	spin_unlock_irqrestore(&current->sighand->siglock, flags);
	if (oact && copy_to_user(oact, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}
SYSCALL(rt_sigaction, sys_rt_sigaction);

/* Install @newset as current's blocked mask (SIGKILL/SIGSTOP can never be blocked). */
void set_current_blocked(const sigset_t *newset)
{
	unsigned long flags;

	spin_lock_irqsave(&current->sighand->siglock, flags);
	current->blocked.sig[0] = newset->sig[0] & ~SIG_KERNEL_ONLY_MASK;
	spin_unlock_irqrestore(&current->sighand->siglock, flags);
}

long sys_rt_sigprocmask(int how, const sigset_t __user *set, sigset_t __user *oset, size_t sigsetsize)
{
	sigset_t old = current->blocked, new;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (set) {
		if (copy_from_user(&new, set, sizeof(new)))
			return -EFAULT;
		switch (how) {
		case SIG_BLOCK:
			new.sig[0] |= old.sig[0];
			break;
		case SIG_UNBLOCK:
			new.sig[0] = old.sig[0] & ~new.sig[0];
			break;
		case SIG_SETMASK:
			break;
		default:
			return -EINVAL;
		}
		set_current_blocked(&new);
	}
	if (oset && copy_to_user(oset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}
SYSCALL(rt_sigprocmask, sys_rt_sigprocmask);

long sys_rt_sigpending(sigset_t __user *uset, size_t sigsetsize)
{
	sigset_t s;

	if (sigsetsize > sizeof(sigset_t))
		return -EINVAL;
	s.sig[0] = (current->pending.signal.sig[0] | current->signal->shared_pending.signal.sig[0]) &
		   current->blocked.sig[0];
	return copy_to_user(uset, &s, sigsetsize) ? -EFAULT : 0;
}
SYSCALL(rt_sigpending, sys_rt_sigpending);

long sys_rt_sigsuspend(const sigset_t __user *umask, size_t sigsetsize)
{
	sigset_t mask;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	current->saved_sigmask = current->blocked;
	current->restore_sigmask = true;
	set_current_blocked(&mask);
	while (!signal_pending(current)) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!signal_pending(current))
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return -ERESTARTNOHAND;
}
SYSCALL(rt_sigsuspend, sys_rt_sigsuspend);

/* Take the lowest pending signal in @mask from current's queues into @info; 0 if none.
 * Caller holds siglock. */
static int dequeue_signal(unsigned long mask, siginfo_t *info)
{
	struct sigpending *sets[2] = { &current->pending, &current->signal->shared_pending };

	for (int i = 0; i < 2; i++) {
		unsigned long m = sets[i]->signal.sig[0] & mask;
		struct sigqueue *q;
		int sig;
		bool more = false;

		if (!m)
			continue;
		sig = __builtin_ctzl(m) + 1;
		if (m & sigmask(SIGKILL))
			sig = SIGKILL;
		memset(info, 0, sizeof(*info));
		info->si_signo = sig;
		info->si_code = SI_USER;
		list_for_each_entry(q, &sets[i]->list, list) {
			if (q->info.si_signo == sig) {
				*info = q->info;
				list_del_init(&q->list);
				kfree(q);
				break;
			}
		}
		list_for_each_entry(q, &sets[i]->list, list)
			if (q->info.si_signo == sig)
				more = true;
		if (!more)
			sigdelset(&sets[i]->signal, sig);
		return sig;
	}
	return 0;
}

long sys_rt_sigtimedwait(const sigset_t __user *uthese, siginfo_t __user *uinfo,
			 const struct __kernel_timespec __user *uts, size_t sigsetsize)
{
	sigset_t these;
	struct __kernel_timespec ts;
	siginfo_t info;
	unsigned long flags;
	s64 timeout = -1;
	int sig;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&these, uthese, sizeof(these)))
		return -EFAULT;
	if (uts) {
		if (copy_from_user(&ts, uts, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000 || ts.tv_sec < 0)
			return -EINVAL;
		timeout = ts.tv_sec * 1000000000LL + ts.tv_nsec;
	}
	these.sig[0] &= ~SIG_KERNEL_ONLY_MASK;
	for (;;) {
		spin_lock_irqsave(&current->sighand->siglock, flags);
		sig = dequeue_signal(these.sig[0], &info);
		spin_unlock_irqrestore(&current->sighand->siglock, flags);
		if (sig)
			break;
		if (timeout == 0)
			return -EAGAIN;
		if (signal_pending(current))
			return -EINTR;
		/* wait with @these temporarily unblocked so their arrival wakes us */
		sigset_t saved = current->blocked;
		sigset_t tmp = { { saved.sig[0] & ~these.sig[0] } };
		set_current_blocked(&tmp);
		set_current_state(TASK_INTERRUPTIBLE);
		if (!(pending_mask(current) & these.sig[0]))
			timeout = schedule_timeout(timeout);
		__set_current_state(TASK_RUNNING);
		set_current_blocked(&saved);
	}
	if (uinfo && copy_to_user(uinfo, &info, sizeof(info)))
		return -EFAULT;
	return sig;
}
SYSCALL(rt_sigtimedwait, sys_rt_sigtimedwait);

long sys_sigaltstack(const stack_t __user *uss, stack_t __user *uoss)
{
	stack_t old = { (void __user *)current->sas_ss_sp, current->sas_ss_flags, current->sas_ss_size }, ss;
	struct pt_regs *regs = task_pt_regs(current);
	bool on_stack = current->sas_ss_size && regs->sp - current->sas_ss_sp < current->sas_ss_size;

	if (!current->sas_ss_size)
		old.ss_flags = SS_DISABLE;
	else if (on_stack)
		old.ss_flags = SS_ONSTACK;
	if (uss) {
		if (copy_from_user(&ss, uss, sizeof(ss)))
			return -EFAULT;
		if (on_stack)
			return -EPERM;
		if (ss.ss_flags & ~(SS_DISABLE | SS_AUTODISARM))
			return -EINVAL;
		if (ss.ss_flags & SS_DISABLE) {
			current->sas_ss_sp = 0;
			current->sas_ss_size = 0;
		} else {
			if (ss.ss_size < MINSIGSTKSZ)
				return -ENOMEM;
			current->sas_ss_sp = (unsigned long)ss.ss_sp;
			current->sas_ss_size = ss.ss_size;
		}
		current->sas_ss_flags = ss.ss_flags & SS_AUTODISARM;
	}
	if (uoss && copy_to_user(uoss, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}
SYSCALL(sigaltstack, sys_sigaltstack);

/* Stop the whole process for job control (signal @sig) until SIGCONT or SIGKILL. */
static void do_signal_stop(int sig)
{
	struct signal_struct *s = current->signal;
	unsigned long flags;

	spin_lock_irqsave(&current->sighand->siglock, flags);
	if (!(s->flags & SIGNAL_STOP_STOPPED)) {
		s->flags = (s->flags & ~SIGNAL_STOP_CONTINUED) | SIGNAL_STOP_STOPPED | SIGNAL_STOP_NOTIFY;
		s->stop_code = sig;
		spin_unlock_irqrestore(&current->sighand->siglock, flags);
		notify_parent_cldstop(current->group_leader, CLD_STOPPED, sig);
	} else {
		spin_unlock_irqrestore(&current->sighand->siglock, flags);
	}
	for (;;) {
		set_current_state(TASK_STOPPED);
		if (!(READ_ONCE(s->flags) & SIGNAL_STOP_STOPPED) || (pending_mask(current) & sigmask(SIGKILL)))
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
}

static void restart_syscall_regs(struct pt_regs *regs, bool has_handler, unsigned long sa_flags)
{
	long ret = regs->regs[0];

	if (regs->syscallno < 0)
		return;
	switch (ret) {
	case -ERESTART_RESTARTBLOCK:
	case -ERESTARTNOHAND:
		if (has_handler) {
			regs->regs[0] = -EINTR;
			break;
		}
		goto restart;
	case -ERESTARTSYS:
		if (has_handler && !(sa_flags & SA_RESTART)) {
			regs->regs[0] = -EINTR;
			break;
		}
		/* fall through */
	case -ERESTARTNOINTR:
restart:
		regs->regs[0] = regs->orig_x0;
		regs->pc -= 4;
		if (ret == -ERESTART_RESTARTBLOCK)
			regs->regs[8] = __NR_restart_syscall;
		break;
	}
	regs->syscallno = -1;
}

void do_signal(struct pt_regs *regs)
{
	struct sighand_struct *sh = current->sighand;
	unsigned long flags;
	siginfo_t info;
	int sig;

	for (;;) {
		struct k_sigaction ka;

		if (current->signal->flags & SIGNAL_GROUP_EXIT)
			do_exit(current->signal->group_exit_code);
		if (current->signal->flags & SIGNAL_STOP_STOPPED) {
			do_signal_stop(current->signal->stop_code);
			continue;
		}
		spin_lock_irqsave(&sh->siglock, flags);
		sig = dequeue_signal(~current->blocked.sig[0], &info);
		ka = sh->action[sig ? sig - 1 : 0];
		if (sig && ka.sa.sa_handler != SIG_IGN && ka.sa.sa_handler != SIG_DFL &&
		    (ka.sa.sa_flags & SA_RESETHAND))
			sh->action[sig - 1].sa.sa_handler = SIG_DFL;
		spin_unlock_irqrestore(&sh->siglock, flags);
		if (!sig)
			break;
		if (ka.sa.sa_handler == SIG_IGN)
			continue;
		if (ka.sa.sa_handler != SIG_DFL) {
			sigset_t *old = current->restore_sigmask ? &current->saved_sigmask : &current->blocked;
			sigset_t newmask;

			restart_syscall_regs(regs, true, ka.sa.sa_flags);
			if (setup_rt_frame(sig, &ka, &info, old, regs)) {
				force_sig_fault(SIGSEGV, SI_KERNEL, 0);
				continue;
			}
			newmask.sig[0] = old->sig[0] | ka.sa.sa_mask.sig[0];
			if (!(ka.sa.sa_flags & SA_NODEFER))
				sigaddset(&newmask, sig);
			current->restore_sigmask = false;
			set_current_blocked(&newmask);
			return;
		}
		if (sig_kernel_ignore(sig))
			continue;
		if (current->tgid == 1 && sig != SIGKILL)
			continue;	/* init only gets the signals it has handlers for */
		if (sig_kernel_stop(sig)) {
			if (sig != SIGSTOP && is_current_pgrp_orphaned())
				continue;
			do_signal_stop(sig);
			continue;
		}
		do_group_exit(sig);	/* no core files are written, so never the 0x80 core flag */
	}
	restart_syscall_regs(regs, false, 0);
	if (current->restore_sigmask) {
		current->restore_sigmask = false;
		set_current_blocked(&current->saved_sigmask);
	}
}

long sys_restart_syscall(void)
{
	struct restart_block *rb = &current->restart_block;

	return rb->fn ? rb->fn(rb) : -EINTR;
}
SYSCALL(restart_syscall, sys_restart_syscall);
