/* TTY core: tty objects and their lifetime, registration of drivers' ttys as character
 * devices, /dev/tty and /dev/console, and the file operations that route a tty file to its
 * line discipline (or refuse it once the tty is hung up).  Relies on the VFS
 * (register_chrdev, devtmpfs_create_node, inode->i_rdev at open), the line discipline
 * (n_tty_ops, tty/n_tty_io.c), tty_jobctrl.c for the controlling-terminal rules,
 * tty_ioctl.c for termios and tty/pty.c for /dev/ptmx.  Spec: Linux's tty_io.c behaviour
 * (tty(4), console(4), ioctl_tty(2)); ioctls on a pty master act on its slave where
 * Linux's do (termios, window size, job control, TIOCGDEV). */
#include "tty.h"
#include <anvil/errno.h>
#include <anvil/err.h>
#include <anvil/printk.h>
#include <anvil/sched.h>
#include <anvil/signal.h>
#include <anvil/slab.h>
#include <anvil/string.h>
#include <anvil/uaccess.h>
#include <linux/tty.h>

#define TTYAUX_MAJOR	5		/* 5:0 /dev/tty, 5:1 /dev/console */
#define DEV_TTY		MKDEV(TTYAUX_MAJOR, 0)
#define DEV_CONSOLE	MKDEV(TTYAUX_MAJOR, 1)

/* Linux's tty_std_termios with INIT_C_CC. */
const struct termios tty_std_termios = {
	.c_iflag = ICRNL | IXON,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B38400 | CS8 | CREAD | HUPCL,
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
	.c_line = N_TTY,
	.c_cc = {
		[VINTR] = 003, [VQUIT] = 034, [VERASE] = 0177, [VKILL] = 025,
		[VEOF] = 004, [VTIME] = 0, [VMIN] = 1, [VSWTC] = 0,
		[VSTART] = 021, [VSTOP] = 023, [VSUSP] = 032, [VEOL] = 0,
		[VREPRINT] = 022, [VDISCARD] = 017, [VWERASE] = 027, [VLNEXT] = 026,
		[VEOL2] = 0,
	},
};

static DEFINE_MUTEX(tty_mutex);		/* protects tty_list, tty_ready, console_tty */
static LIST_HEAD(tty_list);
static bool tty_ready;			/* tty_init() ran: device nodes can be created */
static struct tty_struct *console_tty;

static const struct file_operations tty_fops;

struct tty_struct *tty_kref_get(struct tty_struct *tty)
{
	if (tty)
		atomic_inc(&tty->count);
	return tty;
}

void tty_free(struct tty_struct *tty)
{
	tty->ldisc->close(tty);
	tty_flip_free(tty);
	kfree(tty);
}

void tty_kref_put(struct tty_struct *tty)
{
	if (!tty || !atomic_dec_and_test(&tty->count))
		return;
	if (tty->ops->shutdown)
		tty->ops->shutdown(tty);
	else
		tty_free(tty);
}

void *tty_driver_data(struct tty_struct *tty)
{
	return tty->driver_data;
}

struct tty_struct *tty_alloc(const char *name, dev_t dev, const struct tty_operations *ops,
			     void *driver_data, const struct termios *init)
{
	struct tty_struct *tty = kzalloc(sizeof(*tty), GFP_KERNEL);

	if (!tty)
		return ERR_PTR(-ENOMEM);
	atomic_set(&tty->count, 1);
	strlcpy(tty->name, name, sizeof(tty->name));
	tty->dev = dev;
	tty->ops = ops;
	tty->driver_data = driver_data;
	INIT_LIST_HEAD(&tty->node);
	spin_lock_init(&tty->lock);
	spin_lock_init(&tty->ctrl_lock);
	tty->termios = init ? *init : tty_std_termios;
	tty->ispeed = tty->ospeed = 38400;
	spin_lock_init(&tty->flip.lock);
	mutex_init(&tty->flip.push_mutex);
	mutex_init(&tty->read_mutex);
	mutex_init(&tty->write_mutex);
	init_waitqueue_head(&tty->read_wait);
	init_waitqueue_head(&tty->write_wait);
	tty->ldisc = &n_tty_ops;
	if (tty->ldisc->open(tty)) {
		kfree(tty);
		return ERR_PTR(-ENOMEM);
	}
	return tty;
}

/* Make @tty openable: its char device and /dev node.  Caller holds tty_mutex. */
static int tty_publish(struct tty_struct *tty)
{
	int err = register_chrdev(MAJOR(tty->dev), MINOR(tty->dev), 1, tty->name, &tty_fops);

	if (err)
		return err;
	return devtmpfs_create_node(tty->name, S_IFCHR | 0600, tty->dev);
}

