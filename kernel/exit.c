/*
 * Process exit and reaping: exit/exit_group, zombies, SIGCHLD to the parent,
 * reparenting orphans to init, and wait4/waitid (wait(2)) including stopped and
 * continued children.
 */
#include <anvil/sched.h>
#include <anvil/signal.h>
#include <anvil/mman.h>
#include <anvil/fs.h>
#include <anvil/tty.h>
#include <anvil/slab.h>
#include <anvil/uaccess.h>
#include <anvil/syscall.h>
#include <anvil/errno.h>
#include <anvil/string.h>
#include <anvil/printk.h>
#include <anvil/futex.h>
#include <anvil/pgtable.h>
#include <linux/wait.h>
#include <linux/resource.h>

void put_signal_struct(struct signal_struct *s);
void put_sighand(struct sighand_struct *sh);
void mm_release_vfork(struct task_struct *t);

static struct task_struct *child_reaper(void)
{
	return find_task_by_pid(1);
}

/* Tell @t's parent about a stop (CLD_STOPPED) or continue (CLD_CONTINUED). */
void notify_parent_cldstop(struct task_struct *t, int why, int status)
{
	struct task_struct *parent = t->parent;
	struct k_sigaction *ka;
	siginfo_t info;

	if (!parent)
		return;
	ka = &parent->sighand->action[SIGCHLD - 1];
	if (!(ka->sa.sa_flags & SA_NOCLDSTOP) && ka->sa.sa_handler != SIG_IGN) {
		memset(&info, 0, sizeof(info));
		info.si_signo = SIGCHLD;
		info.si_code = why;
		info.si_pid = t->tgid;
		info.si_uid = t->cred.uid;
		info.si_status = status;
		send_sig_info(SIGCHLD, &info, parent);
	}
	wake_up(&parent->signal->wait_chldexit);
}

/* A process finished: SIGCHLD (or its exit_signal) to the parent.  Returns true if the
 * parent does not want to reap it (SIGCHLD ignored or SA_NOCLDWAIT): reap it now. */
static bool notify_parent_exit(struct task_struct *t)
{
	struct task_struct *parent = t->parent;
	struct k_sigaction *ka = &parent->sighand->action[SIGCHLD - 1];
	bool autoreap = false;
	siginfo_t info;
	int code = t->exit_code;

	memset(&info, 0, sizeof(info));
	info.si_signo = t->exit_signal;
	info.si_pid = t->tgid;
	info.si_uid = t->cred.uid;
	if (code & 0x7f) {
		info.si_code = CLD_KILLED;
		info.si_status = code & 0x7f;
	} else {
		info.si_code = CLD_EXITED;
		info.si_status = (code >> 8) & 0xff;
	}
	if (t->exit_signal == SIGCHLD &&
	    (ka->sa.sa_handler == SIG_IGN || (ka->sa.sa_flags & SA_NOCLDWAIT)))
		autoreap = true;
	else if (t->exit_signal > 0)
		send_sig_info(t->exit_signal, &info, parent);
	wake_up(&parent->signal->wait_chldexit);
	return autoreap;
}

/* Free a reaped (or self-reaping) task's remaining state.  Caller holds tasklist_lock. */
static void release_task(struct task_struct *t)
{
	t->exit_state = EXIT_DEAD;
	list_del_init(&t->tasks);
	list_del_init(&t->sibling);
	list_del_init(&t->thread_node);
	put_signal_struct(t->signal);
	put_sighand(t->sighand);
	put_task_struct(t);
}

/* Give @t's children to init; zombies among them are announced to init. */
static void reparent_children(struct task_struct *t)
{
	struct task_struct *reaper = child_reaper(), *c, *n;

	list_for_each_entry_safe(c, n, &t->children, sibling) {
		list_del_init(&c->sibling);
		c->parent = reaper;
		if (reaper)
			list_add_tail(&c->sibling, &reaper->children);
		struct task_struct *th;
		list_for_each_entry(th, &c->signal->thread_head, thread_node)
			th->parent = reaper;
		if (c->exit_state == EXIT_ZOMBIE && reaper) {
			c->exit_signal = SIGCHLD;
			if (notify_parent_exit(c))
				release_task(c);
		}
	}
}

