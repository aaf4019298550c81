/* TTY layer internals shared by the files in tty/: the tty object, the line discipline
 * seam and the helpers the core, ioctl and job-control files give each other.  Drivers
 * and the rest of the kernel use <anvil/tty.h> only.
 *
 * Locks, outermost first:
 *   read_mutex / write_mutex (sleeping; one reader, one writer at a time)
 *   tasklist_lock (irqsave; kernel/'s, also guards signal->tty)
 *   tty->lock (irqsave; termios, winsize, line discipline state)
 *   tty->ctrl_lock (irqsave; session, pgrp)
 * kill_pgrp() takes tasklist_lock, so it is never called with any of the spinlocks held. */
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

/* A line discipline: what sits between the file operations and the driver. */
struct tty_ldisc_ops {
	int num;				/* N_* from <linux/tty.h> */
	const char *name;
	int (*open)(struct tty_struct *tty);	/* allocate tty->disc_data */
	void (*close)(struct tty_struct *tty);
	ssize_t (*read)(struct tty_struct *tty, struct file *f, u8 __user *buf, size_t n);
	ssize_t (*write)(struct tty_struct *tty, struct file *f, const u8 __user *buf, size_t n);
	unsigned int (*poll)(struct tty_struct *tty, struct file *f, struct poll_table *pt);
	/* Input from the driver; any context. */
	void (*receive_buf)(struct tty_struct *tty, const u8 *buf, size_t n);
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

struct tty_struct {
	atomic_t count;			/* references: registration, open files, signal_structs */
	char name[TTY_NAME_LEN];
	dev_t dev;
	const struct tty_operations *ops;
	void *driver_data;
	struct list_head node;		/* tty_list (tty_io.c) */

	spinlock_t lock;		/* irqsave: the fields below up to ctrl_lock */
	struct termios termios;
	speed_t ispeed, ospeed;		/* termios2 speeds (BOTHER) */
	struct winsize winsize;
	bool exclusive;			/* TIOCEXCL: only root may open it again */
	int open_count;			/* open files */
	const struct tty_ldisc_ops *ldisc;
	void *disc_data;		/* the line discipline's state */

	spinlock_t ctrl_lock;		/* irqsave: session, pgrp */
	pid_t session;			/* session it is the controlling tty of, or 0 */
	pid_t pgrp;			/* foreground process group, or 0 */

	struct mutex read_mutex;	/* one reader: a canonical line goes to one read */
	struct mutex write_mutex;	/* one writer: write()s are not interleaved */
	atomic_t wakeup_seq;		/* bumped by tty_wakeup() */
	struct wait_queue_head read_wait;	/* readers and pollers: input arrived */
	struct wait_queue_head write_wait;	/* writers: driver room, output restarted */
};

extern const struct tty_ldisc_ops n_tty_ops;

/* tty_io.c */
/* The tty behind an open tty file. */
static inline struct tty_struct *file_tty(struct file *f) { return f->private_data; }
/* The file was opened through /dev/console: reads and writes skip job control (as
 * Linux's redirected console). */
bool tty_file_is_console(struct file *f);
/* Write @n kernel bytes to the driver, waiting for room (interruptible; nonblocking if
 * @nonblock).  Returns bytes accepted, or -EAGAIN/-ERESTARTSYS if none were. */
ssize_t tty_put_bytes(struct tty_struct *tty, const u8 *buf, size_t n, bool nonblock);

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
/* Controlling tty and process group ioctls; -ENOIOCTLCMD for others. */
long tty_jobctrl_ioctl(struct tty_struct *tty, struct file *f, unsigned int cmd, unsigned long arg);
/* Send @sig to @tty's foreground process group, if any. */
void tty_signal_pgrp(struct tty_struct *tty, int sig);

#endif