/* Registered tty with device number @dev (or named @name); caller holds tty_mutex. */
static struct tty_struct *tty_find(dev_t dev, const char *name)
{
	struct tty_struct *tty;

	list_for_each_entry(tty, &tty_list, node)
		if (tty->dev == dev || (name && !strcmp(tty->name, name)))
			return tty;
	return NULL;
}

struct tty_struct *tty_register(const char *name, dev_t dev, const struct tty_operations *ops,
				void *driver_data)
{
	struct tty_struct *tty;
	int err = 0;

	if (strlen(name) >= TTY_NAME_LEN)
		return ERR_PTR(-ENAMETOOLONG);
	tty = tty_alloc(name, dev, ops, driver_data, NULL);
	if (IS_ERR(tty))
		return tty;
	mutex_lock(&tty_mutex);
	if (tty_find(dev, name)) {
		err = -EEXIST;
		goto out_unlock;
	}
	if (tty_ready)
		err = tty_publish(tty);
	if (!err)
		list_add_tail(&tty->node, &tty_list);
out_unlock:
	mutex_unlock(&tty_mutex);
	if (err) {
		tty_kref_put(tty);
		return ERR_PTR(err);
	}
	return tty;
}

void tty_set_console(struct tty_struct *tty)
{
	struct tty_struct *old;

	mutex_lock(&tty_mutex);
	old = console_tty;
	console_tty = tty_kref_get(tty);
	mutex_unlock(&tty_mutex);
	tty_kref_put(old);
}

void tty_receive_buf(struct tty_struct *tty, const u8 *buf, size_t n)
{
	tty->ldisc->receive_buf(tty, buf, n);
}

void tty_wakeup(struct tty_struct *tty)
{
	atomic_inc(&tty->wakeup_seq);
	wake_up(&tty->write_wait);
}

/* A driver with a bounded buffer (write_room) is written under tty->lock, as echoes
 * and n_tty's writes are, so that the room one of them finds is not taken by another. */
static ssize_t tty_driver_write(struct tty_struct *tty, const u8 *buf, size_t n)
{
	unsigned long flags;
	ssize_t r;

	if (!tty->ops->write_room)
		return tty->ops->write(tty, buf, n);
	spin_lock_irqsave(&tty->lock, flags);
	r = tty->ops->write(tty, buf, n);
	spin_unlock_irqrestore(&tty->lock, flags);
	return r;
}

ssize_t tty_put_bytes(struct tty_struct *tty, const u8 *buf, size_t n, bool nonblock)
{
	size_t done = 0;

	while (done < n) {
		int seq = atomic_read(&tty->wakeup_seq);
		ssize_t r = tty_driver_write(tty, buf + done, n - done);
		long err;

		if (r < 0)
			return done ? (ssize_t)done : r;
		done += r;
		if (tty->ops->flush_chars)
			tty->ops->flush_chars(tty);
		if (r > 0 || done == n)
			continue;
		if (nonblock)
			return done ? (ssize_t)done : -EAGAIN;
		err = wait_event_interruptible(tty->write_wait, atomic_read(&tty->wakeup_seq) != seq);
		if (err)
			return done ? (ssize_t)done : err;
	}
	return done;
}

bool tty_file_is_console(struct file *f)
{
	return f->f_inode && f->f_inode->i_rdev == DEV_CONSOLE;
}

size_t tty_write_room(struct tty_struct *tty)
{
	return tty->ops->write_room ? tty->ops->write_room(tty) : (size_t)-1;
}

void tty_flush_input(struct tty_struct *tty)
{
	tty_flip_flush(tty);
	tty->ldisc->flush_input(tty);
	tty_packet_status(tty, TIOCPKT_FLUSHREAD, 0);
	if (tty->ops->unthrottle)
		tty->ops->unthrottle(tty);
}

void tty_flush_output(struct tty_struct *tty)
{
	tty->ldisc->flush_output(tty);
	if (tty->ops->flush_buffer)
		tty->ops->flush_buffer(tty);
}

void tty_packet_status(struct tty_struct *tty, u8 set, u8 clear)
{
	struct tty_struct *master = tty->link;
	unsigned long flags;

	if (!master || !master->pty_master || !READ_ONCE(master->packet))
		return;
	spin_lock_irqsave(&tty->ctrl_lock, flags);
	tty->pktstatus = (tty->pktstatus & ~clear) | set;
	spin_unlock_irqrestore(&tty->ctrl_lock, flags);
	wake_up(&master->read_wait);
}