__noreturn void do_exit(int code)
{
	struct task_struct *t = current;
	struct mm_struct *mm = t->mm;
	unsigned long flags;
	bool group_dead, autoreap = false;

	if (t->flags & PF_EXITING)
		panic("recursive do_exit in pid %d", t->pid);
	t->flags |= PF_EXITING;
	if (t->tgid == 1 && t->signal->nr_threads == 1)
		panic("Attempted to kill init! exitcode=0x%08x", code);

	if (t->clear_child_tid && mm && atomic_read(&mm->mm_users) > 1) {
		put_user(0, t->clear_child_tid);
		futex_wake((u32 __user *)t->clear_child_tid, 1, FUTEX_BITSET_MATCH_ANY);
	}
	mm_release_vfork(t);
	if (mm) {
		t->mm = NULL;
		switch_mm(NULL);
		mmput(mm);
	}
	put_files(t->files);
	t->files = NULL;
	put_fs_struct(t->fs);
	t->fs = NULL;

	spin_lock_irqsave(&tasklist_lock, flags);
	group_dead = --t->signal->nr_threads == 0;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (group_dead)
		del_timer(&t->signal->real_timer);
	if (group_dead && t->signal->leader)
		tty_session_leader_exit();

	spin_lock_irqsave(&tasklist_lock, flags);
	t->exit_code = (t->signal->flags & SIGNAL_GROUP_EXIT) ? t->signal->group_exit_code : code;
	reparent_children(t);
	if (t->group_leader != t) {
		/* a thread: reaps itself; if it was the last, the zombie leader is now reportable */
		struct task_struct *leader = t->group_leader;
		release_task(t);
		if (group_dead && leader->exit_state == EXIT_ZOMBIE && notify_parent_exit(leader))
			release_task(leader);
	} else {
		t->exit_state = EXIT_ZOMBIE;
		if (group_dead)
			autoreap = notify_parent_exit(t);
		if (autoreap)
			release_task(t);
	}
	t->state = TASK_DEAD;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	schedule();
	panic("dead task %d ran again", t->pid);
}

/* Kill every thread of the process with status @code (a wait status). */
__noreturn void do_group_exit(int code)
{
	struct signal_struct *s = current->signal;
	struct task_struct *th;
	unsigned long flags;

	spin_lock_irqsave(&current->sighand->siglock, flags);
	if (!(s->flags & SIGNAL_GROUP_EXIT)) {
		s->flags |= SIGNAL_GROUP_EXIT;
		s->group_exit_code = code;
		list_for_each_entry(th, &s->thread_head, thread_node)
			if (th != current)
				wake_up_state(th, TASK_INTERRUPTIBLE | TASK_STOPPED);
	}
	code = s->group_exit_code;
	spin_unlock_irqrestore(&current->sighand->siglock, flags);
	do_exit(code);
}

long sys_exit(int code)
{
	do_exit((code & 0xff) << 8);
}
SYSCALL(exit, sys_exit);

long sys_exit_group(int code)
{
	do_group_exit((code & 0xff) << 8);
}
SYSCALL(exit_group, sys_exit_group);

static bool wait_match(struct task_struct *c, pid_t pid, int options)
{
	if (pid > 0 && c->tgid != pid)
		return false;
	if (pid == 0 && c->signal->pgrp != current->signal->pgrp)
		return false;
	if (pid < -1 && c->signal->pgrp != -pid)
		return false;
	/* __WCLONE selects children that do not report with SIGCHLD; __WALL both */
	if (!(options & __WALL) && ((c->exit_signal != SIGCHLD) != !!(options & __WCLONE)))
		return false;
	return true;
}

struct wait_result {
	pid_t pid;
	int status;		/* wait4 status word */
	int code;		/* waitid: CLD_* */
	int cld_status;
	uid_t uid;
	struct rusage ru;
};

static void fill_rusage(struct rusage *ru, u64 utime, u64 stime)
{
	memset(ru, 0, sizeof(*ru));
	ru->ru_utime.tv_sec = utime / 1000000000;
	ru->ru_utime.tv_usec = utime % 1000000000 / 1000;
	ru->ru_stime.tv_sec = stime / 1000000000;
	ru->ru_stime.tv_usec = stime % 1000000000 / 1000;
}

/* One pass over current's children.  Returns >0 (found, *res filled), 0 (children exist,
 * none ready), -ECHILD.  Caller holds tasklist_lock. */
