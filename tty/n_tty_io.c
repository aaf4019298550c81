/* N_TTY line discipline, kernel part: the tty_ldisc_ops that wrap the pure logic in
 * tty/n_tty.c with locking, sleeping, user copies and job control.  Input arrives from
 * driver interrupts (tty_receive_buf) or, for ptys, from the tty's flip buffer
 * (receive_buf2, which takes only what fits, so a pty writer waits instead of losing
 * data).  All n_tty_data state is under tty->lock with IRQs off; echoes go to the
 * driver's non-sleeping ->write from there.  Signals and wake-ups the input asks for are
 * issued after the lock is dropped.  Readers and pollers first push the flip buffer.
 * Spec: termios(3) (VMIN/VTIME, ICANON reads), read(2)/write(2) on terminals, POSIX job
 * control (SIGTTIN/SIGTTOU), ioctl_tty(2) packet mode, and Linux's n_tty read/write/poll
 * behaviour (a pty reads -EIO once the other side is closed and the input drained). */
#include "tty.h"
#include "n_tty.h"
#include <anvil/compiler.h>
#include <anvil/errno.h>
#include <anvil/sched.h>
#include <anvil/signal.h>
#include <anvil/slab.h>
#include <anvil/time.h>
#include <anvil/uaccess.h>
#include <linux/tty.h>

#define READ_CHUNK	256	/* bytes moved per lock hold when reading */
#define WRITE_CHUNK	128	/* user bytes post-processed per step when writing */
#define WRITE_OUT	(WRITE_CHUNK * 8)	/* worst case: every byte a TAB under XTABS */

static struct n_tty_data *ldata(struct tty_struct *tty)
{
	return tty->disc_data;
}

/* Echo output from n_tty.c; IRQ context possible, so it cannot wait for room. */
static void n_tty_output(void *priv, const u8 *buf, size_t n)
{
	struct tty_struct *tty = priv;

	tty->ops->write(tty, buf, n);
}

/* An ISIG flush drops what the driver has not delivered yet, before "^C" is echoed
 * (under tty->lock; the flush_buffer hook is lock-safe). */
static void n_tty_discard(void *priv)
{
	struct tty_struct *tty = priv;

	if (tty->ops->flush_buffer)
		tty->ops->flush_buffer(tty);
}

static int n_tty_open(struct tty_struct *tty)
{
	struct n_tty_data *ld = kmalloc(sizeof(*ld), GFP_KERNEL);

	if (!ld)
		return -ENOMEM;
	n_tty_init(ld, &tty->termios, n_tty_output, tty);
	ld->discard = n_tty_discard;
	tty->disc_data = ld;
	return 0;
}

static void n_tty_close(struct tty_struct *tty)
{
	kfree(tty->disc_data);
	tty->disc_data = NULL;
}

/* Caller holds tty->lock: tell the driver if output was stopped or restarted since it
 * was @was_stopped. */
static void n_tty_note_flow(struct tty_struct *tty, bool was_stopped)
{
	bool stopped = n_tty_output_stopped(ldata(tty));

	if (stopped != was_stopped)
		tty_flow_changed(tty, stopped);
}

/* Carry out what input processing asked for: ISIG signals to the foreground group
 * (a packet-mode pty master hears of the input flushed with them), then wake readers
 * and writers. */
static void n_tty_deliver(struct tty_struct *tty, const struct n_tty_events *ev, bool flushed)
{
	int sig;

	for (sig = 1; sig < 32; sig++)
		if (ev->signals & (1u << sig))
			tty_signal_pgrp(tty, sig);
	if (flushed)
		tty_packet_status(tty, TIOCPKT_FLUSHREAD, 0);
	if (ev->readable)
		wake_up(&tty->read_wait);
	if (ev->restarted)
		wake_up(&tty->write_wait);
}

/* Process input bytes: all @n (what does not fit is dropped) or, with @fit, as many as
 * there is room for.  Dropped while CREAD is clear, as a UART ignores its receiver then
 * (a pty keeps CREAD set).  Returns bytes taken. */
