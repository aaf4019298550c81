/* File system statistics: statfs, fstatfs (struct statfs of <asm/statfs.h>).  The
 * file system fills sizes; the VFS adds the mount flags (ST_*) and an fsid derived from
 * the device number, as Linux does.
 * Relies on: path walk, fd table, super_operations->statfs. */
#include <anvil/fs.h>
#include <anvil/string.h>
#include <anvil/uaccess.h>
#include <anvil/syscall.h>
#include <anvil/errno.h>
#include <asm/statfs.h>
#include "internal.h"

static int vfs_statfs(const struct path *path, struct kstatfs *k)
{
	struct super_block *sb = path->dentry->d_sb;
	int err;

	memset(k, 0, sizeof(*k));
	if (!sb->s_op->statfs)
		return -ENOSYS;
	err = sb->s_op->statfs(path->dentry, k);
	if (err)
		return err;
	if (!k->f_frsize)
		k->f_frsize = k->f_bsize;
	k->f_flags = mnt_statfs_flags(path->mnt);
	return 0;
}

static long do_statfs(const struct path *path, struct statfs __user *ubuf)
{
	struct kstatfs k;
	struct statfs st;
	u64 dev = new_encode_dev(path->dentry->d_sb->s_dev);
	int err = vfs_statfs(path, &k);

	if (err)
		return err;
	memset(&st, 0, sizeof(st));
	st.f_type = k.f_type;
	st.f_bsize = k.f_bsize;
	st.f_blocks = k.f_blocks;
	st.f_bfree = k.f_bfree;
	st.f_bavail = k.f_bavail;
	st.f_files = k.f_files;
	st.f_ffree = k.f_ffree;
	st.f_fsid.val[0] = (int)(u32)dev;
	st.f_fsid.val[1] = (int)(u32)(dev >> 32);
	st.f_namelen = k.f_namelen;
	st.f_frsize = k.f_frsize;
	st.f_flags = k.f_flags;
	return copy_to_user(ubuf, &st, sizeof(st));
}

long sys_statfs(const char __user *pathname, struct statfs __user *buf)
{
	struct path path;
	long err = user_path_at(AT_FDCWD, pathname, LOOKUP_FOLLOW, &path);

	if (err)
		return err;
	err = do_statfs(&path, buf);
	path_put(&path);
	return err;
}
SYSCALL(statfs, sys_statfs);

long sys_fstatfs(unsigned int fd, struct statfs __user *buf)
{
	struct file *f = fget_raw(fd);
	struct path path;
	long err;

	if (!f)
		return -EBADF;
	path.mnt = f->f_vfsmnt;
	path.dentry = f->f_dentry;
	err = do_statfs(&path, buf);
	fput(f);
	return err;
}
SYSCALL(fstatfs, sys_fstatfs);
