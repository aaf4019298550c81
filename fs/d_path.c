/* Path names of dentries: d_path (file_path, /proc/self/fd links) and getcwd.  The
 * name is built from the end of the buffer upwards: each dentry's name, crossing from
 * mount roots to their mountpoints, until the process root.  A path that never meets
 * the root (outside a chroot, or under a lazily unmounted tree) is "unreachable".
 * Pseudo files (pipes) show their own name, e.g. "pipe:[12]".
 * Locks: mount_lock then dcache_lock while walking up, so the chain cannot change.
 * Relies on: dcache, mounts, fs_struct (root), path.c (path_prepend). */
#include <anvil/fs.h>
#include <anvil/slab.h>
#include <anvil/mm.h>
#include <anvil/string.h>
#include <anvil/uaccess.h>
#include <anvil/syscall.h>
#include <anvil/err.h>
#include <anvil/errno.h>
#include "internal.h"
#include "path.h"

/* Prepend the path of @path up to @root at *@p.  Returns 0, 1 if @root was not met
 * (the path is then relative to the top of its tree), or -ENAMETOOLONG. */
static int prepend_path(const struct path *path, const struct path *root, char **p, char *buf)
{
	struct dentry *d = path->dentry;
	struct vfsmount *mnt = path->mnt;
	int err = 0;

	spin_lock(&mount_lock);
	spin_lock(&dcache_lock);
	while (!(d == root->dentry && mnt == root->mnt)) {
		if (d == mnt->mnt_root || IS_ROOT(d)) {
			if (mnt->mnt_parent == mnt) {
				err = 1;
				break;
			}
			d = mnt->mnt_mountpoint;
			mnt = mnt->mnt_parent;
			continue;
		}
		err = path_prepend(p, buf, d->d_name.name, d->d_name.len);
		if (!err)
			err = path_prepend(p, buf, "/", 1);
		if (err)
			break;
		d = d->d_parent;
	}
	spin_unlock(&dcache_lock);
	spin_unlock(&mount_lock);
	return err;
}

/* Build "[prefix]/path[suffix]" for @path at the end of @buf. */
static char *build_path(const struct path *path, char *buf, int buflen, const char *suffix,
			bool *unreachable)
{
	char *p = buf + buflen;
	struct path root;
	int err;

	if (buflen < 1)
		return ERR_PTR(-ENAMETOOLONG);
	*--p = '\0';
	if (path_prepend(&p, buf, suffix, strlen(suffix)))
		return ERR_PTR(-ENAMETOOLONG);
	if (path->dentry->d_flags & DCACHE_PSEUDO) {
		err = path_prepend(&p, buf, path->dentry->d_name.name, path->dentry->d_name.len);
		return err ? ERR_PTR(err) : p;
	}
	current_root(&root);
	err = prepend_path(path, &root, &p, buf);
	path_put(&root);
	if (err < 0)
		return ERR_PTR(err);
	*unreachable = err > 0;
	if (*p != '/' && path_prepend(&p, buf, "/", 1))
		return ERR_PTR(-ENAMETOOLONG);
	return p;
}

char *d_path(const struct path *path, char *buf, int buflen)
{
	const char *suffix = d_unlinked(path->dentry) ? " (deleted)" : "";
	bool unreachable = false;

	return build_path(path, buf, buflen, suffix, &unreachable);
}

char *file_path(struct file *f, char *buf, int buflen)
{
	struct path path = { f->f_vfsmnt, f->f_dentry };

	return d_path(&path, buf, buflen);
}

long sys_getcwd(char __user *ubuf, unsigned long size)
{
	char *page = kmalloc(PATH_MAX, GFP_KERNEL), *p;
	bool unreachable = false;
	struct path pwd;
	long len;

	if (!page)
		return -ENOMEM;
	current_pwd(&pwd);
	if (d_unlinked(pwd.dentry)) {
		len = -ENOENT;
		goto out;
	}
	p = build_path(&pwd, page, PATH_MAX, "", &unreachable);
	len = PTR_ERR(p);
	if (IS_ERR(p))
		goto out;
	if (unreachable && path_prepend(&p, page, "(unreachable)", 13)) {
		len = -ENAMETOOLONG;
		goto out;
	}
	len = page + PATH_MAX - p;
	if ((unsigned long)len > size)
		len = -ERANGE;
	else if (copy_to_user(ubuf, p, len))
		len = -EFAULT;
out:
	path_put(&pwd);
	kfree(page);
	return len;
}
SYSCALL(getcwd, sys_getcwd);
