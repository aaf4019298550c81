/* Pseudo-terminals (pty(7), pts(4), ptmx(4)): each open of /dev/ptmx (5:2) makes a pair
 * of ttys, the master (that file) and the slave /dev/pts/N (136:N) in the devpts
 * instance the ptmx node leads to (fs/devpts.c).  Both sides run N_TTY.  A side's
 * driver write puts the bytes into the other side's flip buffer (tty_buffer.c) and the
 * writer then pushes them into that side's line discipline; echoes (written under the
 * writing tty's lock) stay in the flip buffer until the reader there pushes them.  So
 * a writer blocks when the other side's 4 KiB line discipline and 8 KiB flip buffer are
 * full, and nothing is lost except what n_tty itself drops (a canonical line beyond 4095
 * characters, echoes beyond a full flip buffer).
 *
 * The master's termios is Linux's raw pty master setting and never changes: termios,
 * window-size and job-control ioctls on the master act on the slave (tty_pair_get_tty).
 * When every slave file is closed the master reads -EIO (after the data) and polls
 * POLLHUP; when the master closes, the node goes away and the slave is hung up
 * (tty_hangup: its session leader gets SIGHUP and SIGCONT, reads give 0, writes -EIO).
 *
 * Lifetimes: the master tty is referenced by its file only; the slave by its files, the
 * signal_structs it is the controlling tty of, and the master while that is open.  The
 * two structures point at each other, so they are freed together once both are
 * unreferenced (pty_shutdown), and the pty number is released then.
 * Locks: pair->lock (irqsave, a leaf) guards the open/close state; pty_mutex orders the
 * lookup of a slave through its devpts node against the node's removal.
 * Relies on: the tty core (tty_alloc, tty_open_file, flip buffers, tty_hangup), devpts,
 * the char device table and devtmpfs. */
#include "tty.h"
#include <anvil/err.h>
#include <anvil/errno.h>
#include <anvil/printk.h>
#include <anvil/signal.h>
#include <anvil/slab.h>
#include <anvil/string.h>
#include <anvil/uaccess.h>

#define PTMX_DEV		MKDEV(5, 2)
#define PTY_MASTER_MAJOR	128	/* Unix98 masters (TIOCGDEV shows the slave's) */
#define PTY_SLAVE_MAJOR		136
#define PTY_SLAVE_MINORS	(1u << MINORBITS)

struct pty_pair {
	spinlock_t lock;		/* irqsave: the fields below up to dead */
	int slave_opens;		/* open slave files (/dev/tty ones included) */
	bool locked;			/* TIOCSPTLCK: slave opens fail with -EIO */
	bool master_closed;
	int dead;			/* sides whose last reference is gone */

	struct tty_struct *master, *slave;
	struct pts_fs_info *fsi;
	int index;
	struct dentry *dentry;		/* /dev/pts/N while the master is open (pty_mutex) */
};

static DEFINE_MUTEX(pty_mutex);
static struct termios pty_master_termios, pty_slave_termios;
static const struct tty_operations ptm_ops, pts_ops;
static struct file_operations ptmx_fops, pts_fops;

static struct pty_pair *tty_pair(struct tty_struct *tty)
{
	return tty->driver_data;
}

/* ---------------------------------------------------------------- data path */

static ssize_t pty_write(struct tty_struct *tty, const u8 *buf, size_t n)
{
	if (READ_ONCE(tty->hung_up))
		return -EIO;
	return tty_insert_flip(tty->link, buf, n);
}

static size_t pty_write_room(struct tty_struct *tty)
{
	return tty_flip_room(tty->link);
}

static void pty_flush_chars(struct tty_struct *tty)
{
	tty_flip_push(tty->link);
}

/* The line discipline took input from the flip buffer: the other side may write. */
static void pty_unthrottle(struct tty_struct *tty)
{
	tty_wakeup(tty->link);
}

/* Drop what this side wrote that the other side has not taken in yet. */
static void pty_flush_buffer(struct tty_struct *tty)
{
	tty_flip_flush(tty->link);
	tty_packet_status(tty, TIOCPKT_FLUSHWRITE, 0);
	tty_wakeup(tty);
}

