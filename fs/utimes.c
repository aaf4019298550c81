/* utimensat: set access/modification times (UTIME_NOW, UTIME_OMIT, NULL = now),
 * with utimensat(2)'s permission rules: setting the current time needs ownership or
 * write permission, any other time needs ownership (or root).
 * Relies on: path walk, attributes (notify_change). */
#include <anvil/fs.h>
#include <anvil/sched.h>
#include <anvil/time.h>
#include <anvil/uaccess.h>
#include <anvil/syscall.h>
#include <anvil/errno.h>
#include <linux/time_types.h>
#include "internal.h"

/* utimensat(2) special nanosecond values (not in the UAPI headers) */
#define UTIME_NOW	((1L << 30) - 1L)
#define UTIME_OMIT	((1L << 30) - 2L)

static bool ts_valid(const struct __kernel_timespec *ts)
{
	return ts->tv_nsec == UTIME_NOW || ts->tv_nsec == UTIME_OMIT ||
	       (ts->tv_nsec >= 0 && ts->tv_nsec < NSEC_PER_SEC);
}

/* Set ATTR_ATIME/ATTR_MTIME (@which) from @ts into @attr. */
static void set_time(struct iattr *attr, const struct __kernel_timespec *ts, unsigned int which,
		     s64 now)
{
	s64 t;

	if (ts && ts->tv_nsec == UTIME_OMIT)
		return;
	t = (!ts || ts->tv_nsec == UTIME_NOW) ? now : ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
	attr->ia_valid |= which;
	if (which == ATTR_ATIME)
		attr->ia_atime = t;
	else
		attr->ia_mtime = t;
}

static int utimes_common(const struct path *path, const struct __kernel_timespec *times)
{
	struct inode *inode = path->dentry->d_inode;
	bool to_now = !times || (times[0].tv_nsec == UTIME_NOW && times[1].tv_nsec == UTIME_NOW);
	uid_t fsuid = current_fsuid();
	struct iattr attr = { .ia_valid = 0 };
	s64 now = current_time();
	int err = mnt_want_write(path->mnt);

	if (err)
		return err;
	if (fsuid != 0 && fsuid != inode->i_uid) {
		if (!to_now)
			return -EPERM;
		err = inode_permission(inode, MAY_WRITE);
		if (err)
			return err;
	}
	set_time(&attr, times, ATTR_ATIME, now);
	set_time(&attr, times ? &times[1] : NULL, ATTR_MTIME, now);
	inode_lock(inode);
	err = notify_change(path->dentry, &attr);
	inode_unlock(inode);
	return err;
}

long sys_utimensat(int dfd, const char __user *filename,
		   const struct __kernel_timespec __user *utimes, int flags)
{
	struct __kernel_timespec ts[2], *times = NULL;
	unsigned int lookup = 0;
	struct path path;
	struct file *f;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (utimes) {
		if (copy_from_user(ts, utimes, sizeof(ts)))
			return -EFAULT;
		if (!ts_valid(&ts[0]) || !ts_valid(&ts[1]))
			return -EINVAL;
		if (ts[0].tv_nsec == UTIME_OMIT && ts[1].tv_nsec == UTIME_OMIT)
			return 0;
		times = ts;
	}
	if (!filename && dfd != AT_FDCWD) {	/* futimens() */
		if (flags & AT_SYMLINK_NOFOLLOW)
			return -EINVAL;
		f = fget(dfd);
		if (!f)
			return -EBADF;
		path.mnt = f->f_vfsmnt;
		path.dentry = f->f_dentry;
		err = utimes_common(&path, times);
		fput(f);
		return err;
	}
	if (!(flags & AT_SYMLINK_NOFOLLOW))
		lookup |= LOOKUP_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		lookup |= LOOKUP_EMPTY;
	err = user_path_at(dfd, filename, lookup, &path);
	if (err)
		return err;
	err = utimes_common(&path, times);
	path_put(&path);
	return err;
}
SYSCALL(utimensat, sys_utimensat);
