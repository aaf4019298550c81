/* Path-name resolution: turn a string into a (mount, dentry) path, as Linux's
 * fs/namei.c.  Absolute names start at the process root (chroot), relative ones at the
 * cwd or a directory fd.  Each directory walked needs search permission; "." and ".."
 * are handled here (".." at the process root stays, at a mount root it crosses to the
 * mountpoint); mounts are followed downwards; symlinks are followed through a stack of
 * pending name remainders (at most MAXSYMLINKS follows per lookup, then ELOOP).
 * Components are limited to NAME_MAX, names to PATH_MAX.
 * Also DAC permission checks (inode_permission).
 * Relies on: dcache, mounts (follow_down/follow_up), fs_struct (root, cwd), fd table
 * (fget_raw for dirfds), path.c (component splitting). */
#include <anvil/fs.h>
#include <anvil/slab.h>
#include <anvil/string.h>
#include <anvil/sched.h>
#include <anvil/uaccess.h>
#include <anvil/err.h>
#include <anvil/errno.h>
#include "internal.h"
#include "path.h"

/* ---- permissions ------------------------------------------------------------------ */

/* Owner/group/other bits against current's fsuid/fsgid.  fsuid 0 stands for
 * CAP_DAC_OVERRIDE: it may read and write anything and search any directory, and
 * execute a file if any of its x bits is set. */
static int generic_permission(struct inode *inode, int mask)
{
	umode_t mode = inode->i_mode;
	uid_t fsuid = current_fsuid();

	mask &= MAY_READ | MAY_WRITE | MAY_EXEC;
	if (fsuid == inode->i_uid)
		mode >>= 6;
	else if (in_group_p(inode->i_gid))
		mode >>= 3;
	if ((mask & ~mode & 7) == 0)
		return 0;
	if (fsuid == 0 && (!(mask & MAY_EXEC) || S_ISDIR(inode->i_mode) ||
			   (inode->i_mode & (S_IXUSR | S_IXGRP | S_IXOTH))))
		return 0;
	return -EACCES;
}

int inode_permission(struct inode *inode, int mask)
{
	if ((mask & MAY_WRITE) && (inode->i_sb->s_flags & SB_RDONLY) &&
	    (S_ISREG(inode->i_mode) || S_ISDIR(inode->i_mode) || S_ISLNK(inode->i_mode)))
		return -EROFS;
	return generic_permission(inode, mask);
}

int may_create(struct inode *dir, unsigned int flags)
{
	if (dir->i_flags & S_DEAD)
		return -ENOENT;
	if (flags & LOOKUP_NOPERM)
		return 0;
	return inode_permission(dir, MAY_WRITE | MAY_EXEC);
}

/* In a sticky directory only the owner of the entry or of the directory (or root) may
 * remove or rename it. */
static bool sticky_denies(struct inode *dir, struct inode *inode)
{
	uid_t fsuid = current_fsuid();

	return (dir->i_mode & S_ISVTX) && fsuid != 0 && fsuid != inode->i_uid &&
	       fsuid != dir->i_uid;
}

int may_delete(struct inode *dir, struct dentry *victim, bool isdir, unsigned int flags)
{
	struct inode *inode = victim->d_inode;
	int err;

	if (!inode)
		return -ENOENT;
	if (!(flags & LOOKUP_NOPERM)) {
		err = inode_permission(dir, MAY_WRITE | MAY_EXEC);
		if (err)
			return err;
		if (sticky_denies(dir, inode))
			return -EPERM;
	}
	if (isdir) {
		if (!S_ISDIR(inode->i_mode))
			return -ENOTDIR;
		if (IS_ROOT(victim))
			return -EBUSY;
	} else if (S_ISDIR(inode->i_mode)) {
		return -EISDIR;
	}
	if (dir->i_flags & S_DEAD)
		return -ENOENT;
	if (READ_ONCE(victim->d_mounted))
		return -EBUSY;
	return 0;
}

/* ---- the walk ---------------------------------------------------------------------- */