static void pty_stop(struct tty_struct *tty)
{
	tty_packet_status(tty, TIOCPKT_STOP, TIOCPKT_START);
}

static void pty_start(struct tty_struct *tty)
{
	tty_packet_status(tty, TIOCPKT_START, TIOCPKT_STOP);
}

/* ^S/^Q flow control is "on" for a packet-mode reader when IXON uses the usual keys. */
static bool std_flow(const struct termios *t)
{
	return (t->c_iflag & IXON) && t->c_cc[VSTOP] == 023 && t->c_cc[VSTART] == 021;
}

/* Slave termios changed (tty->lock held): a slave is 8 bits with the receiver on, and a
 * packet-mode master hears of flow-control (DOSTOP/NOSTOP) and EXTPROC (IOCTL) changes. */
static void pty_set_termios(struct tty_struct *tty, const struct termios *old)
{
	struct termios *t = &tty->termios;
	bool flow = std_flow(t), flow_changed = flow != std_flow(old);
	u8 set = 0;

	if (flow_changed)
		set |= flow ? TIOCPKT_DOSTOP : TIOCPKT_NOSTOP;
	if ((old->c_lflag | t->c_lflag) & EXTPROC)
		set |= TIOCPKT_IOCTL;
	if (set)
		tty_packet_status(tty, set, flow_changed ? TIOCPKT_DOSTOP | TIOCPKT_NOSTOP : 0);
	t->c_cflag = (t->c_cflag & ~(CSIZE | PARENB)) | CS8 | CREAD;
}

/* ---------------------------------------------------------------- open and close */

/* A slave can be opened while its master is open and unlocked. */
static int pty_slave_open(struct tty_struct *tty, struct file *f)
{
	struct pty_pair *pair = tty_pair(tty);
	unsigned long flags;
	int err = 0;

	spin_lock_irqsave(&pair->lock, flags);
	if (pair->master_closed || pair->locked) {
		err = -EIO;
	} else {
		pair->slave_opens++;
		WRITE_ONCE(pair->master->other_closed, false);
	}
	spin_unlock_irqrestore(&pair->lock, flags);
	return err;
}

/* The last slave file closed: the master reads -EIO once drained and polls POLLHUP. */
static void pty_slave_close(struct tty_struct *tty, struct file *f)
{
	struct pty_pair *pair = tty_pair(tty);
	unsigned long flags;
	bool last;

	spin_lock_irqsave(&pair->lock, flags);
	last = --pair->slave_opens == 0;
	if (last)
		WRITE_ONCE(pair->master->other_closed, true);
	spin_unlock_irqrestore(&pair->lock, flags);
	if (last) {
		wake_up(&pair->master->read_wait);
		wake_up(&pair->master->write_wait);
	}
}

/* The master is gone: remove the node, hang the slave up and drop the master's hold
 * on it. */
static void pty_master_gone(struct pty_pair *pair)
{
	unsigned long flags;

	spin_lock_irqsave(&pair->lock, flags);
	pair->master_closed = true;
	spin_unlock_irqrestore(&pair->lock, flags);
	WRITE_ONCE(pair->master->other_closed, true);
	WRITE_ONCE(pair->slave->other_closed, true);
	mutex_lock(&pty_mutex);
	if (pair->dentry)
		devpts_pty_kill(pair->dentry);
	pair->dentry = NULL;
	mutex_unlock(&pty_mutex);
	devpts_release(pair->fsi);
	tty_hangup(pair->slave);
	tty_kref_put(pair->slave);
}

static void pty_master_close(struct tty_struct *tty, struct file *f)
{
	pty_master_gone(tty_pair(tty));
}

static void pty_pair_free(struct pty_pair *pair)
{
	devpts_kill_index(pair->fsi, pair->index);
	if (pair->master)
		tty_free(pair->master);
	if (pair->slave)
		tty_free(pair->slave);
	kfree(pair);
}

/* Last reference to one side: free both once neither is referenced.  Any context. */
static void pty_shutdown(struct tty_struct *tty)
{
	struct pty_pair *pair = tty_pair(tty);
	unsigned long flags;
	bool both;

	spin_lock_irqsave(&pair->lock, flags);
	both = ++pair->dead == 2;
	spin_unlock_irqrestore(&pair->lock, flags);
	if (both)
		pty_pair_free(pair);
}

