/* Pipes and FIFOs (pipe(7), fifo(7)).  A pipe is a byte ring of 16 pages (64 KiB,
 * resizable with F_SETPIPE_SZ), pages allocated as first written.  Writes of at most
 * PIPE_BUF bytes are atomic; writing with no reader raises SIGPIPE and fails with
 * EPIPE; reading with no writer returns EOF.  O_NONBLOCK gives EAGAIN.  pipe2() makes
 * an anonymous pipe on an internal pipefs; a FIFO is a named inode whose pipe exists
 * while it is open, with the open rules of fifo(7): a reader waits for a writer (and
 * vice versa) unless O_NONBLOCK, and O_WRONLY|O_NONBLOCK with no reader is ENXIO.
 * Locks: pipe->mutex protects the ring and the counts; inode->i_lock protects
 * inode->i_pipe and pipe->files (creation and the last release).  Readers sleep on
 * rd_wait, writers on wr_wait; poll waits on both.
 * Relies on: the page allocator, wait queues, signals, pseudo files. */
#include <anvil/fs.h>
#include <anvil/mm.h>
#include <anvil/slab.h>
#include <anvil/string.h>
#include <anvil/sched.h>
#include <anvil/signal.h>
#include <anvil/uaccess.h>
#include <anvil/syscall.h>
#include <anvil/printk.h>
#include <anvil/err.h>
#include <anvil/errno.h>
#include <asm/ioctls.h>
#include <linux/magic.h>
#include "internal.h"

#define PIPE_DEF_PAGES	16
#define PIPE_MAX_SIZE	(1024 * 1024)	/* /proc/sys/fs/pipe-max-size default */

struct pipe_inode_info {
	struct mutex mutex;		/* protects everything below but files */
	struct wait_queue_head rd_wait;	/* readers waiting for data or a writer */
	struct wait_queue_head wr_wait;	/* writers waiting for room or a reader */
	unsigned int readers, writers;	/* open ends */
	unsigned int r_counter, w_counter;	/* ends ever opened (FIFO open waits) */
	unsigned int nr_pages;		/* capacity in pages */
	struct page **pages;		/* the ring; NULL entries not yet allocated */
	size_t start;			/* ring offset of the first byte held */
	size_t len;			/* bytes held */
	unsigned int files;		/* open files on it (under inode->i_lock) */
};

static struct vfsmount *pipe_mnt;

static size_t pipe_cap(const struct pipe_inode_info *p)
{
	return (size_t)p->nr_pages * PAGE_SIZE;
}

static struct pipe_inode_info *alloc_pipe(unsigned int nr_pages)
{
	struct pipe_inode_info *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (!p)
		return NULL;
	p->pages = kcalloc(nr_pages, sizeof(struct page *), GFP_KERNEL);
	if (!p->pages) {
		kfree(p);
		return NULL;
	}
	p->nr_pages = nr_pages;
	mutex_init(&p->mutex);
	init_waitqueue_head(&p->rd_wait);
	init_waitqueue_head(&p->wr_wait);
	return p;
}

static void free_pages_array(struct page **pages, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (pages[i])
			put_page(pages[i]);
	kfree(pages);
}

static void free_pipe(struct pipe_inode_info *p)
{
	free_pages_array(p->pages, p->nr_pages);
	kfree(p);
}

/* Kernel address and contiguous length of ring byte @off (from start), allocating its
 * page if @alloc.  NULL if the page is missing (or cannot be allocated). */
static char *ring_ptr(struct pipe_inode_info *p, size_t off, size_t *span, bool alloc)
{
	size_t pos = (p->start + off) % pipe_cap(p);
	struct page **pg = &p->pages[pos / PAGE_SIZE];

	if (!*pg && alloc)
		*pg = alloc_page(GFP_KERNEL);
	if (!*pg)
		return NULL;
	*span = PAGE_SIZE - pos % PAGE_SIZE;
	return (char *)page_address(*pg) + pos % PAGE_SIZE;
}

