/* TTY layer interface for drivers and the rest of the kernel (tty/).  Internals live in
 * tty/tty.h.  A driver registers a tty with its output routine and feeds received bytes
 * through tty_receive_buf(); everything else (line discipline, termios, job control,
 * /dev nodes) is the tty layer's. */
#ifndef ANVIL_TTY_H
#define ANVIL_TTY_H

#include <anvil/types.h>

struct tty_struct;

struct tty_operations {
	/* Queue @n bytes for output; returns bytes accepted (may be < n) or -errno. */
	ssize_t (*write)(struct tty_struct *tty, const u8 *buf, size_t n);
};

/* Register a tty named @name ("ttyAMA0"), device number @dev, creating /dev/@name (now,
 * or in tty_init() if devtmpfs is not up yet).  Process context.  Returns the tty or
 * ERR_PTR(-ENOMEM/-EEXIST/-ENAMETOOLONG, or the VFS's error creating the node). */
struct tty_struct *tty_register(const char *name, dev_t dev, const struct tty_operations *ops,
				void *driver_data);
void *tty_driver_data(struct tty_struct *tty);
/* Make @tty the target of /dev/console (5,1). */
void tty_set_console(struct tty_struct *tty);
/* Input from the hardware; callable from IRQ context.  Echoes are written back through
 * ops->write from inside this call, and ISIG signals are sent with kill_pgrp(). */
void tty_receive_buf(struct tty_struct *tty, const u8 *buf, size_t n);
/* The driver can accept more output (wakes writers blocked on a full driver). */
void tty_wakeup(struct tty_struct *tty);

/* Called by exit for a session leader (current): hang up the controlling tty's session
 * (SIGHUP then SIGCONT to the foreground group), the tty loses its session and pgrp, and
 * every process of the session loses its controlling tty.  Process context, without
 * tasklist_lock held (it takes it). */
void tty_session_leader_exit(void);
/* References to a tty (NULL is allowed).  signal_struct->tty holds one: fork copies it
 * with tty_kref_get, setsid and the last put of a signal_struct drop it with
 * tty_kref_put.  signal->tty is read and written under tasklist_lock. */
struct tty_struct *tty_kref_get(struct tty_struct *tty);
void tty_kref_put(struct tty_struct *tty);

/* Create /dev/console, /dev/tty and the tty devices' nodes; called after devtmpfs is up. */
void tty_init(void);

#endif
