/* TTY job control: the controlling terminal of a session, its foreground process group,
 * and the checks that stop background jobs (SIGTTIN/SIGTTOU).  Spec: POSIX General
 * Terminal Interface 11.1.2-11.1.4, credentials(7), and Linux's tty_jobctrl.c behaviour
 * (e.g. TIOCSCTTY arg 1 steals a tty for root, TIOCSPGRP from an orphaned background
 * group fails with ENOTTY; through a pty master these ioctls act on the slave, and
 * TIOCGPGRP/TIOCGSID work without it being the caller's controlling tty), and the
 * hang-up of a pty slave whose master closed.
 *
 * Relies on kernel/ for signals (kill_pgrp, sig_ignored_or_blocked,
 * is_current_pgrp_orphaned) and the process tree (for_each_process_in_session,
 * pgrp_exists_in_session).  signal->tty, like signal->leader/session, is read and written
 * under tasklist_lock (as setsid does); tty->session/pgrp under tty->ctrl_lock, taken
 * inside it.  kill_pgrp() takes tasklist_lock, so it is only called with neither held. */
#include "tty.h"
#include <anvil/errno.h>
#include <anvil/sched.h>
#include <anvil/signal.h>
#include <anvil/uaccess.h>

pid_t tty_get_pgrp(struct tty_struct *tty)
{
	unsigned long flags;
	pid_t pgrp;

	spin_lock_irqsave(&tty->ctrl_lock, flags);
	pgrp = tty->pgrp;
	spin_unlock_irqrestore(&tty->ctrl_lock, flags);
	return pgrp;
}

pid_t tty_get_session(struct tty_struct *tty)
{
	unsigned long flags;
	pid_t sid;

	spin_lock_irqsave(&tty->ctrl_lock, flags);
	sid = tty->session;
	spin_unlock_irqrestore(&tty->ctrl_lock, flags);
	return sid;
}

void tty_signal_pgrp(struct tty_struct *tty, int sig)
{
	pid_t pgrp = tty_get_pgrp(tty);

	if (pgrp > 0)
		kill_pgrp(pgrp, sig, 1);
}

struct tty_struct *get_current_tty(void)
{
	struct tty_struct *tty;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	tty = tty_kref_get(current->signal->tty);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return tty;
}

static bool is_current_ctty(struct tty_struct *tty)
{
	return READ_ONCE(current->signal->tty) == tty;
}

int tty_check_change(struct tty_struct *tty, int sig)
{
	pid_t tty_pgrp, pgrp = task_pgrp_nr(current);

	if (!is_current_ctty(tty))
		return 0;
	tty_pgrp = tty_get_pgrp(tty);
	if (!tty_pgrp || tty_pgrp == pgrp)
		return 0;
	if (sig_ignored_or_blocked(current, sig))
		return sig == SIGTTIN ? -EIO : 0;
	if (is_current_pgrp_orphaned())
		return -EIO;
	kill_pgrp(pgrp, sig, 1);
	return -ERESTARTSYS;
}

/* Make @tty current's controlling tty, provided its session is still @owner (0: none);
 * a stolen tty keeps no ties to its old session's foreground group.  Caller holds
 * tasklist_lock.  Returns false if someone else claimed it first. */
static bool proc_set_tty(struct tty_struct *tty, pid_t owner)
{
	struct signal_struct *sig = current->signal;
	struct tty_struct *old;
	bool claimed;

	spin_lock(&tty->ctrl_lock);
	claimed = tty->session == owner;
	if (claimed) {
		tty->session = sig->session;
		tty->pgrp = sig->pgrp;
	}
	spin_unlock(&tty->ctrl_lock);
	if (!claimed)
		return false;
	old = sig->tty;
	sig->tty = tty_kref_get(tty);
	tty_kref_put(old);
	return true;
}

/* Forget @p's controlling tty if it is @arg (a struct tty_struct).  Caller holds
 * tasklist_lock (for_each_process_in_session does). */
static void proc_clear_tty(struct task_struct *p, void *arg)
{
	struct tty_struct *tty = arg;

	if (p->signal->tty != tty)
		return;
	p->signal->tty = NULL;
	tty_kref_put(tty);
}