/* Move up to @n held bytes to @b; returns bytes copied or -EFAULT.  mutex held. */
static ssize_t ring_read(struct pipe_inode_info *p, struct iobuf *b, size_t n)
{
	size_t done = 0;

	n = min(n, p->len);
	while (done < n) {
		size_t span;
		char *src = ring_ptr(p, 0, &span, false);
		size_t chunk = min(span, n - done);

		if (iobuf_copy_to(b, done, src, chunk))
			break;
		done += chunk;
		p->start = (p->start + chunk) % pipe_cap(p);
		p->len -= chunk;
	}
	if (!p->len)
		p->start = 0;
	return done ? (ssize_t)done : -EFAULT;
}

/* Append @n bytes (which fit) from @b at offset @off; bytes copied, -EFAULT/-ENOMEM. */
static ssize_t ring_write(struct pipe_inode_info *p, const struct iobuf *b, size_t off, size_t n)
{
	size_t done = 0;

	while (done < n) {
		size_t span;
		char *dst = ring_ptr(p, p->len, &span, true);
		size_t chunk;

		if (!dst)
			return done ? (ssize_t)done : -ENOMEM;
		chunk = min(span, n - done);
		if (iobuf_copy_from(dst, b, off + done, chunk))
			return done ? (ssize_t)done : -EFAULT;
		done += chunk;
		p->len += chunk;
	}
	return done;
}

static bool pipe_readable(struct pipe_inode_info *p)
{
	return READ_ONCE(p->len) > 0 || !READ_ONCE(p->writers);
}

static ssize_t pipe_read_iob(struct file *f, struct iobuf *b, size_t n)
{
	struct pipe_inode_info *p = f->private_data;
	ssize_t ret;

	if (!n)
		return 0;
	mutex_lock(&p->mutex);
	for (;;) {
		if (p->len) {
			ret = ring_read(p, b, n);
			wake_up(&p->wr_wait);
			break;
		}
		ret = 0;
		if (!p->writers)
			break;
		ret = -EAGAIN;
		if (f->f_flags & O_NONBLOCK)
			break;
		mutex_unlock(&p->mutex);
		ret = wait_event_interruptible(p->rd_wait, pipe_readable(p));
		mutex_lock(&p->mutex);
		if (ret)
			break;
	}
	mutex_unlock(&p->mutex);
	return ret;
}

/* Room a writer with @left bytes to go needs before it may copy: all of it for an
 * atomic (<= PIPE_BUF) write, else one byte. */
static size_t room_needed(size_t total, size_t left)
{
	return total <= PIPE_BUF ? left : 1;
}

static bool pipe_writable(struct pipe_inode_info *p, size_t need)
{
	return !READ_ONCE(p->readers) || pipe_cap(p) - READ_ONCE(p->len) >= need;
}

static ssize_t pipe_write_iob(struct file *f, const struct iobuf *b, size_t n)
{
	struct pipe_inode_info *p = f->private_data;
	size_t done = 0;
	ssize_t ret = 0;

	if (!n)
		return 0;
	mutex_lock(&p->mutex);
	while (done < n) {
		size_t need = room_needed(n, n - done), room;

		if (!p->readers) {
			send_sig(SIGPIPE, current, 0);
			ret = -EPIPE;
			break;
		}
		room = pipe_cap(p) - p->len;
		if (room >= need) {
			ret = ring_write(p, b, done, min(room, n - done));
			if (ret < 0)
				break;
			done += ret;
			wake_up(&p->rd_wait);
			continue;
		}
		ret = -EAGAIN;
		if (f->f_flags & O_NONBLOCK)
			break;
		mutex_unlock(&p->mutex);
		ret = wait_event_interruptible(p->wr_wait, pipe_writable(p, need));
		mutex_lock(&p->mutex);
		if (ret)
			break;
	}
	mutex_unlock(&p->mutex);
	return done ? (ssize_t)done : ret;
}