static size_t n_tty_receive_common(struct tty_struct *tty, const u8 *buf, size_t n, bool fit)
{
	struct n_tty_data *ld = ldata(tty);
	struct n_tty_events ev = { false, false, 0 };
	unsigned long flags;
	size_t done = 0;
	bool was_stopped, flushed;

	spin_lock_irqsave(&tty->lock, flags);
	was_stopped = n_tty_output_stopped(ld);
	while ((tty->termios.c_cflag & CREAD) && done < n) {
		size_t k = fit ? min(n_tty_receive_room(ld), n - done) : n - done;
		struct n_tty_events e;

		if (!k)
			break;
		e = n_tty_receive(ld, buf + done, k);
		ev.readable |= e.readable;
		ev.restarted |= e.restarted;
		ev.signals |= e.signals;
		done += k;
	}
	if (!(tty->termios.c_cflag & CREAD))
		done = n;
	flushed = ev.signals && !(tty->termios.c_lflag & NOFLSH);
	n_tty_note_flow(tty, was_stopped);
	spin_unlock_irqrestore(&tty->lock, flags);
	n_tty_deliver(tty, &ev, flushed);
	return done;
}

/* Input from the driver (any context). */
static void n_tty_receive_buf(struct tty_struct *tty, const u8 *buf, size_t n)
{
	n_tty_receive_common(tty, buf, n, false);
}

/* Input from the flip buffer: only what fits. */
static size_t n_tty_receive_buf2(struct tty_struct *tty, const u8 *buf, size_t n)
{
	return n_tty_receive_common(tty, buf, n, true);
}

/* Caller holds tty->lock. */
static void n_tty_set_termios_locked(struct tty_struct *tty, const struct termios *old)
{
	bool was_stopped = n_tty_output_stopped(ldata(tty));

	n_tty_set_termios(ldata(tty), old);
	n_tty_note_flow(tty, was_stopped);
}

static bool n_tty_readable(struct tty_struct *tty, bool poll)
{
	unsigned long flags;
	bool avail;

	spin_lock_irqsave(&tty->lock, flags);
	avail = n_tty_input_available(ldata(tty), poll);
	spin_unlock_irqrestore(&tty->lock, flags);
	return avail;
}

/* A pty master in packet mode with a status byte waiting. */
static bool n_tty_packet_pending(struct tty_struct *tty)
{
	return tty->pty_master && READ_ONCE(tty->packet) && READ_ONCE(tty->link->pktstatus);
}

/* Store the waiting packet status byte at @buf and clear it.  Returns 1, 0 if it was
 * taken meanwhile, or -EFAULT. */
static long n_tty_read_packet_status(struct tty_struct *tty, u8 __user *buf)
{
	struct tty_struct *slave = tty->link;
	unsigned long flags;
	u8 status;

	spin_lock_irqsave(&slave->ctrl_lock, flags);
	status = slave->pktstatus;
	slave->pktstatus = 0;
	spin_unlock_irqrestore(&slave->ctrl_lock, flags);
	if (!status)
		return 0;
	return put_user(status, buf) ? -EFAULT : 1;
}

/* Something for a blocked reader to look at: input (maybe still in the flip buffer), a
 * packet status, or the other side of a pty gone. */
static bool n_tty_input_ready(struct tty_struct *tty)
{
	return n_tty_readable(tty, false) || tty_flip_pending(tty) || n_tty_packet_pending(tty) ||
	       READ_ONCE(tty->other_closed) || READ_ONCE(tty->hung_up);
}

static bool n_tty_stopped(struct tty_struct *tty)
{
	unsigned long flags;
	bool stopped;

	spin_lock_irqsave(&tty->lock, flags);
	stopped = n_tty_output_stopped(ldata(tty));
	spin_unlock_irqrestore(&tty->lock, flags);
	return stopped;
}

/* Move queued input into @kbuf: at most one line's worth in canonical mode (*@eol set
 * once the line's end was consumed), whatever is there otherwise.  *@canon reports the
 * mode the bytes were read in. */
static size_t n_tty_take(struct tty_struct *tty, u8 *kbuf, size_t n, bool *canon, bool *eol)
{
	struct n_tty_data *ld = ldata(tty);
	unsigned long flags;
	size_t got;

	*eol = false;
	spin_lock_irqsave(&tty->lock, flags);
	*canon = ld->icanon;
	if (*canon)
		got = n_tty_read_canon(ld, kbuf, n, eol);
	else
		got = n_tty_read_raw(ld, kbuf, n);
	spin_unlock_irqrestore(&tty->lock, flags);
	return got;
}