void tty_flow_changed(struct tty_struct *tty, bool stopped)
{
	if (stopped && tty->ops->stop)
		tty->ops->stop(tty);
	else if (!stopped && tty->ops->start)
		tty->ops->start(tty);
}

/* ---------------------------------------------------------------- file operations */

/* The tty a device number opens, with a reference.  /dev/tty and /dev/console never
 * become a controlling tty by being opened (*@noctty). */
static struct tty_struct *tty_lookup(dev_t dev, bool *noctty)
{
	struct tty_struct *tty;

	if (dev == DEV_TTY) {
		*noctty = true;
		tty = get_current_tty();
		return tty ? tty : ERR_PTR(-ENXIO);
	}
	mutex_lock(&tty_mutex);
	if (dev == DEV_CONSOLE) {
		*noctty = true;
		tty = console_tty;
	} else {
		tty = tty_find(dev, NULL);
	}
	tty_kref_get(tty);
	mutex_unlock(&tty_mutex);
	return tty ? tty : ERR_PTR(-ENODEV);
}

int tty_open_file(struct tty_struct *tty, struct file *f, bool noctty)
{
	unsigned long flags;
	int err = 0;

	spin_lock_irqsave(&tty->lock, flags);
	if (tty->open_count && tty->exclusive && current_euid() != 0)
		err = -EBUSY;
	spin_unlock_irqrestore(&tty->lock, flags);
	if (!err && tty->ops->open)
		err = tty->ops->open(tty, f);
	if (err) {
		tty_kref_put(tty);
		return err;
	}
	spin_lock_irqsave(&tty->lock, flags);
	tty->open_count++;
	spin_unlock_irqrestore(&tty->lock, flags);
	f->private_data = tty;
	tty_open_set_ctty(tty, f, noctty);
	return 0;
}

/* Open a tty device node: /dev/tty (-ENXIO without a controlling tty), /dev/console
 * (-ENODEV before tty_set_console), or a registered tty.  -EBUSY if it is in exclusive
 * mode (TIOCEXCL) and the caller is not root.  May make it current's controlling tty. */
static int tty_open(struct inode *inode, struct file *f)
{
	bool noctty = f->f_flags & O_NOCTTY;
	struct tty_struct *tty = tty_lookup(inode->i_rdev, &noctty);

	if (IS_ERR(tty))
		return PTR_ERR(tty);
	return tty_open_file(tty, f, noctty);
}

static int tty_release(struct inode *inode, struct file *f)
{
	struct tty_struct *tty = file_tty(f);
	unsigned long flags;

	spin_lock_irqsave(&tty->lock, flags);
	if (--tty->open_count == 0)
		tty->exclusive = false;
	spin_unlock_irqrestore(&tty->lock, flags);
	if (tty->ops->close)
		tty->ops->close(tty, f);
	tty_kref_put(tty);
	return 0;
}

/* A hung-up tty reads as end of file and refuses writes, as Linux's hung_up_tty_fops. */
static ssize_t tty_read(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	struct tty_struct *tty = file_tty(f);

	if (READ_ONCE(tty->hung_up))
		return 0;
	return tty->ldisc->read(tty, f, (u8 __user *)buf, n);
}

static ssize_t tty_write(struct file *f, const char __user *buf, size_t n, loff_t *pos)
{
	struct tty_struct *tty = file_tty(f);

	if (READ_ONCE(tty->hung_up))
		return -EIO;
	return tty->ldisc->write(tty, f, (const u8 __user *)buf, n);
}

static unsigned int tty_poll(struct file *f, struct poll_table *pt)
{
	struct tty_struct *tty = file_tty(f);

	if (READ_ONCE(tty->hung_up))
		return POLLIN | POLLOUT | POLLERR | POLLHUP | POLLRDNORM | POLLWRNORM;
	return tty->ldisc->poll(tty, f, pt);
}

static loff_t tty_llseek(struct file *f, loff_t off, int whence)
{
	return -ESPIPE;
}

/* TCSBRK, TCSBRKP, TIOCSBRK, TIOCCBRK: job control, then wait for output to drain.
 * Output is written synchronously, so holding the write lock once means it drained.  The
 * drivers have no break control, so no break is sent (Linux does the same for such
 * drivers). */
static long tty_break_ioctl(struct tty_struct *tty, unsigned int cmd)
{
	int err = tty_check_change(tty, SIGTTOU);

	if (err)
		return err;
	if (cmd == TIOCCBRK)
		return 0;
	if (mutex_lock_interruptible(&tty->write_mutex))
		return -EINTR;
	mutex_unlock(&tty->write_mutex);
	return 0;
}