static ssize_t pipe_read(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	struct iobuf b = iobuf_user(buf);

	return pipe_read_iob(f, &b, n);
}

static ssize_t pipe_write(struct file *f, const char __user *buf, size_t n, loff_t *pos)
{
	struct iobuf b = iobuf_user((char __user *)buf);

	return pipe_write_iob(f, &b, n);
}

static ssize_t pipe_read_kernel(struct file *f, void *buf, size_t n, loff_t *pos)
{
	struct iobuf b = iobuf_kernel(buf);

	return pipe_read_iob(f, &b, n);
}

static ssize_t pipe_write_kernel(struct file *f, const void *buf, size_t n, loff_t *pos)
{
	struct iobuf b = iobuf_kernel((void *)buf);

	return pipe_write_iob(f, &b, n);
}

/* A reader's f_pos holds the writer count seen at open (pipes cannot seek), so a FIFO
 * opened before any writer does not report POLLHUP (Linux's f_version). */
static unsigned int pipe_poll(struct file *f, struct poll_table *pt)
{
	struct pipe_inode_info *p = f->private_data;
	unsigned int mask = 0;

	if (f->f_mode & FMODE_READ)
		poll_wait(f, &p->rd_wait, pt);
	if (f->f_mode & FMODE_WRITE)
		poll_wait(f, &p->wr_wait, pt);
	if (f->f_mode & FMODE_READ) {
		if (READ_ONCE(p->len))
			mask |= POLLIN | POLLRDNORM;
		if (!READ_ONCE(p->writers) && f->f_pos != READ_ONCE(p->w_counter))
			mask |= POLLHUP;
	}
	if (f->f_mode & FMODE_WRITE) {
		if (pipe_cap(p) - READ_ONCE(p->len) >= PIPE_BUF)
			mask |= POLLOUT | POLLWRNORM;
		if (!READ_ONCE(p->readers))
			mask |= POLLERR;
	}
	return mask;
}

static long pipe_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pipe_inode_info *p = f->private_data;

	if (cmd != FIONREAD)
		return -ENOIOCTLCMD;
	return put_user((int)READ_ONCE(p->len), (int __user *)arg);
}

/* Drop a file's hold on its inode's pipe; the last one frees it. */
static void put_pipe(struct inode *inode, struct pipe_inode_info *p)
{
	bool last;

	spin_lock(&inode->i_lock);
	last = --p->files == 0;
	if (last)
		inode->i_pipe = NULL;
	spin_unlock(&inode->i_lock);
	if (last)
		free_pipe(p);
}

static int pipe_release(struct inode *inode, struct file *f)
{
	struct pipe_inode_info *p = f->private_data;

	mutex_lock(&p->mutex);
	if (f->f_mode & FMODE_READ)
		p->readers--;
	if (f->f_mode & FMODE_WRITE)
		p->writers--;
	mutex_unlock(&p->mutex);
	wake_up(&p->rd_wait);
	wake_up(&p->wr_wait);
	put_pipe(inode, p);
	return 0;
}

/* ---- FIFOs ------------------------------------------------------------------------- */

static struct pipe_inode_info *get_fifo_pipe(struct inode *inode)
{
	struct pipe_inode_info *p, *fresh = NULL;

	spin_lock(&inode->i_lock);
	while (!inode->i_pipe) {
		spin_unlock(&inode->i_lock);
		if (!fresh)
			fresh = alloc_pipe(PIPE_DEF_PAGES);
		if (!fresh)
			return NULL;
		spin_lock(&inode->i_lock);
		if (!inode->i_pipe) {
			inode->i_pipe = fresh;
			fresh = NULL;
		}
	}
	p = inode->i_pipe;
	p->files++;
	spin_unlock(&inode->i_lock);
	if (fresh)
		free_pipe(fresh);
	return p;
}