static struct tty_struct *pty_side_alloc(struct pty_pair *pair, bool master)
{
	char name[TTY_NAME_LEN];
	struct tty_struct *tty;

	snprintf(name, sizeof(name), master ? "ptm%d" : "pts%d", pair->index);
	tty = tty_alloc(name, MKDEV(master ? PTY_MASTER_MAJOR : PTY_SLAVE_MAJOR, pair->index),
			master ? &ptm_ops : &pts_ops, pair,
			master ? &pty_master_termios : &pty_slave_termios);
	if (IS_ERR(tty))
		return NULL;
	if (tty_flip_init(tty)) {
		tty_free(tty);
		return NULL;
	}
	tty->pty_master = master;
	return tty;
}

/* A locked pair for pty @index of @fsi (whose index it owns from now on). */
static struct pty_pair *pty_pair_alloc(struct pts_fs_info *fsi, int index)
{
	struct pty_pair *pair = kzalloc(sizeof(*pair), GFP_KERNEL);

	if (!pair) {
		devpts_kill_index(fsi, index);
		return ERR_PTR(-ENOMEM);
	}
	spin_lock_init(&pair->lock);
	pair->locked = true;
	pair->fsi = fsi;
	pair->index = index;
	pair->master = pty_side_alloc(pair, true);
	pair->slave = pty_side_alloc(pair, false);
	if (!pair->master || !pair->slave) {
		pty_pair_free(pair);
		return ERR_PTR(-ENOMEM);
	}
	pair->master->link = pair->slave;
	pair->slave->link = pair->master;
	return pair;
}

/* open("/dev/ptmx"): a new pair in the devpts instance next to the node (-ENOENT,
 * -ENODEV without one, -ENOSPC when out of pty numbers).  The file is the master and
 * never becomes a controlling tty. */
static int ptmx_open(struct inode *inode, struct file *f)
{
	struct pts_fs_info *fsi = devpts_acquire(f);
	struct pty_pair *pair;
	struct dentry *dentry;
	int index, err;

	if (IS_ERR(fsi))
		return PTR_ERR(fsi);
	index = devpts_new_index(fsi);
	if (index < 0) {
		devpts_release(fsi);
		return index;
	}
	pair = pty_pair_alloc(fsi, index);
	if (IS_ERR(pair)) {
		devpts_release(fsi);
		return PTR_ERR(pair);
	}
	mutex_lock(&pty_mutex);
	dentry = devpts_pty_new(fsi, index, pair->slave);
	if (!IS_ERR(dentry))
		pair->dentry = dentry;
	mutex_unlock(&pty_mutex);
	err = IS_ERR(dentry) ? PTR_ERR(dentry) : tty_open_file(tty_kref_get(pair->master), f, true);
	tty_kref_put(pair->master);	/* the file holds its own on success */
	if (err)
		pty_master_gone(pair);
	return err;
}

/* open of /dev/pts/N: the slave its node names (-EIO for any other node of the pts
 * major, or once the master is gone). */
static int pts_open(struct inode *inode, struct file *f)
{
	struct tty_struct *tty;

	mutex_lock(&pty_mutex);
	tty = tty_kref_get(devpts_get_priv(f->f_dentry));
	mutex_unlock(&pty_mutex);
	if (!tty)
		return -EIO;
	return tty_open_file(tty, f, f->f_flags & O_NOCTTY);
}

/* ---------------------------------------------------------------- master ioctls */

/* TIOCGPTPEER: open the slave through the devpts mount the master came from; the
 * pair's node exists while the master file (held by this ioctl) is open. */
static long pty_open_peer(struct pty_pair *pair, struct file *master, unsigned int flags)
{
	struct file *f = devpts_open_peer(master, pair->fsi, pair->dentry, flags);
	int fd;

	if (IS_ERR(f))
		return PTR_ERR(f);
	fd = fd_install_new(f, flags);
	if (fd < 0)
		fput(f);
	return fd;
}

