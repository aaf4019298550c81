/* TTY mode ioctls: termios (TCGETS/TCSETS*, termios2 and the old termio), window size,
 * CLOCAL (TIOCxSOFTCAR), flushing (TCFLSH) and flow control (TCXONC).  Spec: termios(3),
 * ioctl_tty(2) and Linux's tty_ioctl.c behaviour: changes from a background process group
 * get SIGTTOU, TCSETSF discards unread input, speeds follow CBAUD/CIBAUD (BOTHER: the
 * termios2 speeds).  Relies on the line discipline's set_termios/flush/flow hooks and on
 * tty_jobctrl.c.  The drivers have no hardware settings, so every c_cflag is accepted as
 * given (as for a driver that applies any setting), except what a driver's set_termios
 * hook adjusts (a pty slave keeps CS8 and CREAD).  On a pty master, termios, window
 * size and CLOCAL act on the slave; flushing and flow control on the master itself. */
#include "tty.h"
#include <anvil/errno.h>
#include <anvil/signal.h>
#include <anvil/string.h>
#include <anvil/uaccess.h>

/* How a TCSETS-family ioctl takes its argument and what it does first. */
#define SET_WAIT	0x1	/* drain output first (TCSETSW) */
#define SET_FLUSH	0x2	/* drain output, discard input (TCSETSF) */
#define SET_TERMIOS2	0x4	/* struct termios2 */
#define SET_TERMIO	0x8	/* old struct termio */

/* Bits/s for CBAUD values 0-15, then CBAUDEX|1 .. CBAUDEX|15. */
static const speed_t baud_table[] = {
	0, 50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600, 19200, 38400,
	57600, 115200, 230400, 460800, 500000, 576000, 921600, 1000000, 1152000, 1500000,
	2000000, 2500000, 3000000, 3500000, 4000000,
};

/* Speed encoded by @cbaud (a CBAUD-masked value); BOTHER means @given. */
static speed_t decode_baud(tcflag_t cbaud, speed_t given)
{
	if (cbaud == BOTHER)
		return given;
	if (cbaud & CBAUDEX)
		cbaud = (cbaud & ~CBAUDEX) + 15;
	return cbaud < ARRAY_SIZE(baud_table) ? baud_table[cbaud] : 0;
}

/* Recompute the termios2 speeds from c_cflag (CIBAUD 0: input speed = output speed). */
static void update_speeds(const struct termios *t, speed_t *ispeed, speed_t *ospeed)
{
	tcflag_t ibaud = (t->c_cflag >> IBSHIFT) & CBAUD;

	*ospeed = decode_baud(t->c_cflag & CBAUD, *ospeed);
	*ispeed = ibaud == B0 ? *ospeed : decode_baud(ibaud, *ispeed);
}

/* Install new settings and let the driver and the line discipline adapt; wakes readers
 * and writers so they re-evaluate under the new mode.  ADDRB cannot be changed through
 * termios. */
static void tty_set_termios(struct tty_struct *tty, const struct termios *nt, speed_t ispeed,
			    speed_t ospeed)
{
	struct termios old;
	unsigned long flags;

	spin_lock_irqsave(&tty->lock, flags);
	old = tty->termios;
	tty->termios = *nt;
	tty->termios.c_cflag ^= (tty->termios.c_cflag ^ old.c_cflag) & ADDRB;
	tty->ispeed = ispeed;
	tty->ospeed = ospeed;
	if (tty->ops->set_termios)
		tty->ops->set_termios(tty, &old);
	tty->ldisc->set_termios(tty, &old);
	spin_unlock_irqrestore(&tty->lock, flags);
	wake_up(&tty->read_wait);
	wake_up(&tty->write_wait);
}

static void get_termios(struct tty_struct *tty, struct termios *t, speed_t *ispeed, speed_t *ospeed)
{
	unsigned long flags;

	spin_lock_irqsave(&tty->lock, flags);
	*t = tty->termios;
	*ispeed = tty->ispeed;
	*ospeed = tty->ospeed;
	spin_unlock_irqrestore(&tty->lock, flags);
}

/* Replace the low 16 bits of a flag word (struct termio carries only those). */
static tcflag_t low16(tcflag_t old, unsigned short v)
{
	return (old & 0xffff0000u) | v;
}

