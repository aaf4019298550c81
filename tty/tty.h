/* TTY layer internals shared by the files in tty/: the tty object, the line discipline
 * seam, flip buffers and the helpers the core, ioctl, job-control and pty files give
 * each other.  Drivers and the rest of the kernel use <anvil/tty.h> only.
 *
 * Locks, outermost first:
 *   read_mutex / write_mutex (sleeping; one reader, one writer at a time)
 *   flip.push_mutex (sleeping; one pusher per flip buffer)
 *   tasklist_lock (irqsave; kernel/'s, also guards signal->tty)
 *   tty->lock (irqsave; termios, winsize, line discipline state)
 *   tty->ctrl_lock, the peer's flip.lock, the pty pair lock (irqsave; leaves)
 * kill_pgrp() takes tasklist_lock, so it is never called with any of the spinlocks held.
 * A pty's master writer pushes into the slave's line discipline (its write_mutex, then
 * the slave's push_mutex and lock); echoes go the other way only as far as the master's
 * flip buffer, which the master's reader drains: no tty->lock is ever taken inside
 * another's. */
#ifndef TTY_TTY_H
#define TTY_TTY_H

#include <anvil/tty.h>
#include <anvil/types.h>
#include <anvil/atomic.h>
#include <anvil/list.h>
#include <anvil/spinlock.h>
#include <anvil/mutex.h>
#include <anvil/wait.h>
#include <anvil/fs.h>
#include <asm/termios.h>

#define TTY_NAME_LEN	32
#define TTY_FLIP_SIZE	8192	/* a pty's undelivered input (Linux: 8 KiB per port) */

/* A line discipline: what sits between the file operations and the driver. */
struct tty_ldisc_ops {
	int num;				/* N_* from <linux/tty.h> */
	const char *name;
	int (*open)(struct tty_struct *tty);	/* allocate tty->disc_data */
	void (*close)(struct tty_struct *tty);
	ssize_t (*read)(struct tty_struct *tty, struct file *f, u8 __user *buf, size_t n);
	ssize_t (*write)(struct tty_struct *tty, struct file *f, const u8 __user *buf, size_t n);
	unsigned int (*poll)(struct tty_struct *tty, struct file *f, struct poll_table *pt);
	/* Input from the driver; any context.  What does not fit is dropped. */
	void (*receive_buf)(struct tty_struct *tty, const u8 *buf, size_t n);
	/* Input from a flip buffer: takes only what fits (in canonical mode with no line
	 * finished, every byte fits: the excess is dropped as termios(3) says); returns
	 * bytes taken.  Process context, no tty spinlock held. */
	size_t (*receive_buf2)(struct tty_struct *tty, const u8 *buf, size_t n);
	/* tty->termios was replaced (caller holds tty->lock); @old is the previous one. */
	void (*set_termios)(struct tty_struct *tty, const struct termios *old);
	/* Discard input (TCIFLUSH) or held output (TCOFLUSH). */
	void (*flush_input)(struct tty_struct *tty);
	void (*flush_output)(struct tty_struct *tty);
	/* Bytes a read could return now (FIONREAD). */
	size_t (*inq)(struct tty_struct *tty);
	/* TCXONC TCOOFF/TCOON. */
	void (*flow)(struct tty_struct *tty, bool stop);
};

/* Input handed over by a driver that the line discipline has not taken yet: lets a
 * writer queue bytes without taking the receiving tty's lock (ptys).  Bytes are moved
 * on by tty_flip_push(), which the writer and the receiving side's readers call. */
struct tty_flip {
	spinlock_t lock;		/* irqsave: buf, head, tail, gen */
	struct mutex push_mutex;	/* one pusher, so bytes reach the ldisc in order */
	u8 *buf;			/* TTY_FLIP_SIZE bytes; NULL: no flip buffer */
	size_t head, tail;		/* free-running; [tail, head) is queued */
	unsigned int gen;		/* bumped by flushes: a push in flight drops its tally */
};

struct tty_struct {
	atomic_t count;			/* references: registration, open files, signal_structs */
	char name[TTY_NAME_LEN];
	dev_t dev;
	const struct tty_operations *ops;
	void *driver_data;
	struct list_head node;		/* tty_list (tty_io.c) */
	struct tty_struct *link;	/* pty: the other side (both are freed together) */

	spinlock_t lock;		/* irqsave: the fields below up to ctrl_lock */
	struct termios termios;
	speed_t ispeed, ospeed;		/* termios2 speeds (BOTHER) */
	struct winsize winsize;
	bool exclusive;			/* TIOCEXCL: only root may open it again */
	int open_count;			/* open files */
	const struct tty_ldisc_ops *ldisc;
	void *disc_data;		/* the line discipline's state */

	spinlock_t ctrl_lock;		/* irqsave: session, pgrp, packet, pktstatus */
	pid_t session;			/* session it is the controlling tty of, or 0 */
	pid_t pgrp;			/* foreground process group, or 0 */
	bool packet;			/* pty master: TIOCPKT packet mode */
	u8 pktstatus;			/* pty slave: TIOCPKT_* events for the master's reader */

	bool pty_master;		/* pty: this is the master side (set at creation) */
	/* Set once, read without locks (waiters are woken after the change). */
	bool hung_up;			/* reads give 0, writes -EIO (pty slave, master gone) */
	bool other_closed;		/* pty: the other side has no open file: reads give
					 * -EIO once the input is drained, poll POLLHUP */

