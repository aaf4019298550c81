/* File status: newfstatat, fstat (struct stat of <asm/stat.h>), statx (<linux/stat.h>),
 * readlinkat.  Timestamps are split into seconds and nanoseconds with floor division so
 * times before 1970 come out as Linux reports them.
 * Relies on: path walk, fd table, inodes. */
#include <anvil/fs.h>
#include <anvil/slab.h>
#include <anvil/string.h>
#include <anvil/time.h>
#include <anvil/uaccess.h>
#include <anvil/syscall.h>
#include <anvil/err.h>
#include <anvil/errno.h>
#include <asm/stat.h>
#include "internal.h"

int vfs_getattr(const struct path *path, struct kstat *stat)
{
	generic_fillattr(path->dentry->d_inode, stat);
	return 0;
}

static void split_ns(s64 ns, s64 *sec, long *nsec)
{
	*sec = ns / NSEC_PER_SEC;
	*nsec = ns % NSEC_PER_SEC;
	if (*nsec < 0) {
		*nsec += NSEC_PER_SEC;
		(*sec)--;
	}
}

static long cp_new_stat(const struct kstat *k, struct stat __user *ubuf)
{
	struct stat st;
	s64 sec;
	long nsec;

	memset(&st, 0, sizeof(st));
	st.st_dev = new_encode_dev(k->dev);
	st.st_ino = k->ino;
	st.st_mode = k->mode;
	st.st_nlink = k->nlink;
	st.st_uid = k->uid;
	st.st_gid = k->gid;
	st.st_rdev = new_encode_dev(k->rdev);
	st.st_size = k->size;
	st.st_blksize = k->blksize;
	st.st_blocks = k->blocks;
	split_ns(k->atime, &sec, &nsec);
	st.st_atime = sec;
	st.st_atime_nsec = nsec;
	split_ns(k->mtime, &sec, &nsec);
	st.st_mtime = sec;
	st.st_mtime_nsec = nsec;
	split_ns(k->ctime, &sec, &nsec);
	st.st_ctime = sec;
	st.st_ctime_nsec = nsec;
	return copy_to_user(ubuf, &st, sizeof(st));
}

static unsigned int stat_lookup_flags(int flags)
{
	unsigned int lookup = 0;

	if (!(flags & AT_SYMLINK_NOFOLLOW))
		lookup |= LOOKUP_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		lookup |= LOOKUP_EMPTY;
	return lookup;
}

/* Stat @name relative to @dfd (NULL: the file @dfd itself, for fstat); the path is
 * kept in *@keep if asked. */
static int stat_at(int dfd, const char __user *name, int flags, struct kstat *k,
		   struct path *keep)
{
	struct path path;
	struct file *f;
	int err;

	if (!name) {
		f = fget_raw(dfd);
		if (!f)
			return -EBADF;
		path.mnt = f->f_vfsmnt;
		path.dentry = f->f_dentry;
		path_get(&path);
		fput(f);
	} else {
		err = user_path_at(dfd, name, stat_lookup_flags(flags), &path);
		if (err)
			return err;
	}
	err = vfs_getattr(&path, k);
	if (keep)
		*keep = path;
	else
		path_put(&path);
	return err;
}

long sys_newfstatat(int dfd, const char __user *filename, struct stat __user *statbuf, int flag)
{
	struct kstat k;
	int err;

	if (flag & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH))
		return -EINVAL;
	if (!filename)
		return -EFAULT;		/* Linux 6.1: a NULL name faults even with AT_EMPTY_PATH */
	err = stat_at(dfd, filename, flag, &k, NULL);
	return err ? err : cp_new_stat(&k, statbuf);
}
SYSCALL(newfstatat, sys_newfstatat);

long sys_fstat(unsigned int fd, struct stat __user *statbuf)
{
	struct kstat k;
	int err = stat_at(fd, NULL, 0, &k, NULL);

	return err ? err : cp_new_stat(&k, statbuf);
}
SYSCALL(fstat, sys_fstat);

static void put_ts(struct statx_timestamp *ts, s64 ns)
{
	s64 sec;
	long nsec;

	split_ns(ns, &sec, &nsec);
	ts->tv_sec = sec;
	ts->tv_nsec = nsec;
}

static long cp_statx(const struct kstat *k, const struct path *path, struct statx __user *ubuf)
{
	struct statx sx;

	memset(&sx, 0, sizeof(sx));
	sx.stx_mask = k->result_mask | STATX_MNT_ID;
	sx.stx_blksize = k->blksize;
	sx.stx_attributes = path->dentry == path->mnt->mnt_root ? STATX_ATTR_MOUNT_ROOT : 0;
	sx.stx_attributes_mask = STATX_ATTR_MOUNT_ROOT;
	sx.stx_nlink = k->nlink;
	sx.stx_uid = k->uid;
	sx.stx_gid = k->gid;
	sx.stx_mode = k->mode;
	sx.stx_ino = k->ino;
	sx.stx_size = k->size;
	sx.stx_blocks = k->blocks;
	put_ts(&sx.stx_atime, k->atime);
	put_ts(&sx.stx_mtime, k->mtime);
	put_ts(&sx.stx_ctime, k->ctime);
	sx.stx_rdev_major = MAJOR(k->rdev);
	sx.stx_rdev_minor = MINOR(k->rdev);
	sx.stx_dev_major = MAJOR(k->dev);
	sx.stx_dev_minor = MINOR(k->dev);
	sx.stx_mnt_id = path->mnt->mnt_id;
	return copy_to_user(ubuf, &sx, sizeof(sx));
}

long sys_statx(int dfd, const char __user *filename, unsigned int flags, unsigned int mask,
	       struct statx __user *buffer)
{
	struct path path;
	struct kstat k;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE || (mask & STATX__RESERVED))
		return -EINVAL;
	if (!filename)
		return -EFAULT;
	err = stat_at(dfd, filename, flags, &k, &path);
	if (err)
		return err;
	err = cp_statx(&k, &path, buffer);
	path_put(&path);
	return err;
}
SYSCALL(statx, sys_statx);

long sys_readlinkat(int dfd, const char __user *pathname, char __user *buf, int bufsiz)
{
	struct path path;
	char *target;
	long err;
	size_t len;

	if (bufsiz <= 0)
		return -EINVAL;
	err = user_path_at(dfd, pathname, LOOKUP_EMPTY, &path);
	if (err)
		return err;
	err = -EINVAL;
	if (!S_ISLNK(path.dentry->d_inode->i_mode) || !path.dentry->d_inode->i_op->get_link)
		goto out;
	target = path.dentry->d_inode->i_op->get_link(path.dentry);
	err = PTR_ERR(target);
	if (IS_ERR(target))
		goto out;
	len = strlen(target);
	if (len > (size_t)bufsiz)
		len = bufsiz;
	err = copy_to_user(buf, target, len) ? -EFAULT : (long)len;
	kfree(target);
out:
	path_put(&path);
	return err;
}
SYSCALL(readlinkat, sys_readlinkat);