/* Merge the user's settings (in the ioctl's format) into @t. */
static int termios_from_user(struct termios *t, speed_t *ispeed, speed_t *ospeed,
			     const void __user *arg, int opt)
{
	struct termios2 t2;
	struct termio tio;

	if (opt & SET_TERMIO) {
		if (copy_from_user(&tio, arg, sizeof(tio)))
			return -EFAULT;
		t->c_iflag = low16(t->c_iflag, tio.c_iflag);
		t->c_oflag = low16(t->c_oflag, tio.c_oflag);
		t->c_cflag = low16(t->c_cflag, tio.c_cflag);
		t->c_lflag = low16(t->c_lflag, tio.c_lflag);
		t->c_line = tio.c_line;
		memcpy(t->c_cc, tio.c_cc, NCC);
	} else if (opt & SET_TERMIOS2) {
		if (copy_from_user(&t2, arg, sizeof(t2)))
			return -EFAULT;
		memcpy(t, &t2, sizeof(*t));
		*ispeed = t2.c_ispeed;
		*ospeed = t2.c_ospeed;
	} else if (copy_from_user(t, arg, sizeof(*t))) {
		return -EFAULT;
	}
	update_speeds(t, ispeed, ospeed);
	return 0;
}

/* TCSETS and friends.  Background groups get SIGTTOU (tty_check_change).  The W/F
 * variants wait for writers (output is synchronous, so that drains it) and F discards
 * unread input. */
static long set_termios(struct tty_struct *tty, const void __user *arg, int opt)
{
	struct termios nt;
	speed_t ispeed, ospeed;
	long ret = tty_check_change(tty, SIGTTOU);

	if (ret)
		return ret;
	get_termios(tty, &nt, &ispeed, &ospeed);
	ret = termios_from_user(&nt, &ispeed, &ospeed, arg, opt);
	if (ret)
		return ret;
	if (!(opt & (SET_WAIT | SET_FLUSH))) {
		tty_set_termios(tty, &nt, ispeed, ospeed);
		return 0;
	}
	if (mutex_lock_interruptible(&tty->write_mutex))
		return -ERESTARTSYS;
	if (opt & SET_FLUSH)
		tty_flush_input(tty);
	tty_set_termios(tty, &nt, ispeed, ospeed);
	mutex_unlock(&tty->write_mutex);
	return 0;
}

static long get_termios_ioctl(struct tty_struct *tty, void __user *arg, int opt)
{
	struct termios t;
	struct termios2 t2;
	struct termio tio;
	speed_t ispeed, ospeed;

	get_termios(tty, &t, &ispeed, &ospeed);
	if (opt & SET_TERMIO) {
		tio.c_iflag = t.c_iflag;
		tio.c_oflag = t.c_oflag;
		tio.c_cflag = t.c_cflag;
		tio.c_lflag = t.c_lflag;
		tio.c_line = t.c_line;
		memcpy(tio.c_cc, t.c_cc, NCC);
		return copy_to_user(arg, &tio, sizeof(tio));
	}
	if (opt & SET_TERMIOS2) {
		memset(&t2, 0, sizeof(t2));
		memcpy(&t2, &t, sizeof(t));
		t2.c_ispeed = ispeed;
		t2.c_ospeed = ospeed;
		return copy_to_user(arg, &t2, sizeof(t2));
	}
	return copy_to_user(arg, &t, sizeof(t));
}

/* TIOCSSOFTCAR: set or clear CLOCAL. */
static long set_softcar(struct tty_struct *tty, int __user *p)
{
	struct termios nt;
	speed_t ispeed, ospeed;
	int on;

	if (get_user(on, p))
		return -EFAULT;
	get_termios(tty, &nt, &ispeed, &ospeed);
	nt.c_cflag = (nt.c_cflag & ~CLOCAL) | (on ? CLOCAL : 0);
	tty_set_termios(tty, &nt, ispeed, ospeed);
	return 0;
}

static long get_winsize(struct tty_struct *tty, void __user *arg)
{
	struct winsize ws;
	unsigned long flags;

	spin_lock_irqsave(&tty->lock, flags);
	ws = tty->winsize;
	spin_unlock_irqrestore(&tty->lock, flags);
	return copy_to_user(arg, &ws, sizeof(ws));
}