	struct tty_flip flip;		/* ptys: input from the other side */
	struct mutex read_mutex;	/* one reader: a canonical line goes to one read */
	struct mutex write_mutex;	/* one writer: write()s are not interleaved */
	atomic_t wakeup_seq;		/* bumped by tty_wakeup() */
	struct wait_queue_head read_wait;	/* readers and pollers: input arrived */
	struct wait_queue_head write_wait;	/* writers: driver room, output restarted */
};

extern const struct tty_ldisc_ops n_tty_ops;

/* tty_io.c */
/* Linux's tty_std_termios (INIT_C_CC, 38400 baud). */
extern const struct termios tty_std_termios;
/* A new tty with one reference, termios @init (NULL: tty_std_termios) and N_TTY.
 * ERR_PTR(-ENOMEM). */
struct tty_struct *tty_alloc(const char *name, dev_t dev, const struct tty_operations *ops,
			     void *driver_data, const struct termios *init);
/* Free a tty whose last reference is gone (the default shutdown). */
void tty_free(struct tty_struct *tty);
/* Fill @fops with the tty file operations (drivers override .open). */
void tty_default_fops(struct file_operations *fops);
/* Finish opening @tty through @f, whose reference the caller hands over (dropped on
 * failure): exclusive mode, the driver's open hook, the controlling-tty rules. */
int tty_open_file(struct tty_struct *tty, struct file *f, bool noctty);
/* The tty behind an open tty file. */
static inline struct tty_struct *file_tty(struct file *f) { return f->private_data; }
/* The tty that termios, window size and job control act on: the slave for a pty
 * master (Linux's tty_pair_get_tty), else @tty. */
static inline struct tty_struct *tty_pair_get_tty(struct tty_struct *tty)
{
	return tty->pty_master ? tty->link : tty;
}
/* The file was opened through /dev/console: reads and writes skip job control (as
 * Linux's redirected console). */
bool tty_file_is_console(struct file *f);
/* Write @n kernel bytes to the driver (under tty->lock if it has write_room), waiting
 * for room (interruptible; nonblocking if @nonblock); ops->flush_chars after each step.
 * Returns bytes accepted, or -EAGAIN/-ERESTARTSYS/-EIO if none were. */
ssize_t tty_put_bytes(struct tty_struct *tty, const u8 *buf, size_t n, bool nonblock);
/* Bytes the driver would accept now (ops->write_room; unlimited without one). */
size_t tty_write_room(struct tty_struct *tty);
/* Discard pending input: flip buffer and line discipline (TCIFLUSH, TCSETSF, hang-up);
 * a packet-mode master hears of it. */
void tty_flush_input(struct tty_struct *tty);
/* Discard output not yet delivered (TCOFLUSH). */
void tty_flush_output(struct tty_struct *tty);
/* pty: set @set and clear @clear in @tty's packet status if its master reads in packet
 * mode, and wake that reader.  Callable with tty->lock held. */
void tty_packet_status(struct tty_struct *tty, u8 set, u8 clear);
/* Output of @tty was stopped (@stopped) or restarted: tell the driver.  Callable with
 * tty->lock held. */
void tty_flow_changed(struct tty_struct *tty, bool stopped);

/* tty_buffer.c */
int tty_flip_init(struct tty_struct *tty);
void tty_flip_free(struct tty_struct *tty);
/* Queue up to @n bytes; returns how many fit.  Any context (tty->lock of the writing
 * side may be held); wakes @tty's readers. */
size_t tty_insert_flip(struct tty_struct *tty, const u8 *buf, size_t n);
/* Feed queued bytes to the line discipline until it is full; ops->unthrottle if any
 * were taken.  Process context, no tty spinlock held. */
void tty_flip_push(struct tty_struct *tty);
bool tty_flip_pending(struct tty_struct *tty);
size_t tty_flip_room(struct tty_struct *tty);
void tty_flip_flush(struct tty_struct *tty);

/* tty_ioctl.c */
/* termios, winsize, flush and flow ioctls; -ENOIOCTLCMD for others. */
long tty_mode_ioctl(struct tty_struct *tty, struct file *f, unsigned int cmd, unsigned long arg);

/* tty_jobctrl.c */
/* Foreground pgrp / session of @tty (0 if none). */
pid_t tty_get_pgrp(struct tty_struct *tty);
pid_t tty_get_session(struct tty_struct *tty);
/* POSIX job control for an operation on @tty by current: 0 (go ahead), -ERESTARTSYS
 * (@sig sent to current's group, which is in the background), or -EIO. */
int tty_check_change(struct tty_struct *tty, int sig);
/* Open of @tty by current: maybe make it the controlling tty (tty_open rules). */
void tty_open_set_ctty(struct tty_struct *tty, struct file *f, bool noctty);
/* current's controlling tty with a reference, or NULL. */
struct tty_struct *get_current_tty(void);
/* Controlling tty and process group ioctls on @tty (whose pair tty is @real);
 * -ENOIOCTLCMD for others. */
long tty_jobctrl_ioctl(struct tty_struct *tty, struct tty_struct *real, struct file *f,
		       unsigned int cmd, unsigned long arg);
/* Send @sig to @tty's foreground process group, if any. */
void tty_signal_pgrp(struct tty_struct *tty, int sig);
/* Hang @tty up for good (a pty slave whose master closed): its session leader gets
 * SIGHUP and SIGCONT, the session loses it, reads give 0 and writes -EIO from now on,
 * input is discarded and every waiter wakes.  Process context. */
void tty_hangup(struct tty_struct *tty);

/* pty.c */
/* /dev/ptmx and the devpts slaves: char devices, the /dev/ptmx node, devpts. */
void pty_init(void);

#endif
