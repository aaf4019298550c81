/* Directory-changing operations on names: mkdirat, mknodat, symlinkat, linkat,
 * unlinkat (files and, with AT_REMOVEDIR, directories).  Each resolves the parent,
 * locks it (and the victim inode for link/unlink/rmdir, parent before child), checks
 * Linux's conditions in Linux's order, and calls the inode operation.  The vfs_*
 * functions also serve the kernel (initramfs, devtmpfs), which passes LOOKUP_NOPERM:
 * no permission checks and no umask.
 * Relies on: path walk and may_create/may_delete (fs/namei.c), dcache. */
#include <anvil/fs.h>
#include <anvil/slab.h>
#include <anvil/sched.h>
#include <anvil/syscall.h>
#include <anvil/err.h>
#include <anvil/errno.h>
#include "internal.h"
#include "path.h"

static umode_t apply_umask(umode_t mode, unsigned int flags)
{
	return (flags & LOOKUP_NOPERM) ? mode : mode & ~current_umask();
}

int vfs_mknodat(int dfd, const struct path *base, const char *name, umode_t mode, dev_t dev,
		unsigned int flags)
{
	struct nameidata nd;
	struct dentry *d;
	struct inode *dir;
	int err;

	if (!(mode & S_IFMT))
		mode |= S_IFREG;
	switch (mode & S_IFMT) {
	case S_IFCHR:
	case S_IFBLK:
		if (!(flags & LOOKUP_NOPERM) && current_euid() != 0)
			return -EPERM;
		break;
	case S_IFREG:
	case S_IFIFO:
	case S_IFSOCK:
		break;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
	d = filename_create(dfd, base, name, flags, &nd);
	if (IS_ERR(d))
		return PTR_ERR(d);
	dir = nd.path.dentry->d_inode;
	mode = (mode & S_IFMT) | apply_umask(mode & S_IALLUGO, flags);
	err = may_create(dir, flags);
	if (!err && S_ISREG(mode))
		err = dir->i_op->create ? dir->i_op->create(dir, d, mode) : -EACCES;
	else if (!err)
		err = dir->i_op->mknod ? dir->i_op->mknod(dir, d, mode, dev) : -EPERM;
	done_path_create(&nd, d);
	return err;
}

int vfs_mkdirat(int dfd, const struct path *base, const char *name, umode_t mode,
		unsigned int flags)
{
	struct nameidata nd;
	struct dentry *d;
	struct inode *dir;
	int err;

	d = filename_create(dfd, base, name, flags | LOOKUP_DIRECTORY, &nd);
	if (IS_ERR(d))
		return PTR_ERR(d);
	dir = nd.path.dentry->d_inode;
	err = may_create(dir, flags);
	if (!err)
		err = dir->i_op->mkdir ? dir->i_op->mkdir(dir, d, apply_umask(mode & (S_IRWXUGO | S_ISVTX), flags))
				       : -EPERM;
	done_path_create(&nd, d);
	return err;
}

int vfs_symlinkat(const char *target, int dfd, const struct path *base, const char *name,
		  unsigned int flags)
{
	struct nameidata nd;
	struct dentry *d;
	struct inode *dir;
	int err;

	if (!*target)
		return -ENOENT;
	d = filename_create(dfd, base, name, flags, &nd);
	if (IS_ERR(d))
		return PTR_ERR(d);
	dir = nd.path.dentry->d_inode;
	err = may_create(dir, flags);
	if (!err)
		err = dir->i_op->symlink ? dir->i_op->symlink(dir, d, target) : -EPERM;
	done_path_create(&nd, d);
	return err;
}

/* @flags: LOOKUP_FOLLOW/LOOKUP_EMPTY for the old name, LOOKUP_NOPERM. */
int vfs_linkat(int olddfd, const char *oldname, int newdfd, const char *newname,
	       const struct path *base, unsigned int flags)
{
	struct nameidata nd;
	struct path old;
	struct dentry *d;
	struct inode *dir, *inode;
	int err;

	err = base ? vfs_path_lookup(base, oldname, flags, &old)
		   : kern_path_at(olddfd, oldname, flags, &old);
	if (err)
		return err;
	d = filename_create(newdfd, base, newname, flags & LOOKUP_NOPERM, &nd);
	err = PTR_ERR(d);
	if (IS_ERR(d))
		goto out;
	dir = nd.path.dentry->d_inode;
	inode = old.dentry->d_inode;
	err = -EXDEV;
	if (old.mnt != nd.path.mnt)
		goto out_done;
	err = may_create(dir, flags);
	if (!err && (S_ISDIR(inode->i_mode) || !dir->i_op->link))
		err = -EPERM;
	if (err)
		goto out_done;
	inode_lock(inode);
	err = inode->i_nlink ? dir->i_op->link(old.dentry, dir, d) : -ENOENT;
	inode_unlock(inode);
out_done:
	done_path_create(&nd, d);
out:
	path_put(&old);
	return err;
}

/* Type of an unremovable final component, as Linux reports it. */
static int bad_last_type(int last_type, bool rmdir)
{
	if (last_type == LAST_NORM)
		return 0;
	if (!rmdir)
		return -EISDIR;
	if (last_type == LAST_DOTDOT)
		return -ENOTEMPTY;
	return last_type == LAST_DOT ? -EINVAL : -EBUSY;
}

/* Remove @victim from @dir (both locked by the caller except the victim's inode). */
static int vfs_remove(struct inode *dir, struct dentry *victim, bool rmdir, unsigned int flags)
{
	struct inode *inode = victim->d_inode;
	int err = may_delete(dir, victim, rmdir, flags);

	if (err)
		return err;
	if (!(rmdir ? dir->i_op->rmdir : dir->i_op->unlink))
		return -EPERM;
	inode_lock(inode);
	err = rmdir ? dir->i_op->rmdir(dir, victim) : dir->i_op->unlink(dir, victim);
	if (!err && rmdir)
		inode->i_flags |= S_DEAD;
	inode_unlock(inode);
	if (!err)
		d_drop(victim);
	return err;
}

int vfs_unlinkat(int dfd, const struct path *base, const char *name, bool rmdir,
		 unsigned int flags)
{
	struct nameidata nd;
	struct dentry *d;
	struct inode *dir;
	int err;

	err = filename_parentat(dfd, base, name, flags, &nd);
	if (err)
		return err;
	err = bad_last_type(nd.last_type, rmdir);
	if (!err)
		err = mnt_want_write(nd.path.mnt);
	if (err)
		goto out;
	dir = nd.path.dentry->d_inode;
	inode_lock(dir);
	d = lookup_one_locked(nd.path.dentry, &nd.last);
	err = PTR_ERR(d);
	if (IS_ERR(d))
		goto out_unlock;
	if (!d->d_inode)
		err = -ENOENT;
	else if (!rmdir && nd.trailing_slash && !d_is_dir(d))
		err = -ENOTDIR;
	else
		err = vfs_remove(dir, d, rmdir, flags);
	dput(d);
out_unlock:
	inode_unlock(dir);
out:
	nd_release(&nd);
	return err;
}

/* Run @fn on a copy of the user string @name. */
static long with_name(const char __user *name, long (*fn)(const char *k, void *arg), void *arg)
{
	char *k = getname(name);
	long err;

	if (IS_ERR(k))
		return PTR_ERR(k);
	err = fn(k, arg);
	kfree(k);
	return err;
}

struct at_args {
	int dfd;
	umode_t mode;
	unsigned int dev;
	int flag;
};

static long mkdir_fn(const char *k, void *arg)
{
	struct at_args *a = arg;

	return vfs_mkdirat(a->dfd, NULL, k, a->mode, 0);
}

static long mknod_fn(const char *k, void *arg)
{
	struct at_args *a = arg;

	return vfs_mknodat(a->dfd, NULL, k, a->mode, new_decode_dev(a->dev), 0);
}

static long unlink_fn(const char *k, void *arg)
{
	struct at_args *a = arg;

	return vfs_unlinkat(a->dfd, NULL, k, a->flag & AT_REMOVEDIR, 0);
}

long sys_mkdirat(int dfd, const char __user *pathname, umode_t mode)
{
	struct at_args a = { .dfd = dfd, .mode = mode };

	return with_name(pathname, mkdir_fn, &a);
}
SYSCALL(mkdirat, sys_mkdirat);

long sys_mknodat(int dfd, const char __user *filename, umode_t mode, unsigned int dev)
{
	struct at_args a = { .dfd = dfd, .mode = mode, .dev = dev };

	return with_name(filename, mknod_fn, &a);
}
SYSCALL(mknodat, sys_mknodat);

long sys_unlinkat(int dfd, const char __user *pathname, int flag)
{
	struct at_args a = { .dfd = dfd, .flag = flag };

	if (flag & ~AT_REMOVEDIR)
		return -EINVAL;
	return with_name(pathname, unlink_fn, &a);
}
SYSCALL(unlinkat, sys_unlinkat);

long sys_symlinkat(const char __user *oldname, int newdfd, const char __user *newname)
{
	char *target = getname(oldname), *name;
	long err;

	if (IS_ERR(target))
		return PTR_ERR(target);
	name = getname(newname);
	err = PTR_ERR(name);
	if (!IS_ERR(name)) {
		err = vfs_symlinkat(target, newdfd, NULL, name, 0);
		kfree(name);
	}
	kfree(target);
	return err;
}
SYSCALL(symlinkat, sys_symlinkat);

long sys_linkat(int olddfd, const char __user *oldname, int newdfd,
		const char __user *newname, int flags)
{
	unsigned int lookup = 0;
	char *old, *new;
	long err;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (flags & AT_SYMLINK_FOLLOW)
		lookup |= LOOKUP_FOLLOW;
	if (flags & AT_EMPTY_PATH) {
		if (current_euid() != 0)	/* needs CAP_DAC_READ_SEARCH */
			return -ENOENT;
		lookup |= LOOKUP_EMPTY;
	}
	old = getname(oldname);
	if (IS_ERR(old))
		return PTR_ERR(old);
	new = getname(newname);
	err = PTR_ERR(new);
	if (!IS_ERR(new)) {
		err = vfs_linkat(olddfd, old, newdfd, new, NULL, lookup);
		kfree(new);
	}
	kfree(old);
	return err;
}
SYSCALL(linkat, sys_linkat);