/* Sleep until input is available or @deadline (ns, CLOCK_MONOTONIC; 0: none) passes.
 * Returns 0 (woken or timed out: the caller looks again) or -ERESTARTSYS. */
static long n_tty_wait_input(struct tty_struct *tty, u64 deadline)
{
	s64 left = -1;
	long r;

	if (deadline) {
		u64 now = ktime_get_ns();

		if (now >= deadline)
			return 0;
		left = deadline - now;
	}
	r = wait_event_interruptible_timeout(tty->read_wait, n_tty_input_ready(tty), left);
	return r < 0 ? r : 0;
}

static u64 deadline_after(s64 ns)
{
	return ns > 0 ? ktime_get_ns() + ns : 0;
}

/* read(2): canonical mode returns one line (or part of it if @n is short; 0 bytes at
 * VEOF); non-canonical mode follows VMIN/VTIME (n_tty_read_policy).  Background groups
 * get SIGTTIN (-ERESTARTSYS) or -EIO.  -EAGAIN under O_NONBLOCK when nothing is there;
 * bytes already read win over errors.  A pty with the other side closed gives -EIO
 * when nothing is left (a hung-up one 0).  A packet-mode master reads either one
 * status byte or TIOCPKT_DATA followed by data (ioctl_tty(2)). */
static ssize_t n_tty_read(struct tty_struct *tty, struct file *f, u8 __user *buf, size_t n)
{
	u8 kbuf[READ_CHUNK];
	struct n_tty_read_policy pol;
	bool nonblock = f->f_flags & O_NONBLOCK;
	size_t copied = 0;
	s64 timeout;
	u64 deadline;
	ssize_t ret = 0;
	unsigned long flags;

	if (!tty_file_is_console(f)) {
		ret = tty_check_change(tty, SIGTTIN);
		if (ret)
			return ret;
	}
	if (mutex_lock_interruptible(&tty->read_mutex))
		return -ERESTARTSYS;
	spin_lock_irqsave(&tty->lock, flags);
	pol = n_tty_read_policy(&tty->termios);
	spin_unlock_irqrestore(&tty->lock, flags);
	timeout = pol.first_ns;
	deadline = deadline_after(timeout);

	while (copied < n) {
		bool canon, eol;
		size_t got;

		tty_flip_push(tty);
		if (n_tty_packet_pending(tty)) {
			if (copied)
				break;
			ret = n_tty_read_packet_status(tty, buf);
			if (ret) {
				copied = ret > 0 ? ret : 0;
				break;
			}
		}
		if (!copied && READ_ONCE(tty->packet) && n_tty_readable(tty, false)) {
			if (put_user((u8)TIOCPKT_DATA, buf)) {
				ret = -EFAULT;
				break;
			}
			copied = 1;
		}
		got = n_tty_take(tty, kbuf, min(n - copied, sizeof(kbuf)), &canon, &eol);
		if (got && copy_to_user(buf + copied, kbuf, got)) {
			ret = -EFAULT;
			break;
		}
		copied += got;
		if (canon) {
			if (eol)
				break;		/* the line is complete */
			if (got)
				continue;	/* more of a long line */
			if (copied)
				break;		/* the rest was flushed meanwhile */
			timeout = -1;
		} else if (got) {
			if (copied >= pol.minimum && got < sizeof(kbuf))
				break;
			timeout = pol.inter_ns;	/* VTIME restarts with each byte */
			deadline = deadline_after(timeout);
			continue;
		} else if (copied >= pol.minimum) {
			break;
		}
		if (READ_ONCE(tty->other_closed)) {
			ret = -EIO;
			break;
		}
		if (READ_ONCE(tty->hung_up))
			break;
		if (!timeout)
			break;
		if (nonblock) {
			ret = -EAGAIN;
			break;
		}
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		ret = n_tty_wait_input(tty, timeout > 0 ? deadline : 0);
		if (ret)
			break;
		if (timeout > 0 && ktime_get_ns() >= deadline && !n_tty_readable(tty, false))
			break;
	}
	tty_flip_push(tty);		/* refill the room just made */
	mutex_unlock(&tty->read_mutex);
	return copied ? (ssize_t)copied : ret;
}