static void current_clear_tty(struct tty_struct *tty)
{
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	proc_clear_tty(current, tty);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

void tty_open_set_ctty(struct tty_struct *tty, struct file *f, bool noctty)
{
	struct signal_struct *sig = current->signal;
	unsigned long flags;

	/* Write-only opens must not gain a controlling tty (and with it /dev/tty). */
	if (noctty || !(f->f_mode & FMODE_READ))
		return;
	spin_lock_irqsave(&tasklist_lock, flags);
	if (sig->leader && !sig->tty)
		proc_set_tty(tty, 0);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

/* The session leader gives up its controlling tty: hang up the foreground group
 * (SIGHUP, then SIGCONT so stopped jobs see it; a pty on the leader's exit gets only
 * SIGHUP, as in Linux), and the session loses the tty. */
static void disassociate_ctty(bool on_exit)
{
	struct tty_struct *tty = get_current_tty();
	pid_t sid = task_session_nr(current);
	unsigned long flags;

	if (!tty)
		return;
	tty_signal_pgrp(tty, SIGHUP);
	if (!on_exit || !tty->link)
		tty_signal_pgrp(tty, SIGCONT);
	spin_lock_irqsave(&tty->ctrl_lock, flags);
	if (tty->session == sid) {
		tty->session = 0;
		tty->pgrp = 0;
	}
	spin_unlock_irqrestore(&tty->ctrl_lock, flags);
	for_each_process_in_session(sid, proc_clear_tty, tty);
	current_clear_tty(tty);		/* an exiting leader may be off the list already */
	tty_kref_put(tty);
}

void tty_session_leader_exit(void)
{
	disassociate_ctty(true);
}

/* For tty_hangup: @p (of the tty's session) loses the tty; a session leader gets
 * SIGHUP and SIGCONT.  Caller holds tasklist_lock. */
static void hangup_session_member(struct task_struct *p, void *arg)
{
	proc_clear_tty(p, arg);
	if (p->signal->leader) {
		send_sig(SIGHUP, p, 1);
		send_sig(SIGCONT, p, 1);
	}
}

void tty_hangup(struct tty_struct *tty)
{
	unsigned long flags;
	pid_t sid;

	WRITE_ONCE(tty->hung_up, true);
	spin_lock_irqsave(&tty->ctrl_lock, flags);
	sid = tty->session;
	tty->session = 0;
	tty->pgrp = 0;
	tty->pktstatus = 0;
	spin_unlock_irqrestore(&tty->ctrl_lock, flags);
	if (sid)
		for_each_process_in_session(sid, hangup_session_member, tty);
	tty_flush_input(tty);
	wake_up(&tty->read_wait);
	tty_wakeup(tty);
}

/* TIOCSCTTY: a session leader without a controlling tty takes @tty.  If @tty belongs to
 * another session, only root with @arg == 1 may steal it.  -EPERM otherwise. */
static long tiocsctty(struct tty_struct *tty, struct file *f, unsigned long arg)
{
	struct signal_struct *sig = current->signal;
	bool admin = current_euid() == 0;
	unsigned long flags;
	pid_t owner;
	long ret = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	owner = tty_get_session(tty);
	if (sig->leader && owner == sig->session)
		goto out;			/* already ours */
	if (!sig->leader || sig->tty || (owner && (arg != 1 || !admin)) ||
	    (!(f->f_mode & FMODE_READ) && !admin)) {
		ret = -EPERM;
		goto out;
	}
	if (!proc_set_tty(tty, owner))
		ret = -EPERM;
out:
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (!ret && owner && owner != task_session_nr(current))
		for_each_process_in_session(owner, proc_clear_tty, tty);
	return ret;
}

/* TIOCNOTTY: give up the controlling tty (a session leader hangs up its session). */
static long tiocnotty(struct tty_struct *tty)
{
	if (!is_current_ctty(tty))
		return -ENOTTY;
	if (current->signal->leader)
		disassociate_ctty(false);
	else
		current_clear_tty(tty);
	return 0;
}

/* TIOCGPGRP: foreground group of current's controlling tty (0 if none); through a pty
 * master, of the slave whoever asks. */
static long tiocgpgrp(struct tty_struct *tty, struct tty_struct *real, pid_t __user *p)
{
	if (tty == real && !is_current_ctty(real))
		return -ENOTTY;
	return put_user(tty_get_pgrp(real), p);
}

/* TIOCSPGRP: set the foreground group to one of current's session.  Background callers
 * get SIGTTOU first; -ENOTTY if @tty is not current's controlling tty (or the caller's
 * group is orphaned), -ESRCH for pgrp 0, -EPERM if no such group in the session. */
static long tiocspgrp(struct tty_struct *tty, pid_t __user *p)
{
	pid_t pgrp, sid = task_session_nr(current);
	unsigned long flags;
	long ret = tty_check_change(tty, SIGTTOU);

	if (ret == -EIO)
		return -ENOTTY;
	if (ret)
		return ret;
	if (get_user(pgrp, p))
		return -EFAULT;
	if (pgrp < 0)
		return -EINVAL;
	if (!is_current_ctty(tty) || tty_get_session(tty) != sid)
		return -ENOTTY;
	if (!pgrp)
		return -ESRCH;
	if (!pgrp_exists_in_session(pgrp, sid))
		return -EPERM;
	spin_lock_irqsave(&tty->ctrl_lock, flags);
	tty->pgrp = pgrp;
	spin_unlock_irqrestore(&tty->ctrl_lock, flags);
	return 0;
}

/* TIOCGSID: session of current's controlling tty (through a pty master, of the slave
 * whoever asks); -ENOTTY if it has none. */
static long tiocgsid(struct tty_struct *tty, struct tty_struct *real, pid_t __user *p)
{
	pid_t sid;

	if (tty == real && !is_current_ctty(real))
		return -ENOTTY;
	sid = tty_get_session(real);
	if (!sid)
		return -ENOTTY;
	return put_user(sid, p);
}

long tty_jobctrl_ioctl(struct tty_struct *tty, struct tty_struct *real, struct file *f,
		       unsigned int cmd, unsigned long arg)
{
	pid_t __user *p = (pid_t __user *)arg;

	switch (cmd) {
	case TIOCSCTTY:
		return tiocsctty(real, f, arg);
	case TIOCNOTTY:
		return tiocnotty(tty);
	case TIOCGPGRP:
		return tiocgpgrp(tty, real, p);
	case TIOCSPGRP:
		return tiocspgrp(real, p);
	case TIOCGSID:
		return tiocgsid(tty, real, p);
	}
	return -ENOIOCTLCMD;
}