/* TIOCPKT: packet mode on or off; turning it on forgets older status. */
static long pty_set_packet(struct tty_struct *tty, int __user *p)
{
	struct tty_struct *slave = tty->link;
	unsigned long flags;
	int on;

	if (get_user(on, p))
		return -EFAULT;
	if (on && !READ_ONCE(tty->packet)) {
		spin_lock_irqsave(&slave->ctrl_lock, flags);
		slave->pktstatus = 0;
		spin_unlock_irqrestore(&slave->ctrl_lock, flags);
	}
	WRITE_ONCE(tty->packet, on != 0);
	return 0;
}

static long pty_set_lock(struct pty_pair *pair, int __user *p)
{
	unsigned long flags;
	int lock;

	if (get_user(lock, p))
		return -EFAULT;
	spin_lock_irqsave(&pair->lock, flags);
	pair->locked = lock != 0;
	spin_unlock_irqrestore(&pair->lock, flags);
	return 0;
}

/* TIOCSIG: a keyboard signal to the slave's foreground group. */
static long pty_signal(struct tty_struct *tty, int sig)
{
	if (sig != SIGINT && sig != SIGQUIT && sig != SIGTSTP)
		return -EINVAL;
	tty_signal_pgrp(tty->link, sig);
	return 0;
}

/* The Unix98 master's own ioctls (pty(7), ioctl_tty(2)); the slave has none. */
static long pty_master_ioctl(struct tty_struct *tty, struct file *f, unsigned int cmd,
			     unsigned long arg)
{
	struct pty_pair *pair = tty_pair(tty);
	int __user *p = (int __user *)arg;

	switch (cmd) {
	case TIOCGPTN:
		return put_user((unsigned int)pair->index, (unsigned int __user *)p);
	case TIOCSPTLCK:
		return pty_set_lock(pair, p);
	case TIOCGPTLCK:
		return put_user((int)READ_ONCE(pair->locked), p);
	case TIOCPKT:
		return pty_set_packet(tty, p);
	case TIOCGPKT:
		return put_user((int)READ_ONCE(tty->packet), p);
	case TIOCSIG:
		return pty_signal(tty, (int)arg);
	case TIOCGPTPEER:
		return pty_open_peer(pair, f, (unsigned int)arg);
	}
	return -ENOIOCTLCMD;
}

static const struct tty_operations ptm_ops = {
	.write = pty_write,
	.write_room = pty_write_room,
	.flush_chars = pty_flush_chars,
	.unthrottle = pty_unthrottle,
	.flush_buffer = pty_flush_buffer,
	.close = pty_master_close,
	.ioctl = pty_master_ioctl,
	.shutdown = pty_shutdown,
};

static const struct tty_operations pts_ops = {
	.write = pty_write,
	.write_room = pty_write_room,
	.flush_chars = pty_flush_chars,
	.unthrottle = pty_unthrottle,
	.flush_buffer = pty_flush_buffer,
	.stop = pty_stop,
	.start = pty_start,
	.set_termios = pty_set_termios,
	.open = pty_slave_open,
	.close = pty_slave_close,
	.shutdown = pty_shutdown,
};

/* Linux's pty driver settings: a raw master, a slave with tty_std_termios but no HUPCL. */
static void pty_init_termios(void)
{
	pty_slave_termios = tty_std_termios;
	pty_slave_termios.c_cflag = B38400 | CS8 | CREAD;
	pty_master_termios = pty_slave_termios;
	pty_master_termios.c_iflag = 0;
	pty_master_termios.c_oflag = 0;
	pty_master_termios.c_lflag = 0;
}

void pty_init(void)
{
	int err;

	pty_init_termios();
	tty_default_fops(&ptmx_fops);
	ptmx_fops.open = ptmx_open;
	tty_default_fops(&pts_fops);
	pts_fops.open = pts_open;
	devpts_init();
	err = register_chrdev(MAJOR(PTMX_DEV), MINOR(PTMX_DEV), 1, "ptmx", &ptmx_fops);
	if (!err)
		err = register_chrdev(PTY_SLAVE_MAJOR, 0, PTY_SLAVE_MINORS, "pts", &pts_fops);
	if (!err)
		err = devtmpfs_create_node("ptmx", S_IFCHR | 0666, PTMX_DEV);
	if (err)
		pr_err("pty: cannot set up /dev/ptmx: %d\n", err);
}
