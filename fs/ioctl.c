/* ioctl: the generic commands every descriptor understands (FIOCLEX, FIONCLEX,
 * FIONBIO, FIONREAD and FIOQSIZE for regular files), then the file's own ->ioctl;
 * -ENOTTY when nobody knows the command.
 * Relies on: fd table, uaccess. */
#include <anvil/fs.h>
#include <anvil/uaccess.h>
#include <anvil/syscall.h>
#include <anvil/errno.h>
#include <asm/ioctls.h>
#include "internal.h"

static long file_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct inode *inode = f->f_inode;
	long ret;

	if (cmd == FIONREAD && S_ISREG(inode->i_mode)) {
		loff_t left = inode->i_size - f->f_pos;

		return put_user((int)(left > 0 ? (left > 0x7fffffff ? 0x7fffffff : left) : 0),
				(int __user *)arg);
	}
	if (cmd == FIOQSIZE && (S_ISREG(inode->i_mode) || S_ISDIR(inode->i_mode) ||
				S_ISLNK(inode->i_mode)))
		return put_user((loff_t)inode->i_size, (loff_t __user *)arg);
	if (!f->f_op->ioctl)
		return -ENOTTY;
	ret = f->f_op->ioctl(f, cmd, arg);
	return ret == -ENOIOCTLCMD ? -ENOTTY : ret;
}

long sys_ioctl(unsigned int fd, unsigned int cmd, unsigned long arg)
{
	struct file *f = fget(fd);
	long ret = 0;
	int on;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case FIOCLEX:
	case FIONCLEX:
		set_close_on_exec(fd, cmd == FIOCLEX);
		break;
	case FIONBIO:
		ret = get_user(on, (int __user *)arg);
		if (!ret)
			file_set_flags(f, O_NONBLOCK, on ? O_NONBLOCK : 0);
		break;
	default:
		ret = file_ioctl(f, cmd, arg);
		break;
	}
	fput(f);
	return ret;
}
SYSCALL(ioctl, sys_ioctl);