/* TIOCSTI: push a byte into the input queue, after what a flip buffer holds.  Linux
 * without CONFIG_LEGACY_TIOCSTI: root only (-EIO otherwise). */
static long tty_tiocsti(struct tty_struct *tty, u8 __user *p)
{
	u8 c;

	if (current_euid() != 0)
		return -EIO;
	if (get_user(c, p))
		return -EFAULT;
	tty_flip_push(tty);
	tty->ldisc->receive_buf(tty, &c, 1);
	return 0;
}

static long tty_set_exclusive(struct tty_struct *tty, bool on)
{
	unsigned long flags;

	spin_lock_irqsave(&tty->lock, flags);
	tty->exclusive = on;
	spin_unlock_irqrestore(&tty->lock, flags);
	return 0;
}

/* ioctl(2) on a tty (ioctl_tty(2)); a hung-up tty refuses them all (-EIO; TIOCSPGRP:
 * -ENOTTY, as Linux).  Unknown commands: -ENOTTY. */
static long tty_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct tty_struct *tty = file_tty(f), *real = tty_pair_get_tty(tty);
	void __user *p = (void __user *)arg;
	int ldisc;
	long ret;

	if (READ_ONCE(tty->hung_up))
		return cmd == TIOCSPGRP ? -ENOTTY : -EIO;
	switch (cmd) {
	case TIOCEXCL:
		return tty_set_exclusive(tty, true);
	case TIOCNXCL:
		return tty_set_exclusive(tty, false);
	case TIOCGEXCL:
		return put_user((int)READ_ONCE(tty->exclusive), (int __user *)p);
	case TIOCGETD:
		return put_user(tty->ldisc->num, (int __user *)p);
	case TIOCSETD:
		if (get_user(ldisc, (int __user *)p))
			return -EFAULT;
		return ldisc == tty->ldisc->num ? 0 : -EINVAL;
	case TIOCGDEV:
		return put_user((unsigned int)new_encode_dev(real->dev), (unsigned int __user *)p);
	case TIOCSTI:
		return tty_tiocsti(tty, p);
	case TIOCSBRK:
	case TIOCCBRK:
	case TCSBRK:
	case TCSBRKP:
		return tty_break_ioctl(tty, cmd);
	case FIONREAD:
		tty_flip_push(tty);
		return put_user((int)tty->ldisc->inq(tty), (int __user *)p);
	case TIOCOUTQ:
		return put_user(0, (int __user *)p);	/* output is synchronous */
	case TIOCGPTPEER:
		if (!tty->pty_master)
			return -EIO;	/* as Linux, on any tty but a pty master */
		break;
	}
	ret = tty_jobctrl_ioctl(tty, real, f, cmd, arg);
	if (ret == -ENOIOCTLCMD)
		ret = tty_mode_ioctl(tty, f, cmd, arg);
	if (ret == -ENOIOCTLCMD && tty->ops->ioctl)
		ret = tty->ops->ioctl(tty, f, cmd, arg);
	return ret == -ENOIOCTLCMD ? -ENOTTY : ret;
}

static const struct file_operations tty_fops = {
	.open = tty_open,
	.release = tty_release,
	.read = tty_read,
	.write = tty_write,
	.poll = tty_poll,
	.ioctl = tty_ioctl,
	.llseek = tty_llseek,
};

void tty_default_fops(struct file_operations *fops)
{
	*fops = tty_fops;
}

void tty_init(void)
{
	struct tty_struct *tty;
	int err;

	mutex_lock(&tty_mutex);
	err = register_chrdev(TTYAUX_MAJOR, 0, 2, "tty", &tty_fops);
	if (!err)
		err = devtmpfs_create_node("tty", S_IFCHR | 0666, DEV_TTY);
	if (!err)
		err = devtmpfs_create_node("console", S_IFCHR | 0600, DEV_CONSOLE);
	if (err)
		pr_err("tty: cannot create /dev/tty and /dev/console: %d\n", err);
	list_for_each_entry(tty, &tty_list, node) {
		err = tty_publish(tty);
		if (err)
			pr_err("tty: cannot create /dev/%s: %d\n", tty->name, err);
	}
	tty_ready = true;
	mutex_unlock(&tty_mutex);
	pty_init();
}

dev_t tty_devnum(struct tty_struct *tty)
{
	return tty->dev;
}

pid_t tty_fg_pgrp(struct tty_struct *tty)
{
	pid_t pgrp = READ_ONCE(tty->pgrp);

	return pgrp ? pgrp : -1;
}