/* TIOCSWINSZ: a change is announced to the foreground group with SIGWINCH. */
static long set_winsize(struct tty_struct *tty, const void __user *arg)
{
	struct winsize ws;
	unsigned long flags;
	bool changed;

	if (copy_from_user(&ws, arg, sizeof(ws)))
		return -EFAULT;
	spin_lock_irqsave(&tty->lock, flags);
	changed = memcmp(&ws, &tty->winsize, sizeof(ws)) != 0;
	tty->winsize = ws;
	spin_unlock_irqrestore(&tty->lock, flags);
	if (changed)
		tty_signal_pgrp(tty, SIGWINCH);
	return 0;
}

/* TCFLSH: discard unread input and/or held output. */
static long tty_flush(struct tty_struct *tty, unsigned long queue)
{
	long ret = tty_check_change(tty, SIGTTOU);

	if (ret)
		return ret;
	switch (queue) {
	case TCIFLUSH:
		tty_flush_input(tty);
		return 0;
	case TCIOFLUSH:
		tty_flush_input(tty);
		tty_flush_output(tty);
		return 0;
	case TCOFLUSH:
		tty_flush_output(tty);
		return 0;
	}
	return -EINVAL;
}

/* Send a flow-control character ahead of normal output (TCIOFF/TCION). */
static long send_xchar(struct tty_struct *tty, int index)
{
	u8 c = READ_ONCE(tty->termios.c_cc[index]);
	ssize_t r;

	if (c == 0)		/* _POSIX_VDISABLE */
		return 0;
	r = tty_put_bytes(tty, &c, 1, false);
	return r < 0 ? r : 0;
}

/* TCXONC (tcflow(3)). */
static long tty_flow(struct tty_struct *tty, unsigned long action)
{
	long ret = tty_check_change(tty, SIGTTOU);

	if (ret)
		return ret;
	switch (action) {
	case TCOOFF:
		tty->ldisc->flow(tty, true);
		return 0;
	case TCOON:
		tty->ldisc->flow(tty, false);
		return 0;
	case TCIOFF:
		return send_xchar(tty, VSTOP);
	case TCION:
		return send_xchar(tty, VSTART);
	}
	return -EINVAL;
}

long tty_mode_ioctl(struct tty_struct *tty, struct file *f, unsigned int cmd, unsigned long arg)
{
	struct tty_struct *real = tty_pair_get_tty(tty);
	void __user *p = (void __user *)arg;

	switch (cmd) {
	case TCGETS:
		return get_termios_ioctl(real, p, 0);
	case TCGETS2:
		return get_termios_ioctl(real, p, SET_TERMIOS2);
	case TCGETA:
		return get_termios_ioctl(real, p, SET_TERMIO);
	case TCSETS:
		return set_termios(real, p, 0);
	case TCSETSW:
		return set_termios(real, p, SET_WAIT);
	case TCSETSF:
		return set_termios(real, p, SET_FLUSH);
	case TCSETS2:
		return set_termios(real, p, SET_TERMIOS2);
	case TCSETSW2:
		return set_termios(real, p, SET_TERMIOS2 | SET_WAIT);
	case TCSETSF2:
		return set_termios(real, p, SET_TERMIOS2 | SET_FLUSH);
	case TCSETA:
		return set_termios(real, p, SET_TERMIO);
	case TCSETAW:
		return set_termios(real, p, SET_TERMIO | SET_WAIT);
	case TCSETAF:
		return set_termios(real, p, SET_TERMIO | SET_FLUSH);
	case TIOCGWINSZ:
		return get_winsize(real, p);
	case TIOCSWINSZ:
		return set_winsize(real, p);
	case TIOCGSOFTCAR:
		return put_user((READ_ONCE(real->termios.c_cflag) & CLOCAL) ? 1 : 0, (int __user *)p);
	case TIOCSSOFTCAR:
		return set_softcar(real, p);
	case TCFLSH:
		return tty_flush(tty, arg);
	case TCXONC:
		return tty_flow(tty, arg);
	}
	return -ENOIOCTLCMD;
}
