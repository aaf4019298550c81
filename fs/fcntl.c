/* fcntl: descriptor duplication and flags (F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD),
 * status flags (F_GETFL, F_SETFL for O_APPEND/O_NONBLOCK/O_NOATIME), POSIX record
 * locks (fs/locks.c) and pipe sizes (fs/pipe.c).  Signal-driven I/O (O_ASYNC,
 * F_SETOWN, F_SETSIG), leases, notifications and seals are not implemented: -EINVAL.
 * Relies on: fd table, locks, pipes. */
#include <anvil/fs.h>
#include <anvil/sched.h>
#include <anvil/syscall.h>
#include <anvil/errno.h>
#include "internal.h"

#define SETFL_MASK	(O_APPEND | O_NONBLOCK | O_NOATIME)

static DEFINE_SPINLOCK(f_flags_lock);	/* serialises read-modify-write of f_flags */

void file_set_flags(struct file *f, unsigned int mask, unsigned int value)
{
	spin_lock(&f_flags_lock);
	f->f_flags = (f->f_flags & ~mask) | (value & mask);
	spin_unlock(&f_flags_lock);
}

static long setfl(struct file *f, unsigned long arg)
{
	if (arg & FASYNC)
		return -EINVAL;
	if ((arg & O_NOATIME) && !(f->f_flags & O_NOATIME) && current_fsuid() != 0 &&
	    current_fsuid() != f->f_inode->i_uid)
		return -EPERM;
	file_set_flags(f, SETFL_MASK, arg);
	return 0;
}

/* Commands that also work on O_PATH descriptors. */
static bool path_ok(unsigned int cmd)
{
	return cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC || cmd == F_GETFD || cmd == F_SETFD ||
	       cmd == F_GETFL;
}

static long do_fcntl(int fd, unsigned int cmd, unsigned long arg, struct file *f)
{
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg >= current_nofile_limit())
			return -EINVAL;
		return dupfd(fd, arg, cmd == F_DUPFD_CLOEXEC ? O_CLOEXEC : 0);
	case F_GETFD:
		return get_close_on_exec(fd) ? FD_CLOEXEC : 0;
	case F_SETFD:
		set_close_on_exec(fd, arg & FD_CLOEXEC);
		return 0;
	case F_GETFL:
		return f->f_flags;
	case F_SETFL:
		return setfl(f, arg);
	case F_GETLK:
		return fcntl_getlk(f, (void __user *)arg);
	case F_SETLK:
	case F_SETLKW:
		return fcntl_setlk(f, cmd, (void __user *)arg);
	case F_GETOWN:
		return 0;		/* no owner can be set */
	case F_GETPIPE_SZ:
	case F_SETPIPE_SZ:
		return pipe_fcntl(f, cmd, arg);
	default:
		return -EINVAL;
	}
}

long sys_fcntl(unsigned int fd, unsigned int cmd, unsigned long arg)
{
	struct file *f = fget_raw(fd);
	long ret;

	if (!f)
		return -EBADF;
	if ((f->f_mode & FMODE_PATH) && !path_ok(cmd))
		ret = -EBADF;
	else
		ret = do_fcntl(fd, cmd, arg, f);
	fput(f);
	return ret;
}
SYSCALL(fcntl, sys_fcntl);
