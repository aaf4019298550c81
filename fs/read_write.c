/* Reading and writing files: read, write, readv, writev, pread64, pwrite64, preadv,
 * pwritev, lseek, sendfile, and the kernel-side kernel_read/kernel_write.  Checks
 * (access mode, RLIMIT_FSIZE, counts) are done here; the data moves in the file's
 * ->read/->write.  A file is seekable (lseek, pread, pwrite) iff it has ->llseek.
 * Regular files and directories serialise position updates with f_pos_lock, as Linux's
 * FMODE_ATOMIC_POS.
 * Relies on: fd table (fget), uaccess, signals (SIGXFSZ). */
#include <anvil/fs.h>
#include <anvil/mm.h>
#include <anvil/slab.h>
#include <anvil/string.h>
#include <anvil/sched.h>
#include <anvil/signal.h>
#include <anvil/uaccess.h>
#include <anvil/syscall.h>
#include <anvil/errno.h>
#include <linux/fs.h>
#include <linux/uio.h>
#include "internal.h"

#define ATIME_STALE_NS	(24LL * 3600 * 1000000000LL)

long iobuf_copy_to(struct iobuf *b, size_t off, const void *src, size_t n)
{
	if (b->kernel) {
		memcpy(b->kbuf + off, src, n);
		return 0;
	}
	return copy_to_user(b->ubuf + off, src, n);
}

long iobuf_copy_from(void *dst, const struct iobuf *b, size_t off, size_t n)
{
	if (b->kernel) {
		memcpy(dst, b->kbuf + off, n);
		return 0;
	}
	return copy_from_user(dst, b->ubuf + off, n);
}

long iobuf_clear(struct iobuf *b, size_t off, size_t n)
{
	if (b->kernel) {
		memset(b->kbuf + off, 0, n);
		return 0;
	}
	return clear_user(b->ubuf + off, n);
}

/* relatime: update atime if it is not newer than mtime/ctime, or a day old. */
void file_accessed(struct file *f)
{
	struct inode *inode = f->f_inode;
	int mflags = f->f_vfsmnt->mnt_flags;
	s64 now;

	if ((f->f_flags & O_NOATIME) || (mflags & (MNT_NOATIME | MNT_READONLY)) ||
	    (inode->i_sb->s_flags & SB_RDONLY) ||
	    ((mflags & MNT_NODIRATIME) && S_ISDIR(inode->i_mode)))
		return;
	now = current_time();
	if ((mflags & MNT_RELATIME) && inode->i_atime > inode->i_mtime &&
	    inode->i_atime > inode->i_ctime && now - inode->i_atime < ATIME_STALE_NS)
		return;
	WRITE_ONCE(inode->i_atime, now);
}

loff_t generic_file_llseek(struct file *f, loff_t off, int whence)
{
	loff_t size = READ_ONCE(f->f_inode->i_size);

	switch (whence) {
	case SEEK_SET:
		break;
	case SEEK_CUR:
		off += f->f_pos;
		break;
	case SEEK_END:
		off += size;
		break;
	case SEEK_DATA:			/* no holes are reported: all data up to EOF */
		if (off < 0 || off >= size)
			return -ENXIO;
		break;
	case SEEK_HOLE:
		if (off < 0 || off >= size)
			return -ENXIO;
		off = size;
		break;
	default:
		return -EINVAL;
	}
	if (off < 0 || off > f->f_inode->i_sb->s_maxbytes)
		return -EINVAL;
	f->f_pos = off;
	return off;
}

int rw_verify_area(struct file *f, loff_t pos, size_t count)
{
	if (pos < 0 && S_ISREG(f->f_inode->i_mode))
		return -EINVAL;
	if (pos > 0 && (loff_t)(pos + count) < pos)
		return -EINVAL;
	return 0;
}

