/* Flushing: sync, syncfs, fsync, fdatasync.  Each asks the file system (->sync_fs,
 * ->fsync) to write back; in-memory file systems have nothing to write and succeed.
 * A file without ->fsync (pipes, ttys, sockets) gives -EINVAL, as on Linux.
 * Relies on: super block list, fd table. */
#include <anvil/fs.h>
#include <anvil/syscall.h>
#include <anvil/errno.h>
#include "internal.h"

static void sync_one(struct super_block *sb, void *arg)
{
	if (sb->s_op->sync_fs)
		sb->s_op->sync_fs(sb);
}

long sys_sync(void)
{
	iterate_supers(sync_one, NULL);
	return 0;
}
SYSCALL(sync, sys_sync);

long sys_syncfs(int fd)
{
	struct file *f = fget(fd);
	struct super_block *sb;
	int err = 0;

	if (!f)
		return -EBADF;
	sb = f->f_inode->i_sb;
	if (sb->s_op->sync_fs)
		err = sb->s_op->sync_fs(sb);
	fput(f);
	return err;
}
SYSCALL(syncfs, sys_syncfs);

static long do_fsync(unsigned int fd)
{
	struct file *f = fget(fd);
	long err;

	if (!f)
		return -EBADF;
	err = f->f_op->fsync ? f->f_op->fsync(f) : -EINVAL;
	fput(f);
	return err;
}

long sys_fsync(unsigned int fd)
{
	return do_fsync(fd);
}
SYSCALL(fsync, sys_fsync);

/* Metadata-only flushing is not distinguished: fdatasync is fsync. */
long sys_fdatasync(unsigned int fd)
{
	return do_fsync(fd);
}
SYSCALL(fdatasync, sys_fdatasync);