static int wait_scan(pid_t pid, int options, struct wait_result *res)
{
	struct task_struct *c, *n, *parent;
	bool any = false;

	/* children of any thread of this process count */
	list_for_each_entry(parent, &current->signal->thread_head, thread_node) {
		list_for_each_entry_safe(c, n, &parent->children, sibling) {
			if (!wait_match(c, pid, options))
				continue;
			any = true;
			res->pid = c->tgid;
			res->uid = c->cred.uid;
			if (c->exit_state == EXIT_ZOMBIE && c->signal->nr_threads == 0 && (options & WEXITED)) {
				int code = c->exit_code;
				res->status = code;
				res->code = (code & 0x7f) ? CLD_KILLED : CLD_EXITED;
				res->cld_status = (code & 0x7f) ? (code & 0x7f) : (code >> 8) & 0xff;
				fill_rusage(&res->ru, c->utime + c->signal->cutime, c->stime + c->signal->cstime);
				if (!(options & WNOWAIT)) {
					current->signal->cutime += c->utime + c->signal->cutime;
					current->signal->cstime += c->stime + c->signal->cstime;
					release_task(c);
				}
				return 1;
			}
			if ((options & WUNTRACED) && (c->signal->flags & SIGNAL_STOP_NOTIFY) &&
			    (c->signal->flags & SIGNAL_STOP_STOPPED)) {
				int sig = c->signal->stop_code;
				if (!(options & WNOWAIT))
					c->signal->flags &= ~SIGNAL_STOP_NOTIFY;
				res->status = (sig << 8) | 0x7f;
				res->code = CLD_STOPPED;
				res->cld_status = sig;
				fill_rusage(&res->ru, c->utime, c->stime);
				return 1;
			}
			if ((options & WCONTINUED) && (c->signal->flags & SIGNAL_STOP_CONTINUED)) {
				if (!(options & WNOWAIT))
					c->signal->flags &= ~SIGNAL_STOP_CONTINUED;
				res->status = 0xffff;
				res->code = CLD_CONTINUED;
				res->cld_status = SIGCONT;
				fill_rusage(&res->ru, c->utime, c->stime);
				return 1;
			}
		}
	}
	return any ? 0 : -ECHILD;
}

static long do_wait(pid_t pid, int options, struct wait_result *res)
{
	unsigned long flags;
	long ret;

	for (;;) {
		spin_lock_irqsave(&tasklist_lock, flags);
		ret = wait_scan(pid, options, res);
		spin_unlock_irqrestore(&tasklist_lock, flags);
		if (ret || (options & WNOHANG))
			return ret;
		ret = wait_event_interruptible(current->signal->wait_chldexit, ({
			int r;
			spin_lock_irqsave(&tasklist_lock, flags);
			r = wait_scan(pid, options | WNOWAIT, res);
			spin_unlock_irqrestore(&tasklist_lock, flags);
			r != 0; }));
		if (ret)
			return ret;
	}
}

long sys_wait4(pid_t pid, int __user *status, int options, struct rusage __user *ru)
{
	struct wait_result res;
	long ret;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	if (pid == INT32_MIN)
		return -ESRCH;
	ret = do_wait(pid, options | WEXITED, &res);
	if (ret <= 0)
		return ret;
	if (status && put_user(res.status, status))
		return -EFAULT;
	if (ru && copy_to_user(ru, &res.ru, sizeof(res.ru)))
		return -EFAULT;
	return res.pid;
}
SYSCALL(wait4, sys_wait4);

long sys_waitid(int which, pid_t upid, siginfo_t __user *infop, int options, struct rusage __user *ru)
{
	struct wait_result res;
	siginfo_t info;
	pid_t pid;
	long ret;

	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	switch (which) {
	case P_ALL:
		pid = -1;
		break;
	case P_PID:
		if (upid <= 0)
			return -EINVAL;
		pid = upid;
		break;
	case P_PGID:
		if (upid < 0)
			return -EINVAL;
		pid = upid ? -upid : 0;
		break;
	default:
		return -EINVAL;
	}
	ret = do_wait(pid, options, &res);
	if (ret < 0)
		return ret;
	memset(&info, 0, sizeof(info));
	if (ret > 0) {
		info.si_signo = SIGCHLD;
		info.si_code = res.code;
		info.si_pid = res.pid;
		info.si_uid = res.uid;
		info.si_status = res.cld_status;
	}
	if (infop && copy_to_user(infop, &info, sizeof(info)))
		return -EFAULT;
	if (ru && ret > 0 && copy_to_user(ru, &res.ru, sizeof(res.ru)))
		return -EFAULT;
	return 0;
}
SYSCALL(waitid, sys_waitid);