int generic_write_checks(struct file *f, loff_t pos, size_t *count)
{
	unsigned long limit = current->signal->rlim[RLIMIT_FSIZE].rlim_cur;
	loff_t maxbytes = f->f_inode->i_sb->s_maxbytes;

	if (!S_ISREG(f->f_inode->i_mode) || !*count)
		return 0;
	if (limit != RLIM_INFINITY) {
		if ((unsigned long long)pos >= limit) {
			send_sig(SIGXFSZ, current, 0);
			return -EFBIG;
		}
		if (*count > limit - pos)
			*count = limit - pos;
	}
	if (pos >= maxbytes)
		return -EFBIG;
	if (*count > (size_t)(maxbytes - pos))
		*count = maxbytes - pos;
	return 0;
}

static ssize_t vfs_read(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	int err;

	if (!(f->f_mode & FMODE_READ))
		return -EBADF;
	if (!f->f_op->read)
		return -EINVAL;
	if (!access_ok(buf, n))
		return -EFAULT;
	err = rw_verify_area(f, *pos, n);
	if (err)
		return err;
	return f->f_op->read(f, buf, n > MAX_RW_COUNT ? MAX_RW_COUNT : n, pos);
}

static ssize_t vfs_write(struct file *f, const char __user *buf, size_t n, loff_t *pos)
{
	int err;

	if (!(f->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!f->f_op->write)
		return -EINVAL;
	if (!access_ok(buf, n))
		return -EFAULT;
	err = rw_verify_area(f, *pos, n);
	if (err)
		return err;
	return f->f_op->write(f, buf, n > MAX_RW_COUNT ? MAX_RW_COUNT : n, pos);
}

static bool needs_pos_lock(struct file *f)
{
	return S_ISREG(f->f_inode->i_mode) || S_ISDIR(f->f_inode->i_mode);
}

/* I/O at the file position: @io is vfs_read or a vectored variant. */
typedef ssize_t (*io_fn)(struct file *f, void *arg, size_t n, loff_t *pos);

static ssize_t io_at_fpos(unsigned int fd, io_fn io, void *arg, size_t n)
{
	struct file *f = fget(fd);
	bool locked;
	loff_t pos;
	ssize_t ret;

	if (!f)
		return -EBADF;
	locked = needs_pos_lock(f);
	if (locked)
		mutex_lock(&f->f_pos_lock);
	pos = f->f_pos;
	ret = io(f, arg, n, &pos);
	if (ret >= 0)
		f->f_pos = pos;
	if (locked)
		mutex_unlock(&f->f_pos_lock);
	fput(f);
	return ret;
}

static ssize_t io_at(unsigned int fd, io_fn io, void *arg, size_t n, loff_t pos)
{
	struct file *f;
	ssize_t ret;

	if (pos < 0)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	ret = f->f_op->llseek ? io(f, arg, n, &pos) : -ESPIPE;
	fput(f);
	return ret;
}

static ssize_t read_fn(struct file *f, void *buf, size_t n, loff_t *pos)
{
	return vfs_read(f, buf, n, pos);
}

static ssize_t write_fn(struct file *f, void *buf, size_t n, loff_t *pos)
{
	return vfs_write(f, buf, n, pos);
}

long sys_read(unsigned int fd, char __user *buf, size_t count)
{
	return io_at_fpos(fd, read_fn, buf, count);
}
SYSCALL(read, sys_read);

long sys_write(unsigned int fd, const char __user *buf, size_t count)
{
	return io_at_fpos(fd, write_fn, (void *)buf, count);
}
SYSCALL(write, sys_write);

long sys_pread64(unsigned int fd, char __user *buf, size_t count, loff_t pos)
{
	return io_at(fd, read_fn, buf, count, pos);
}
SYSCALL(pread64, sys_pread64);

long sys_pwrite64(unsigned int fd, const char __user *buf, size_t count, loff_t pos)
{
	return io_at(fd, write_fn, (void *)buf, count, pos);
}
SYSCALL(pwrite64, sys_pwrite64);

/* ---- vectored I/O -------------------------------------------------------------------- */

struct iov_req {
	struct iovec *iov;
	unsigned long nr;
	bool write;
};

/* Copy and check an iovec array; returns the total length (clamped as Linux does). */
static ssize_t import_iovec(const struct iovec __user *uvec, unsigned long nr,
			    struct iov_req *req)
{
	size_t total = 0;

	if (nr > UIO_MAXIOV)
		return -EINVAL;
	req->nr = nr;
	req->iov = kmalloc((nr ? nr : 1) * sizeof(struct iovec), GFP_KERNEL);
	if (!req->iov)
		return -ENOMEM;
	if (copy_from_user(req->iov, uvec, nr * sizeof(struct iovec))) {
		kfree(req->iov);
		return -EFAULT;
	}
	for (unsigned long i = 0; i < nr; i++) {
		size_t len = req->iov[i].iov_len;

		if ((ssize_t)len < 0) {
			kfree(req->iov);
			return -EINVAL;
		}
		if (len > MAX_RW_COUNT - total)
			req->iov[i].iov_len = len = MAX_RW_COUNT - total;
		total += len;
	}
	return total;
}

/* Segment by segment; a short transfer ends the call with what was done. */
static ssize_t iov_fn(struct file *f, void *arg, size_t total, loff_t *pos)
{
	struct iov_req *req = arg;
	ssize_t done = 0;

	if (!(f->f_mode & (req->write ? FMODE_WRITE : FMODE_READ)))
		return -EBADF;
	for (unsigned long i = 0; i < req->nr; i++) {
		struct iovec *v = &req->iov[i];
		ssize_t n;

		if (!v->iov_len)
			continue;
		n = req->write ? vfs_write(f, v->iov_base, v->iov_len, pos)
			       : vfs_read(f, v->iov_base, v->iov_len, pos);
		if (n < 0)
			return done ? done : n;
		done += n;
		if ((size_t)n < v->iov_len)
			break;
	}
	return done;
}

static ssize_t do_iov(unsigned int fd, const struct iovec __user *vec, unsigned long nr,
		      bool write, loff_t pos, bool positioned)
{
	struct iov_req req = { .write = write };
	ssize_t total = import_iovec(vec, nr, &req), ret;

	if (total < 0)
		return total;
	ret = positioned ? io_at(fd, iov_fn, &req, total, pos) : io_at_fpos(fd, iov_fn, &req, total);
	kfree(req.iov);
	return ret;
}

long sys_readv(unsigned long fd, const struct iovec __user *vec, unsigned long nr)
{
	return do_iov(fd, vec, nr, false, 0, false);
}
SYSCALL(readv, sys_readv);

long sys_writev(unsigned long fd, const struct iovec __user *vec, unsigned long nr)
{
	return do_iov(fd, vec, nr, true, 0, false);
}
SYSCALL(writev, sys_writev);

/* On 64-bit the offset is entirely in pos_l (pos_h is ignored, as Linux's pos_from_hilo). */
long sys_preadv(unsigned long fd, const struct iovec __user *vec, unsigned long nr,
		unsigned long pos_l, unsigned long pos_h)
{
	return do_iov(fd, vec, nr, false, (loff_t)pos_l, true);
}
SYSCALL(preadv, sys_preadv);

long sys_pwritev(unsigned long fd, const struct iovec __user *vec, unsigned long nr,
		 unsigned long pos_l, unsigned long pos_h)
{
	return do_iov(fd, vec, nr, true, (loff_t)pos_l, true);
}
SYSCALL(pwritev, sys_pwritev);

/* ---- lseek --------------------------------------------------------------------------- */

long sys_lseek(unsigned int fd, loff_t offset, unsigned int whence)
{
	struct file *f = fget(fd);
	loff_t ret;

	if (!f)
		return -EBADF;
	if (!f->f_op->llseek) {
		ret = -ESPIPE;
	} else if (whence > SEEK_MAX) {
		ret = -EINVAL;
	} else {
		mutex_lock(&f->f_pos_lock);
		ret = f->f_op->llseek(f, offset, whence);
		mutex_unlock(&f->f_pos_lock);
	}
	fput(f);
	return ret;
}
SYSCALL(lseek, sys_lseek);

/* ---- kernel-side I/O ----------------------------------------------------------------- */

ssize_t kernel_read(struct file *f, void *buf, size_t n, loff_t *pos)
{
	int err;

	if (!(f->f_mode & FMODE_READ))
		return -EBADF;
	if (!f->f_op->read_kernel)
		return -EINVAL;
	err = rw_verify_area(f, *pos, n);
	if (err)
		return err;
	return f->f_op->read_kernel(f, buf, n > MAX_RW_COUNT ? MAX_RW_COUNT : n, pos);
}

ssize_t kernel_write(struct file *f, const void *buf, size_t n, loff_t *pos)
{
	int err;

	if (!(f->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!f->f_op->write_kernel)
		return -EINVAL;
	err = rw_verify_area(f, *pos, n);
	if (err)
		return err;
	return f->f_op->write_kernel(f, buf, n > MAX_RW_COUNT ? MAX_RW_COUNT : n, pos);
}

/* ---- sendfile ------------------------------------------------------------------------ */

#define SENDFILE_CHUNK	(4 * PAGE_SIZE)

/* Copy up to @count bytes from @in at *@ipos to @out at its position. */
static ssize_t copy_file_chunks(struct file *in, loff_t *ipos, struct file *out, size_t count)
{
	char *buf = kmalloc(SENDFILE_CHUNK, GFP_KERNEL);
	ssize_t done = 0, err = 0;
	bool lock_out = needs_pos_lock(out);

	if (!buf)
		return -ENOMEM;
	if (lock_out)
		mutex_lock(&out->f_pos_lock);
	while ((size_t)done < count) {
		ssize_t n = kernel_read(in, buf, min((size_t)SENDFILE_CHUNK, count - done), ipos);
		ssize_t w;

		if (n <= 0) {
			err = n;
			break;
		}
		w = kernel_write(out, buf, n, &out->f_pos);
		if (w < 0) {
			*ipos -= n;
			err = w;
			break;
		}
		done += w;
		if (w < n) {
			*ipos -= n - w;
			break;
		}
		if (signal_pending(current))
			break;
	}
	if (lock_out)
		mutex_unlock(&out->f_pos_lock);
	kfree(buf);
	return done ? done : err;
}

static long do_sendfile(struct file *in, struct file *out, loff_t __user *offset, size_t count)
{
	bool lock_in = !offset && needs_pos_lock(in);
	loff_t pos;
	ssize_t ret;

	if (!(in->f_mode & FMODE_READ) || !(out->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!in->f_op->read_kernel || !out->f_op->write_kernel || (out->f_flags & O_APPEND) ||
	    in->f_inode == out->f_inode)
		return -EINVAL;
	if (offset) {
		if (copy_from_user(&pos, offset, sizeof(pos)))
			return -EFAULT;
		if (pos < 0)
			return -EINVAL;
	}
	if (lock_in)
		mutex_lock(&in->f_pos_lock);
	if (!offset)
		pos = in->f_pos;
	ret = copy_file_chunks(in, &pos, out, count > MAX_RW_COUNT ? MAX_RW_COUNT : count);
	if (!offset)
		in->f_pos = pos;
	if (lock_in)
		mutex_unlock(&in->f_pos_lock);
	if (offset && put_user(pos, offset))
		return -EFAULT;
	return ret;
}

long sys_sendfile(int out_fd, int in_fd, loff_t __user *offset, size_t count)
{
	struct file *in = fget(in_fd), *out = NULL;
	long ret = -EBADF;

	if (in)
		out = fget(out_fd);
	if (out)
		ret = do_sendfile(in, out, offset, count);
	if (out)
		fput(out);
	if (in)
		fput(in);
	return ret;
}
SYSCALL(sendfile, sys_sendfile);