char *getname(const char __user *name)
{
	char *k = kmalloc(PATH_MAX, GFP_KERNEL);
	long n;

	if (!k)
		return ERR_PTR(-ENOMEM);
	n = strncpy_from_user(k, name, PATH_MAX);
	if (n < 0) {
		kfree(k);
		return ERR_PTR(n);
	}
	return k;
}

void qstr_init(struct qstr *q, const char *name, unsigned int len)
{
	q->name = name;
	q->len = len;
	q->hash = path_name_hash(name, len);
}

void nd_release(struct nameidata *nd)
{
	while (nd->depth > 0)
		kfree(nd->stack[--nd->depth].body);
	kfree(nd->cur_body);
	nd->cur_body = NULL;
	path_put(&nd->path);
	path_put(&nd->root);
	nd->path.mnt = nd->root.mnt = NULL;
	nd->path.dentry = nd->root.dentry = NULL;
}

static void set_root(struct nameidata *nd)
{
	path_put(&nd->path);
	nd->path = nd->root;
	path_get(&nd->path);
}

static int may_lookup(struct nameidata *nd)
{
	struct inode *inode = nd->path.dentry->d_inode;

	if (!S_ISDIR(inode->i_mode))
		return -ENOTDIR;
	if (nd->flags & LOOKUP_NOPERM)
		return 0;
	return inode_permission(inode, MAY_EXEC);
}

static void follow_dotdot(struct nameidata *nd)
{
	for (;;) {
		if (path_equal(&nd->path, &nd->root))
			break;
		if (nd->path.dentry != nd->path.mnt->mnt_root) {
			struct dentry *parent = dget_parent(nd->path.dentry);

			dput(nd->path.dentry);
			nd->path.dentry = parent;
			break;
		}
		if (!follow_up(&nd->path))
			break;
	}
	follow_down(&nd->path);
}

/* The cached dentry for @name in @parent, unless its file system says it is stale
 * (then it is unhashed, and the caller looks the name up afresh). */
static struct dentry *lookup_cached(struct dentry *parent, const struct qstr *name)
{
	struct dentry *d = d_lookup(parent, name);

	if (d && d->d_op && d->d_op->d_revalidate && !d->d_op->d_revalidate(d)) {
		d_drop(d);
		dput(d);
		d = NULL;
	}
	return d;
}

struct dentry *lookup_one_locked(struct dentry *parent, const struct qstr *name)
{
	struct inode *dir = parent->d_inode;
	struct dentry *d = lookup_cached(parent, name), *res;

	if (d)
		return d;
	if (dir->i_flags & S_DEAD)
		return ERR_PTR(-ENOENT);
	if (!dir->i_op || !dir->i_op->lookup)
		return ERR_PTR(-ENOTDIR);
	d = d_alloc(parent, name);
	if (!d)
		return ERR_PTR(-ENOMEM);
	res = dir->i_op->lookup(dir, d);
	if (res) {
		dput(d);
		return res;
	}
	return d;
}

/* The positive child @name of @parent, mounts followed; -ENOENT if there is none. */
static int lookup_child(const struct path *parent, const struct qstr *name, struct path *child)
{
	struct dentry *d = lookup_cached(parent->dentry, name);

	if (!d) {
		struct inode *dir = parent->dentry->d_inode;

		inode_lock(dir);
		d = lookup_one_locked(parent->dentry, name);
		inode_unlock(dir);
		if (IS_ERR(d))
			return PTR_ERR(d);
	}
	if (!d->d_inode) {
		dput(d);
		return -ENOENT;
	}
	child->mnt = mntget(parent->mnt);
	child->dentry = d;
	follow_down(child);
	return 0;
}

/* The target of the symlink at @link, counted against MAXSYMLINKS. */
static char *nd_get_link(struct nameidata *nd, const struct path *link)
{
	struct inode *inode = link->dentry->d_inode;
	char *body;

	if (nd->total_links++ >= MAXSYMLINKS)
		return ERR_PTR(-ELOOP);
	if (!inode->i_op || !inode->i_op->get_link)
		return ERR_PTR(-EINVAL);
	body = inode->i_op->get_link(link->dentry);
	if (!IS_ERR(body) && !*body) {
		kfree(body);
		return ERR_PTR(-ENOENT);
	}
	return body;
}