/* Wait (mutex dropped) until *@counter moves: the other end was opened. */
static int wait_for_partner(struct pipe_inode_info *p, struct wait_queue_head *wq,
			    unsigned int *counter)
{
	unsigned int cur = *counter;
	int ret;

	mutex_unlock(&p->mutex);
	ret = wait_event_interruptible(*wq, READ_ONCE(*counter) != cur);
	mutex_lock(&p->mutex);
	return ret;
}

static void wake_partners(struct pipe_inode_info *p)
{
	wake_up(&p->rd_wait);
	wake_up(&p->wr_wait);
}

static int fifo_open_locked(struct pipe_inode_info *p, struct file *f)
{
	bool nonblock = f->f_flags & O_NONBLOCK;

	switch (f->f_mode & (FMODE_READ | FMODE_WRITE)) {
	case FMODE_READ:
		p->r_counter++;
		p->readers++;
		wake_partners(p);
		if (p->writers)
			return 0;
		if (nonblock) {
			f->f_pos = p->w_counter;
			return 0;
		}
		if (!wait_for_partner(p, &p->rd_wait, &p->w_counter))
			return 0;
		p->readers--;
		return -ERESTARTSYS;
	case FMODE_WRITE:
		if (nonblock && !p->readers)
			return -ENXIO;
		p->w_counter++;
		p->writers++;
		wake_partners(p);
		if (p->readers || !wait_for_partner(p, &p->wr_wait, &p->r_counter))
			return 0;
		p->writers--;
		wake_partners(p);
		return -ERESTARTSYS;
	case FMODE_READ | FMODE_WRITE:
		p->r_counter++;
		p->w_counter++;
		p->readers++;
		p->writers++;
		wake_partners(p);
		return 0;
	default:
		return -EINVAL;
	}
}

static int fifo_open(struct inode *inode, struct file *f)
{
	struct pipe_inode_info *p = get_fifo_pipe(inode);
	int err;

	if (!p)
		return -ENOMEM;
	f->private_data = p;
	f->f_pos = 0;
	mutex_lock(&p->mutex);
	err = fifo_open_locked(p, f);
	mutex_unlock(&p->mutex);
	if (err)
		put_pipe(inode, p);
	return err;
}

const struct file_operations pipefifo_fops = {
	.open = fifo_open,
	.read = pipe_read,
	.write = pipe_write,
	.read_kernel = pipe_read_kernel,
	.write_kernel = pipe_write_kernel,
	.poll = pipe_poll,
	.ioctl = pipe_ioctl,
	.release = pipe_release,
};

/* ---- sizes ------------------------------------------------------------------------- */

/* Copy the held bytes into a fresh ring of @nr pages.  mutex held. */
static int pipe_resize(struct pipe_inode_info *p, unsigned int nr)
{
	struct page **pages = kcalloc(nr, sizeof(struct page *), GFP_KERNEL);
	size_t done = 0;

	if (!pages)
		return -ENOMEM;
	while (done < p->len) {
		size_t span, chunk;
		char *src = ring_ptr(p, done, &span, false);

		if (!pages[done / PAGE_SIZE])
			pages[done / PAGE_SIZE] = alloc_page(GFP_KERNEL);
		if (!pages[done / PAGE_SIZE]) {
			free_pages_array(pages, nr);
			return -ENOMEM;
		}
		chunk = min(span, PAGE_SIZE - done % PAGE_SIZE);
		chunk = min(chunk, p->len - done);
		memcpy((char *)page_address(pages[done / PAGE_SIZE]) + done % PAGE_SIZE, src, chunk);
		done += chunk;
	}
	free_pages_array(p->pages, p->nr_pages);
	p->pages = pages;
	p->nr_pages = nr;
	p->start = 0;
	return 0;
}