/* Wait while output is stopped (VSTOP, TCOOFF); a hang-up ends the wait (the write
 * then fails). */
static long n_tty_wait_started(struct tty_struct *tty, bool nonblock)
{
	if (!n_tty_stopped(tty))
		return 0;
	if (nonblock)
		return -EAGAIN;
	return wait_event_interruptible(tty->write_wait,
					!n_tty_stopped(tty) || READ_ONCE(tty->hung_up));
}

/* One post-processing step through a driver that writes synchronously (the UART) and
 * waits for room itself.  Returns source bytes used, or -errno if nothing was sent.  If
 * the driver took only part of the step's output (its wait was interrupted), the step
 * counts as written, its tail is dropped and *@stop is set. */
static ssize_t n_tty_write_sync(struct tty_struct *tty, const u8 *src, size_t len, u8 *out,
				bool nonblock, bool *stop)
{
	size_t consumed, olen;
	unsigned long flags;
	ssize_t w;

	spin_lock_irqsave(&tty->lock, flags);
	olen = n_tty_opost(ldata(tty), src, len, out, WRITE_OUT, &consumed);
	spin_unlock_irqrestore(&tty->lock, flags);
	w = olen ? tty_put_bytes(tty, out, olen, nonblock) : 0;
	if (w <= 0 && olen)
		return w;
	*stop = (size_t)w < olen;
	return consumed;
}

/* One step through a driver with a bounded buffer (ptys): post-processed and handed
 * over under tty->lock, within the room the driver reports, so no echo can take that
 * room meanwhile and no byte is half-written.  Returns source bytes used (0: no room for
 * the next one) or -errno. */
static ssize_t n_tty_write_bounded(struct tty_struct *tty, const u8 *src, size_t len, u8 *out)
{
	size_t consumed, olen;
	unsigned long flags;
	ssize_t w = 0;

	spin_lock_irqsave(&tty->lock, flags);
	olen = n_tty_opost(ldata(tty), src, len, out, min(tty_write_room(tty), (size_t)WRITE_OUT),
			   &consumed);
	if (olen)
		w = tty->ops->write(tty, out, olen);
	spin_unlock_irqrestore(&tty->lock, flags);
	if (w < 0)
		return w;
	if (olen && tty->ops->flush_chars)
		tty->ops->flush_chars(tty);
	return consumed;
}

/* Wait for the driver to report room (tty_wakeup since @seq was read) or a hang-up. */
static long n_tty_wait_room(struct tty_struct *tty, int seq)
{
	if (tty->ops->flush_chars)
		tty->ops->flush_chars(tty);
	return wait_event_interruptible(tty->write_wait, atomic_read(&tty->wakeup_seq) != seq ||
					READ_ONCE(tty->hung_up));
}

/* Post-process and send @len kernel bytes.  Returns how many of them were sent or
 * -errno if none were (-EAGAIN under @nonblock when there is no room, -EIO once the tty
 * is hung up). */
static ssize_t n_tty_write_chunk(struct tty_struct *tty, const u8 *src, size_t len, bool nonblock)
{
	u8 out[WRITE_OUT];
	size_t used = 0;
	bool stop = false;

	while (used < len && !stop) {
		int seq = atomic_read(&tty->wakeup_seq);
		ssize_t step = 0;
		long err = n_tty_wait_started(tty, nonblock);

		if (!err && signal_pending(current))
			err = -ERESTARTSYS;
		if (!err && READ_ONCE(tty->hung_up))
			err = -EIO;
		if (!err && tty->ops->write_room)
			step = n_tty_write_bounded(tty, src + used, len - used, out);
		else if (!err)
			step = n_tty_write_sync(tty, src + used, len - used, out, nonblock, &stop);
		if (step > 0) {
			used += step;
			continue;
		}
		if (!err)
			err = step ? step : nonblock ? -EAGAIN : n_tty_wait_room(tty, seq);
		if (err)
			return used ? (ssize_t)used : err;
	}
	return used;
}