/* Step from nd->path to @child (consumed), or hand back the symlink's target in *@body
 * (returns 1) when @child is a link to follow. */
int nd_step_into(struct nameidata *nd, struct path *child, bool follow, char **body)
{
	if (follow && S_ISLNK(child->dentry->d_inode->i_mode)) {
		*body = nd_get_link(nd, child);
		path_put(child);
		return IS_ERR(*body) ? PTR_ERR(*body) : 1;
	}
	path_put(&nd->path);
	nd->path = *child;
	return 0;
}

/* An intermediate component: 0 (moved), 1 (symlink: *@body to walk), or -errno. */
static int walk_component(struct nameidata *nd, const char *name, int len, int type,
			  char **body)
{
	struct path child;
	struct qstr q;
	int err;

	if (type == LAST_DOT)
		return 0;
	if (type == LAST_DOTDOT) {
		follow_dotdot(nd);
		return 0;
	}
	qstr_init(&q, name, len);
	err = lookup_child(&nd->path, &q, &child);
	if (err)
		return err;
	return nd_step_into(nd, &child, true, body);
}

/* Enter the symlink @body: the rest of the current string is saved (unless only
 * slashes remain) and @body becomes the string being walked. */
static const char *push_link(struct nameidata *nd, const char *rest, char *body)
{
	if (path_rest_empty(rest)) {
		kfree(nd->cur_body);
	} else {
		nd->stack[nd->depth].rest = rest;
		nd->stack[nd->depth].body = nd->cur_body;
		nd->depth++;
	}
	nd->cur_body = body;
	if (*body == '/')
		set_root(nd);
	return body;
}

int link_path_walk(struct nameidata *nd, const char *s, char *owner)
{
	kfree(nd->cur_body);
	nd->cur_body = owner;
	if (*s == '/')
		set_root(nd);
	for (;;) {
		const char *name;
		char *body;
		int len, type, err;

		len = path_next(&s, &name);
		if (len < 0)
			return len;
		if (len == 0) {
			if (nd->depth == 0) {
				nd->last_type = LAST_ROOT;
				nd->last.len = 0;
				return 0;
			}
			kfree(nd->cur_body);
			nd->depth--;
			s = nd->stack[nd->depth].rest;
			nd->cur_body = nd->stack[nd->depth].body;
			continue;
		}
		err = may_lookup(nd);
		if (err)
			return err;
		type = path_component_type(name, len);
		if (nd->depth == 0 && path_rest_empty(s)) {
			qstr_init(&nd->last, name, len);
			nd->last_type = type;
			if (*s == '/')
				nd->trailing_slash = true;
			return 0;
		}
		err = walk_component(nd, name, len, type, &body);
		if (err < 0)
			return err;
		if (err > 0)
			s = push_link(nd, s, body);
	}
}

int walk_last(struct nameidata *nd, char **body)
{
	struct path child;
	int err;

	if (nd->last_type == LAST_ROOT || nd->last_type == LAST_DOT)
		return 0;
	if (nd->last_type == LAST_DOTDOT) {
		follow_dotdot(nd);
		return 0;
	}
	err = lookup_child(&nd->path, &nd->last, &child);
	if (err)
		return err;
	return nd_step_into(nd, &child, (nd->flags & LOOKUP_FOLLOW) || nd->trailing_slash, body);
}

/* Set up @nd: root from current (or @base: walks confined below it), start at the root,
 * @base, the cwd, or directory fd @dfd. */