long pipe_fcntl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pipe_inode_info *p;
	unsigned int nr = 1;
	long ret;

	if (f->f_op != &pipefifo_fops)
		return -EBADF;
	p = f->private_data;
	if (cmd == F_GETPIPE_SZ)
		return pipe_cap(p);
	if (arg > PIPE_MAX_SIZE && current_euid() != 0)
		return -EPERM;
	if (arg > (1UL << 31))
		return -EINVAL;
	while ((unsigned long)nr * PAGE_SIZE < arg)
		nr *= 2;
	mutex_lock(&p->mutex);
	if (p->len > (size_t)nr * PAGE_SIZE)
		ret = -EBUSY;
	else if (nr == p->nr_pages)
		ret = pipe_cap(p);
	else
		ret = pipe_resize(p, nr) ? -ENOMEM : (long)nr * PAGE_SIZE;
	mutex_unlock(&p->mutex);
	wake_up(&p->wr_wait);
	return ret;
}

/* ---- pipe2 ------------------------------------------------------------------------- */

static struct inode *new_pipe_inode(void)
{
	struct inode *inode = new_inode(pipe_mnt->mnt_sb);
	struct pipe_inode_info *p = alloc_pipe(PIPE_DEF_PAGES);

	if (!inode || !p) {
		iput(inode);
		kfree(p ? p->pages : NULL);
		kfree(p);
		return NULL;
	}
	inode->i_mode = S_IFIFO | 0600;
	inode->i_uid = current_fsuid();
	inode->i_gid = current_fsgid();
	inode->i_fop = &pipefifo_fops;
	p->readers = p->writers = 1;
	p->r_counter = p->w_counter = 1;
	p->files = 2;
	inode->i_pipe = p;
	return inode;
}

/* The two ends of a new pipe; on failure nothing is left behind. */
static int create_pipe_files(struct file **res, int flags)
{
	struct inode *inode = new_pipe_inode();
	struct pipe_inode_info *p;
	char name[32];

	if (!inode)
		return -ENOMEM;
	p = inode->i_pipe;
	snprintf(name, sizeof(name), "pipe:[%lu]", (unsigned long)inode->i_ino);
	ihold(inode);
	res[0] = alloc_pseudo_file(pipe_mnt, inode, name, O_RDONLY | (flags & O_NONBLOCK),
				   &pipefifo_fops, p);
	if (IS_ERR(res[0])) {
		iput(inode);		/* frees the inode; the pipe goes with it below */
		free_pipe(p);
		return PTR_ERR(res[0]);
	}
	res[1] = alloc_pseudo_file(pipe_mnt, inode, name, O_WRONLY | (flags & O_NONBLOCK),
				   &pipefifo_fops, p);
	if (IS_ERR(res[1])) {
		p->writers = 0;
		p->files = 1;
		fput(res[0]);
		return PTR_ERR(res[1]);
	}
	return 0;
}

long sys_pipe2(int __user *fildes, int flags)
{
	struct file *files[2] = { NULL, NULL };
	int fd[2], err;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;	/* O_DIRECT (packet mode) and notification pipes unsupported */
	err = create_pipe_files(files, flags);
	if (err)
		return err;
	fd[0] = get_unused_fd_flags(flags);
	fd[1] = fd[0] >= 0 ? get_unused_fd_flags(flags) : -EMFILE;
	err = fd[1] < 0 ? fd[1] : 0;
	if (!err && copy_to_user(fildes, fd, sizeof(fd)))
		err = -EFAULT;
	if (err) {
		if (fd[0] >= 0)
			put_unused_fd(fd[0]);
		if (fd[1] >= 0)
			put_unused_fd(fd[1]);
		fput(files[0]);
		fput(files[1]);
		return err;
	}
	fd_install(fd[0], files[0]);
	fd_install(fd[1], files[1]);
	return 0;
}
SYSCALL(pipe2, sys_pipe2);

static struct file_system_type pipefs_type = { .name = "pipefs" };

void pipe_init(void)
{
	pipe_mnt = kern_mount_pseudo(&pipefs_type, PIPEFS_MAGIC);
	if (IS_ERR(pipe_mnt))
		panic("vfs: cannot mount pipefs");
}
