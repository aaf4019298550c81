/* Opening files and whole-file operations on paths: openat (and the kernel's filp_open,
 * open_exec), chdir, fchdir, chroot, fchmod(at), fchown(at), faccessat(2), truncate,
 * ftruncate, fallocate.  Open follows Linux's order of checks: O_CREAT creates with
 * mode & ~umask and skips the access check for the new file; an existing file needs the
 * access asked for (O_TRUNC implies write); O_TRUNC truncates after the open succeeded.
 * Relies on: path walk (fs/namei.c), fd table, attributes (fs/attr.c). */
#include <anvil/fs.h>
#include <anvil/slab.h>
#include <anvil/sched.h>
#include <anvil/uaccess.h>
#include <anvil/syscall.h>
#include <anvil/err.h>
#include <anvil/errno.h>
#include "internal.h"
#include "path.h"

struct open_flags {
	int flags;			/* open(2) flags */
	int acc_mode;			/* MAY_* needed on an existing file */
	umode_t mode;			/* for O_CREAT */
	unsigned int lookup;		/* LOOKUP_* */
};

static int build_open_flags(int flags, umode_t mode, struct open_flags *op)
{
	static const int acc[4] = { MAY_READ, MAY_WRITE, MAY_READ | MAY_WRITE, MAY_READ | MAY_WRITE };

	if (flags & __O_TMPFILE)
		return -EOPNOTSUPP;
	if ((flags & (O_CREAT | O_DIRECTORY)) == (O_CREAT | O_DIRECTORY))
		return -EINVAL;
	if (flags & O_PATH) {
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
		op->acc_mode = 0;
	} else {
		op->acc_mode = acc[flags & O_ACCMODE];
		if (flags & O_TRUNC)
			op->acc_mode |= MAY_WRITE;
		if (flags & O_APPEND)
			op->acc_mode |= MAY_APPEND;
	}
	op->flags = flags;
	op->mode = (flags & O_CREAT) ? ((mode & S_IALLUGO) | S_IFREG) : 0;
	op->lookup = 0;
	if (flags & O_DIRECTORY)
		op->lookup |= LOOKUP_DIRECTORY;
	if (!(flags & O_NOFOLLOW) && !((flags & O_CREAT) && (flags & O_EXCL)))
		op->lookup |= LOOKUP_FOLLOW;
	return 0;
}

struct file *dentry_open(const struct path *path, unsigned int flags)
{
	struct inode *inode = path->dentry->d_inode;
	struct file *f = alloc_file(path, flags, (flags & O_PATH) ? &empty_fops : inode->i_fop);
	int err;

	if (IS_ERR(f) || (flags & O_PATH))
		return f;
	if (f->f_op->open) {
		err = f->f_op->open(inode, f);
		if (err) {
			f->f_op = &empty_fops;	/* not opened: no ->release */
			fput(f);
			return ERR_PTR(err);
		}
	}
	f->f_flags &= ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC);
	return f;
}

/* Permission to open an existing file with @acc_mode. */
static int may_open(const struct path *path, int acc_mode, int flags)
{
	struct inode *inode = path->dentry->d_inode;
	int err;

	switch (inode->i_mode & S_IFMT) {
	case S_IFLNK:
		return -ELOOP;
	case S_IFDIR:
		if (acc_mode & MAY_WRITE)
			return -EISDIR;
		break;
	case S_IFBLK:
	case S_IFCHR:
		if (path->mnt->mnt_flags & MNT_NODEV)
			return -EACCES;
		break;
	}
	if ((acc_mode & MAY_WRITE) && (S_ISREG(inode->i_mode) || S_ISDIR(inode->i_mode))) {
		err = mnt_want_write(path->mnt);
		if (err)
			return err;
	}
	err = inode_permission(inode, MAY_OPEN | acc_mode);
	if (err)
		return err;
	if ((flags & O_NOATIME) && current_fsuid() != 0 && current_fsuid() != inode->i_uid)
		return -EPERM;
	return 0;
}

/* O_CREAT: create nd->last unless it exists.  0 (nd->path is the file), 1 (symlink to
 * follow: *@body), or -errno. */