/* write(2): OPOST processing, then the driver.  With TOSTOP, background groups get
 * SIGTTOU (-ERESTARTSYS) unless they ignore or block it.  Waits while output is stopped;
 * -EAGAIN under O_NONBLOCK if nothing could be written. */
static ssize_t n_tty_write(struct tty_struct *tty, struct file *f, const u8 __user *buf, size_t n)
{
	u8 src[WRITE_CHUNK];
	bool nonblock = f->f_flags & O_NONBLOCK;
	size_t done = 0;
	ssize_t ret = 0;

	if ((READ_ONCE(tty->termios.c_lflag) & TOSTOP) && !tty_file_is_console(f)) {
		ret = tty_check_change(tty, SIGTTOU);
		if (ret)
			return ret;
	}
	if (mutex_lock_interruptible(&tty->write_mutex))
		return -ERESTARTSYS;
	while (done < n) {
		size_t len = min(n - done, sizeof(src));

		if (copy_from_user(src, buf + done, len)) {
			ret = -EFAULT;
			break;
		}
		ret = n_tty_write_chunk(tty, src, len, nonblock);
		if (ret <= 0)
			break;
		done += ret;
		if ((size_t)ret < len)
			break;
	}
	mutex_unlock(&tty->write_mutex);
	return done ? (ssize_t)done : ret;
}

/* Readable when a read would not block under the current mode (VMIN counts for poll
 * when VTIME is 0), POLLPRI with a packet status waiting; writable unless output is
 * stopped or the driver has no room; POLLHUP once the other side of a pty is closed. */
static unsigned int n_tty_poll(struct tty_struct *tty, struct file *f, struct poll_table *pt)
{
	unsigned int mask = 0;

	poll_wait(f, &tty->read_wait, pt);
	poll_wait(f, &tty->write_wait, pt);
	tty_flip_push(tty);
	if (READ_ONCE(tty->other_closed))
		mask |= POLLHUP;
	if (n_tty_readable(tty, true))
		mask |= POLLIN | POLLRDNORM;
	if (n_tty_packet_pending(tty))
		mask |= POLLPRI | POLLIN | POLLRDNORM;
	if (!n_tty_stopped(tty) && tty_write_room(tty) > 0)
		mask |= POLLOUT | POLLWRNORM;
	return mask;
}

static void n_tty_flush_input_op(struct tty_struct *tty)
{
	unsigned long flags;

	spin_lock_irqsave(&tty->lock, flags);
	n_tty_flush_input(ldata(tty));
	spin_unlock_irqrestore(&tty->lock, flags);
}

static void n_tty_flush_output_op(struct tty_struct *tty)
{
	unsigned long flags;

	spin_lock_irqsave(&tty->lock, flags);
	n_tty_flush_output(ldata(tty));
	spin_unlock_irqrestore(&tty->lock, flags);
}

static size_t n_tty_inq_op(struct tty_struct *tty)
{
	unsigned long flags;
	size_t n;

	spin_lock_irqsave(&tty->lock, flags);
	n = n_tty_inq(ldata(tty));
	spin_unlock_irqrestore(&tty->lock, flags);
	return n;
}

static void n_tty_flow_op(struct tty_struct *tty, bool stop)
{
	unsigned long flags;
	bool restarted, was_stopped;

	spin_lock_irqsave(&tty->lock, flags);
	was_stopped = n_tty_output_stopped(ldata(tty));
	restarted = n_tty_tco_flow(ldata(tty), stop);
	n_tty_note_flow(tty, was_stopped);
	spin_unlock_irqrestore(&tty->lock, flags);
	if (restarted)
		wake_up(&tty->write_wait);
}

const struct tty_ldisc_ops n_tty_ops = {
	.num = N_TTY,
	.name = "n_tty",
	.open = n_tty_open,
	.close = n_tty_close,
	.read = n_tty_read,
	.write = n_tty_write,
	.poll = n_tty_poll,
	.receive_buf = n_tty_receive_buf,
	.receive_buf2 = n_tty_receive_buf2,
	.set_termios = n_tty_set_termios_locked,
	.flush_input = n_tty_flush_input_op,
	.flush_output = n_tty_flush_output_op,
	.inq = n_tty_inq_op,
	.flow = n_tty_flow_op,
};
