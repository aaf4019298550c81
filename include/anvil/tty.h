/* TTY layer interface for drivers and the rest of the kernel (tty/).  Internals live in
 * tty/tty.h.  A driver registers a tty with its output routine and feeds received bytes
 * through tty_receive_buf(); everything else (line discipline, termios, job control,
 * /dev nodes) is the tty layer's.  The pty driver (tty/pty.c) also uses the optional
 * hooks below, and the devpts file system (fs/devpts.c) the interface at the end. */
#ifndef ANVIL_TTY_H
#define ANVIL_TTY_H

#include <anvil/types.h>

struct tty_struct;
struct file;
struct dentry;
struct termios;

/* Driver operations.  Only write is required.  write and the hooks marked "locked" may
 * be called with tty->lock held (echoes, termios changes): they must not sleep or take
 * another tty's lock. */
struct tty_operations {
	/* Queue @n bytes for output; returns bytes accepted (may be < n; 0: wait for
	 * tty_wakeup) or -errno.  Locked. */
	ssize_t (*write)(struct tty_struct *tty, const u8 *buf, size_t n);
	/* Bytes write would accept now (poll's POLLOUT); NULL: unlimited. */
	size_t (*write_room)(struct tty_struct *tty);
	/* A writer finished handing over bytes: start delivering them.  Process context,
	 * no tty spinlock held. */
	void (*flush_chars)(struct tty_struct *tty);
	/* The line discipline consumed buffered input: room for more.  Process context. */
	void (*unthrottle)(struct tty_struct *tty);
	/* Discard output written but not yet delivered (TCOFLUSH, ISIG flush).  Locked. */
	void (*flush_buffer)(struct tty_struct *tty);
	/* Output was stopped / restarted (VSTOP/VSTART, TCOOFF/TCOON).  Locked. */
	void (*stop)(struct tty_struct *tty);
	void (*start)(struct tty_struct *tty);
	/* termios changed (old settings in @old); may adjust tty->termios.  Locked. */
	void (*set_termios)(struct tty_struct *tty, const struct termios *old);
	/* A file opens the tty (-errno refuses it); close is called once per successful
	 * open, after the file's last reference is gone. */
	int (*open)(struct tty_struct *tty, struct file *f);
	void (*close)(struct tty_struct *tty, struct file *f);
	/* Driver ioctls; -ENOIOCTLCMD for commands it does not know. */
	long (*ioctl)(struct tty_struct *tty, struct file *f, unsigned int cmd, unsigned long arg);
	/* The last reference is gone: free the tty (tty_free) or arrange for it.  Any
	 * context (signal_structs drop references under tasklist_lock): must not sleep. */
	void (*shutdown)(struct tty_struct *tty);
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
 * (SIGHUP, then SIGCONT unless it is a pty, to the foreground group), the tty loses its
 * session and pgrp, and every process of the session loses its controlling tty.
 * Process context, without tasklist_lock held (it takes it). */
void tty_session_leader_exit(void);
/* References to a tty (NULL is allowed).  signal_struct->tty holds one: fork copies it
 * with tty_kref_get, setsid and the last put of a signal_struct drop it with
 * tty_kref_put.  signal->tty is read and written under tasklist_lock. */
struct tty_struct *tty_kref_get(struct tty_struct *tty);
void tty_kref_put(struct tty_struct *tty);

/* Create /dev/console, /dev/tty, /dev/ptmx and the tty devices' nodes, register devpts;
 * called after devtmpfs is up. */
void tty_init(void);

/* ---- devpts (fs/devpts.c), used by the pty driver --------------------------------
 * Every mount of devpts is an instance of its own (Linux >= 4.7).  A ptmx open finds
 * its instance from the path it was opened by: the ptmx node's own devpts, or the
 * devpts mounted on "pts" in the node's directory. */
struct pts_fs_info;

/* The instance for the ptmx file @ptmx being opened, held active (devpts_release).
 * ERR_PTR(-ENOENT) if there is no "pts" next to it, -ENODEV if no devpts is mounted
 * there.  Process context. */
struct pts_fs_info *devpts_acquire(struct file *ptmx);
void devpts_release(struct pts_fs_info *fsi);
/* Lowest free pty number of @fsi (the instance is kept until devpts_kill_index), or
 * -ENOSPC beyond its max= or the system limit of 4096 ptys. */
int devpts_new_index(struct pts_fs_info *fsi);
/* Free @idx.  Any context. */
void devpts_kill_index(struct pts_fs_info *fsi, int idx);
/* Create /dev/pts/@index (136:@index, the instance's mode/uid/gid rules) holding @priv;
 * returns its dentry with a reference, or ERR_PTR.  Process context. */
struct dentry *devpts_pty_new(struct pts_fs_info *fsi, int index, void *priv);
/* @priv of a node made by devpts_pty_new, NULL for any other dentry or after kill.
 * The caller serialises against devpts_pty_kill. */
void *devpts_get_priv(struct dentry *dentry);
/* Remove the node and drop devpts_pty_new's reference.  Process context. */
void devpts_pty_kill(struct dentry *dentry);
/* Open the pty node @dentry of @fsi with open(2) @flags, through the devpts mount
 * that @ptmx's path leads to (TIOCGPTPEER).  ERR_PTR(-ENODEV) if that is another
 * instance. */
struct file *devpts_open_peer(struct file *ptmx, struct pts_fs_info *fsi, struct dentry *dentry,
			      unsigned int flags);
/* Register the devpts file system type. */
void devpts_init(void);

/* Device number of @tty and its foreground process group (0 if none): lock-free
 * snapshots for /proc, callable under tasklist_lock. */
dev_t tty_devnum(struct tty_struct *tty);
pid_t tty_fg_pgrp(struct tty_struct *tty);

#endif