static int open_create(struct nameidata *nd, const struct open_flags *op, bool *created,
		       char **body)
{
	struct inode *dir = nd->path.dentry->d_inode;
	struct path child;
	struct dentry *d;
	int err;

	if (nd->last_type != LAST_NORM) {
		err = walk_last(nd, body);
		return err ? err : -EISDIR;
	}
	if (nd->trailing_slash)
		return -EISDIR;
	inode_lock(dir);
	d = lookup_one_locked(nd->path.dentry, &nd->last);
	if (IS_ERR(d)) {
		inode_unlock(dir);
		return PTR_ERR(d);
	}
	if (d->d_inode) {
		inode_unlock(dir);
		if (op->flags & O_EXCL) {
			dput(d);
			return -EEXIST;
		}
		child.mnt = mntget(nd->path.mnt);
		child.dentry = d;
		follow_down(&child);
		return nd_step_into(nd, &child, op->lookup & LOOKUP_FOLLOW, body);
	}
	err = mnt_want_write(nd->path.mnt);
	if (!err)
		err = may_create(dir, nd->flags);
	if (!err)
		err = dir->i_op->create ? dir->i_op->create(dir, d, op->mode & ~current_umask())
					: -EACCES;
	inode_unlock(dir);
	if (err) {
		dput(d);
		return err;
	}
	*created = true;
	dput(nd->path.dentry);
	nd->path.dentry = d;
	return 0;
}

static struct file *finish_open(struct nameidata *nd, const struct open_flags *op, bool created)
{
	struct path *path = &nd->path;
	struct inode *inode = path->dentry->d_inode;
	struct file *f;
	int err;

	if ((op->lookup & LOOKUP_DIRECTORY) && !S_ISDIR(inode->i_mode))
		return ERR_PTR(-ENOTDIR);
	if (op->flags & O_PATH)
		return dentry_open(path, op->flags);
	if (S_ISDIR(inode->i_mode) && (op->flags & O_CREAT))
		return ERR_PTR(-EISDIR);
	if (!created) {
		err = may_open(path, op->acc_mode, op->flags);
		if (err)
			return ERR_PTR(err);
	}
	f = dentry_open(path, op->flags);
	if (IS_ERR(f) || created || !(op->flags & O_TRUNC) || !S_ISREG(inode->i_mode))
		return f;
	err = do_truncate(path->dentry, 0, ATTR_MTIME);
	if (err) {
		fput(f);
		return ERR_PTR(err);
	}
	return f;
}

struct file *do_filp_open(int dfd, const struct path *base, const char *name, int flags,
			  umode_t mode)
{
	struct open_flags op;
	struct nameidata nd;
	struct file *f;
	bool created = false;
	char *body = NULL;
	int err;

	err = build_open_flags(flags, mode, &op);
	if (err)
		return ERR_PTR(err);
	if (!*name)
		return ERR_PTR(-ENOENT);
	err = path_init(&nd, dfd, base, name, op.lookup);
	if (!err)
		err = link_path_walk(&nd, name, NULL);
	while (!err) {
		err = (op.flags & O_CREAT) ? open_create(&nd, &op, &created, &body)
					   : walk_last(&nd, &body);
		if (err <= 0)
			break;
		err = link_path_walk(&nd, body, body);
	}
	if (!err && nd.trailing_slash && !d_is_dir(nd.path.dentry))
		err = -ENOTDIR;
	f = err ? ERR_PTR(err) : finish_open(&nd, &op, created);
	nd_release(&nd);
	return f;
}

long sys_openat(int dfd, const char __user *filename, int flags, umode_t mode)
{
	char *name = getname(filename);
	struct file *f;
	int fd;

	if (IS_ERR(name))
		return PTR_ERR(name);
	fd = get_unused_fd_flags(flags);
	if (fd >= 0) {
		f = do_filp_open(dfd, NULL, name, flags, mode);
		if (IS_ERR(f)) {
			put_unused_fd(fd);
			fd = PTR_ERR(f);
		} else {
			fd_install(fd, f);
		}
	}
	kfree(name);
	return fd;
}
SYSCALL(openat, sys_openat);

struct file *filp_open(const char *path, int flags, umode_t mode)
{
	return do_filp_open(AT_FDCWD, NULL, path, flags, mode);
}

struct file *open_exec(int dfd, const char *name, int lookup_flags)
{
	unsigned int flags = 0;
	struct inode *inode;
	struct path path;
	struct file *f;
	int err;