int path_init(struct nameidata *nd, int dfd, const struct path *base, const char *name,
	      unsigned int flags)
{
	struct file *f;

	memset(nd, 0, sizeof(*nd));
	nd->flags = flags;
	if (base) {
		nd->root = *base;
		path_get(&nd->root);
	} else {
		current_root(&nd->root);
	}
	if (*name == '/' || base) {
		nd->path = nd->root;
		path_get(&nd->path);
		return 0;
	}
	if (dfd == AT_FDCWD) {
		current_pwd(&nd->path);
		return 0;
	}
	f = fget_raw(dfd);
	if (!f)
		return -EBADF;
	if (*name && !S_ISDIR(f->f_inode->i_mode)) {
		fput(f);
		return -ENOTDIR;
	}
	nd->path.mnt = f->f_vfsmnt;
	nd->path.dentry = f->f_dentry;
	path_get(&nd->path);
	fput(f);
	return 0;
}

/* Resolve the whole name; on success the result moves into *@out. */
static int path_lookupat(struct nameidata *nd, const char *name, struct path *out)
{
	char *body = NULL;
	int err;

	if (!*name && !(nd->flags & LOOKUP_EMPTY))
		return -ENOENT;
	err = link_path_walk(nd, name, NULL);
	while (!err && (err = walk_last(nd, &body)) > 0)
		err = link_path_walk(nd, body, body);
	if (!err && (nd->trailing_slash || (nd->flags & LOOKUP_DIRECTORY)) &&
	    !d_is_dir(nd->path.dentry))
		err = -ENOTDIR;
	if (err)
		return err;
	*out = nd->path;
	nd->path.mnt = NULL;
	nd->path.dentry = NULL;
	return 0;
}

static int do_path_lookup(int dfd, const struct path *base, const char *name,
			  unsigned int flags, struct path *out)
{
	struct nameidata nd;
	int err = path_init(&nd, dfd, base, name, flags);

	if (!err)
		err = path_lookupat(&nd, name, out);
	nd_release(&nd);
	return err;
}

int kern_path_at(int dfd, const char *name, unsigned int flags, struct path *out)
{
	return do_path_lookup(dfd, NULL, name, flags, out);
}

int vfs_path_lookup(const struct path *base, const char *name, unsigned int flags,
		    struct path *out)
{
	return do_path_lookup(AT_FDCWD, base, name, flags, out);
}

int user_path_at(int dfd, const char __user *name, unsigned int flags, struct path *out)
{
	char *k = getname(name);
	int err;

	if (IS_ERR(k))
		return PTR_ERR(k);
	err = kern_path_at(dfd, k, flags, out);
	kfree(k);
	return err;
}

int filename_parentat(int dfd, const struct path *base, const char *name, unsigned int flags,
		      struct nameidata *nd)
{
	int err = path_init(nd, dfd, base, name, flags);

	if (!err && !*name)
		err = -ENOENT;
	if (!err)
		err = link_path_walk(nd, name, NULL);
	if (err)
		nd_release(nd);
	return err;
}

/* ---- creation -------------------------------------------------------------------- */

struct dentry *filename_create(int dfd, const struct path *base, const char *name,
			       unsigned int flags, struct nameidata *nd)
{
	struct inode *dir;
	struct dentry *d;
	int err, rofs;

	err = filename_parentat(dfd, base, name, flags, nd);
	if (err)
		return ERR_PTR(err);
	err = -EEXIST;
	if (nd->last_type != LAST_NORM)
		goto out_nd;
	rofs = mnt_want_write(nd->path.mnt);
	dir = nd->path.dentry->d_inode;
	inode_lock(dir);
	d = lookup_one_locked(nd->path.dentry, &nd->last);
	err = PTR_ERR(d);
	if (IS_ERR(d))
		goto out_unlock;
	err = -EEXIST;
	if (d->d_inode)
		goto out_dput;
	err = -ENOENT;
	if (nd->trailing_slash && !(flags & LOOKUP_DIRECTORY))
		goto out_dput;
	err = rofs;
	if (err)
		goto out_dput;
	return d;
out_dput:
	dput(d);
out_unlock:
	inode_unlock(dir);
out_nd:
	nd_release(nd);
	return ERR_PTR(err);
}

void done_path_create(struct nameidata *nd, struct dentry *d)
{
	dput(d);
	inode_unlock(nd->path.dentry->d_inode);
	nd_release(nd);
}