	if (!(lookup_flags & AT_SYMLINK_NOFOLLOW))
		flags |= LOOKUP_FOLLOW;
	if (lookup_flags & AT_EMPTY_PATH)
		flags |= LOOKUP_EMPTY;
	err = kern_path_at(dfd, name, flags, &path);
	if (err)
		return ERR_PTR(err);
	inode = path.dentry->d_inode;
	if (S_ISLNK(inode->i_mode))
		err = -ELOOP;
	else if (!S_ISREG(inode->i_mode) || (path.mnt->mnt_flags & MNT_NOEXEC))
		err = -EACCES;
	else
		err = inode_permission(inode, MAY_EXEC | MAY_OPEN);
	f = err ? ERR_PTR(err) : dentry_open(&path, O_RDONLY);
	if (!IS_ERR(f))
		f->f_mode |= FMODE_EXEC;
	path_put(&path);
	return f;
}

/* ---- cwd and root ----------------------------------------------------------------- */

static int set_dir(const struct path *path, bool root)
{
	int err = inode_permission(path->dentry->d_inode, MAY_EXEC);

	if (!err && root && current_euid() != 0)
		err = -EPERM;
	if (!err)
		set_fs_path(root ? &current->fs->root : &current->fs->pwd, path);
	return err;
}

static long change_dir(const char __user *filename, bool root)
{
	struct path path;
	int err = user_path_at(AT_FDCWD, filename, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &path);

	if (err)
		return err;
	err = set_dir(&path, root);
	path_put(&path);
	return err;
}

long sys_chdir(const char __user *filename)
{
	return change_dir(filename, false);
}
SYSCALL(chdir, sys_chdir);

long sys_chroot(const char __user *filename)
{
	return change_dir(filename, true);
}
SYSCALL(chroot, sys_chroot);

long sys_fchdir(unsigned int fd)
{
	struct file *f = fget_raw(fd);
	struct path path;
	int err;

	if (!f)
		return -EBADF;
	path.mnt = f->f_vfsmnt;
	path.dentry = f->f_dentry;
	err = S_ISDIR(f->f_inode->i_mode) ? set_dir(&path, false) : -ENOTDIR;
	fput(f);
	return err;
}
SYSCALL(fchdir, sys_fchdir);

/* ---- mode and ownership -------------------------------------------------------------- */

static long with_file_path(unsigned int fd, int (*fn)(const struct path *p, void *arg), void *arg)
{
	struct file *f = fget(fd);
	struct path path;
	long err;

	if (!f)
		return -EBADF;
	path.mnt = f->f_vfsmnt;
	path.dentry = f->f_dentry;
	err = fn(&path, arg);
	fput(f);
	return err;
}

static long with_user_path(int dfd, const char __user *name, unsigned int lookup,
			   int (*fn)(const struct path *p, void *arg), void *arg)
{
	struct path path;
	long err = user_path_at(dfd, name, lookup, &path);

	if (err)
		return err;
	err = fn(&path, arg);
	path_put(&path);
	return err;
}

static int chmod_fn(const struct path *p, void *arg)
{
	return chmod_common(p, *(umode_t *)arg);
}

struct chown_args {
	uid_t uid;
	gid_t gid;
};

static int chown_fn(const struct path *p, void *arg)
{
	struct chown_args *a = arg;

	return chown_common(p, a->uid, a->gid);
}

long sys_fchmod(unsigned int fd, umode_t mode)
{
	return with_file_path(fd, chmod_fn, &mode);
}
SYSCALL(fchmod, sys_fchmod);

long sys_fchmodat(int dfd, const char __user *filename, umode_t mode)
{
	return with_user_path(dfd, filename, LOOKUP_FOLLOW, chmod_fn, &mode);
}
SYSCALL(fchmodat, sys_fchmodat);

long sys_fchown(unsigned int fd, uid_t user, gid_t group)
{
	struct chown_args a = { user, group };

	return with_file_path(fd, chown_fn, &a);
}
SYSCALL(fchown, sys_fchown);

long sys_fchownat(int dfd, const char __user *filename, uid_t user, gid_t group, int flag)
{
	struct chown_args a = { user, group };
	unsigned int lookup = 0;

	if (flag & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (!(flag & AT_SYMLINK_NOFOLLOW))
		lookup |= LOOKUP_FOLLOW;
	if (flag & AT_EMPTY_PATH)
		lookup |= LOOKUP_EMPTY;
	return with_user_path(dfd, filename, lookup, chown_fn, &a);
}
SYSCALL(fchownat, sys_fchownat);

/* ---- access ------------------------------------------------------------------------- */

static int access_fn(const struct path *p, void *arg)
{
	int mode = *(int *)arg;
	struct inode *inode = p->dentry->d_inode;

	if ((mode & MAY_WRITE) && !S_ISCHR(inode->i_mode) && !S_ISBLK(inode->i_mode) &&
	    !S_ISFIFO(inode->i_mode) && !S_ISSOCK(inode->i_mode) && mnt_want_write(p->mnt))
		return -EROFS;
	return inode_permission(inode, mode | MAY_ACCESS);
}

/* access(2) checks with the real ids unless AT_EACCESS. */
static long do_faccessat(int dfd, const char __user *filename, int mode, int flags)
{
	struct cred *cred = &current->cred;
	uid_t fsuid = cred->fsuid;
	gid_t fsgid = cred->fsgid;
	unsigned int lookup = 0;
	long err;

	if (mode & ~S_IRWXO)
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (!(flags & AT_SYMLINK_NOFOLLOW))
		lookup |= LOOKUP_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		lookup |= LOOKUP_EMPTY;
	if (!(flags & AT_EACCESS)) {
		cred->fsuid = cred->uid;
		cred->fsgid = cred->gid;
	}
	err = with_user_path(dfd, filename, lookup, access_fn, &mode);
	cred->fsuid = fsuid;
	cred->fsgid = fsgid;
	return err;
}

long sys_faccessat(int dfd, const char __user *filename, int mode)
{
	return do_faccessat(dfd, filename, mode, 0);
}
SYSCALL(faccessat, sys_faccessat);

long sys_faccessat2(int dfd, const char __user *filename, int mode, int flags)
{
	return do_faccessat(dfd, filename, mode, flags);
}
SYSCALL(faccessat2, sys_faccessat2);

/* ---- sizes -------------------------------------------------------------------------- */

int do_truncate(struct dentry *d, loff_t length, unsigned int time_attrs)
{
	struct inode *inode = d->d_inode;
	struct iattr attr = { .ia_valid = ATTR_SIZE | time_attrs, .ia_size = length };
	int err;

	if (length < 0)
		return -EINVAL;
	attr.ia_mtime = current_time();
	if (current_fsuid() != 0)
		attr.ia_valid |= ATTR_KILL_SUID | ATTR_KILL_SGID;
	inode_lock(inode);
	err = notify_change(d, &attr);
	inode_unlock(inode);
	return err;
}

static int truncate_fn(const struct path *p, void *arg)
{
	struct inode *inode = p->dentry->d_inode;
	int err;

	if (S_ISDIR(inode->i_mode))
		return -EISDIR;
	if (!S_ISREG(inode->i_mode))
		return -EINVAL;
	err = mnt_want_write(p->mnt);
	if (!err)
		err = inode_permission(inode, MAY_WRITE);
	if (!err)
		err = do_truncate(p->dentry, *(loff_t *)arg, 0);
	return err;
}

long sys_truncate(const char __user *path, loff_t length)
{
	if (length < 0)
		return -EINVAL;
	return with_user_path(AT_FDCWD, path, LOOKUP_FOLLOW, truncate_fn, &length);
}
SYSCALL(truncate, sys_truncate);

long sys_ftruncate(unsigned int fd, loff_t length)
{
	struct file *f;
	long err = -EINVAL;

	if (length < 0)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	if (S_ISREG(f->f_inode->i_mode) && (f->f_mode & FMODE_WRITE))
		err = do_truncate(f->f_dentry, length, ATTR_MTIME);
	fput(f);
	return err;
}
SYSCALL(ftruncate, sys_ftruncate);

/* Preallocation is not implemented (tmpfs needs none to be correct); the checks before
 * it are Linux's, in Linux's order. */
long sys_fallocate(int fd, int mode, loff_t offset, loff_t len)
{
	struct file *f;
	umode_t type;
	long err;

	if (offset < 0 || len <= 0)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	type = f->f_inode->i_mode & S_IFMT;
	if (!(f->f_mode & FMODE_WRITE))
		err = -EBADF;
	else if (type == S_IFIFO)
		err = -ESPIPE;
	else if (type == S_IFDIR)
		err = -EISDIR;
	else if (type != S_IFREG && type != S_IFBLK)
		err = -ENODEV;
	else
		err = -EOPNOTSUPP;
	fput(f);
	return err;
}
SYSCALL(fallocate, sys_fallocate);
