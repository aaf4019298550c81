/* rename: renameat and renameat2 (RENAME_NOREPLACE, RENAME_EXCHANGE), following
 * rename(2)'s rules: same mount (EXDEV), a directory may only replace an empty
 * directory, nothing moves into its own subtree (EINVAL), replacing a directory that
 * is an ancestor of the source fails (ENOTEMPTY), mountpoints are busy, and renaming a
 * name onto another link to the same inode does nothing.
 * Locks: both parents' i_mutex; for different parents the global rename_mutex first,
 * so ancestry cannot change while it is checked and the two parents are locked
 * ancestor first (Linux's lock_rename); then the target inode's.
 * Relies on: path walk, may_create/may_delete, dcache (d_move, d_exchange). */
#include <anvil/fs.h>
#include <anvil/slab.h>
#include <anvil/syscall.h>
#include <anvil/err.h>
#include <anvil/errno.h>
#include <linux/fs.h>
#include "internal.h"
#include "path.h"

static DEFINE_MUTEX(rename_mutex);

/* Lock both parents; returns the child of one that is an ancestor of the other, or NULL. */
static struct dentry *lock_rename(struct dentry *p1, struct dentry *p2)
{
	struct dentry *trap;

	if (p1 == p2) {
		inode_lock(p1->d_inode);
		return NULL;
	}
	mutex_lock(&rename_mutex);
	trap = d_ancestor(p2, p1);
	if (trap) {
		inode_lock(p2->d_inode);
		inode_lock(p1->d_inode);
		return trap;
	}
	trap = d_ancestor(p1, p2);
	inode_lock(p1->d_inode);
	inode_lock(p2->d_inode);
	return trap;
}

static void unlock_rename(struct dentry *p1, struct dentry *p2)
{
	inode_unlock(p1->d_inode);
	if (p1 != p2) {
		inode_unlock(p2->d_inode);
		mutex_unlock(&rename_mutex);
	}
}

struct rename_req {
	struct inode *old_dir, *new_dir;
	struct dentry *old, *new;
	unsigned int flags;		/* RENAME_* */
	unsigned int lookup;		/* LOOKUP_NOPERM */
};

static int rename_checks(const struct rename_req *r)
{
	bool is_dir = d_is_dir(r->old);
	int err;

	err = may_delete(r->old_dir, r->old, is_dir, r->lookup);
	if (err)
		return err;
	if (!r->new->d_inode)
		err = may_create(r->new_dir, r->lookup);
	else if (r->flags & RENAME_EXCHANGE)
		err = may_delete(r->new_dir, r->new, d_is_dir(r->new), r->lookup);
	else
		err = may_delete(r->new_dir, r->new, is_dir, r->lookup);
	if (err)
		return err;
	/* Moving a directory rewrites its "..": write permission on it is needed. */
	if (!(r->lookup & LOOKUP_NOPERM) && r->old_dir != r->new_dir) {
		if (is_dir)
			err = inode_permission(r->old->d_inode, MAY_WRITE);
		if (!err && (r->flags & RENAME_EXCHANGE) && d_is_dir(r->new))
			err = inode_permission(r->new->d_inode, MAY_WRITE);
	}
	if (!err && !r->old_dir->i_op->rename)
		err = -EPERM;
	return err;
}

static int vfs_rename(const struct rename_req *r)
{
	struct inode *target = r->new->d_inode;
	int err;

	if (r->old->d_inode == target)
		return 0;
	err = rename_checks(r);
	if (err)
		return err;
	if (target)
		inode_lock(target);
	err = r->old_dir->i_op->rename(r->old_dir, r->old, r->new_dir, r->new, r->flags);
	if (!err && target && !(r->flags & RENAME_EXCHANGE) && S_ISDIR(target->i_mode))
		target->i_flags |= S_DEAD;
	if (target)
		inode_unlock(target);
	if (err)
		return err;
	if (r->flags & RENAME_EXCHANGE)
		d_exchange(r->old, r->new);
	else
		d_move(r->old, r->new);
	return 0;
}

/* With both parents locked: look the names up and rename. */
static int rename_locked(struct nameidata *o, struct nameidata *n, struct dentry *trap,
			 struct rename_req *r)
{
	int err;

	r->old = lookup_one_locked(o->path.dentry, &o->last);
	if (IS_ERR(r->old))
		return PTR_ERR(r->old);
	r->new = lookup_one_locked(n->path.dentry, &n->last);
	err = PTR_ERR(r->new);
	if (IS_ERR(r->new))
		goto out_old;
	err = -ENOENT;
	if (!r->old->d_inode || ((r->flags & RENAME_EXCHANGE) && !r->new->d_inode))
		goto out;
	err = -EEXIST;
	if ((r->flags & RENAME_NOREPLACE) && r->new->d_inode)
		goto out;
	err = -ENOTDIR;
	if (!d_is_dir(r->old) && (o->trailing_slash ||
				  (n->trailing_slash && !(r->flags & RENAME_EXCHANGE))))
		goto out;
	if ((r->flags & RENAME_EXCHANGE) && !d_is_dir(r->new) && n->trailing_slash)
		goto out;
	err = -EINVAL;
	if (r->old == trap)
		goto out;
	err = (r->flags & RENAME_EXCHANGE) ? -EINVAL : -ENOTEMPTY;
	if (r->new == trap)
		goto out;
	err = vfs_rename(r);
out:
	dput(r->new);
out_old:
	dput(r->old);
	return err;
}

static int vfs_renameat(int olddfd, const char *oldname, int newdfd, const char *newname,
			unsigned int flags, unsigned int lookup)
{
	struct rename_req r = { .flags = flags, .lookup = lookup };
	struct nameidata o, n;
	struct dentry *trap;
	int err;

	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE))
		return -EINVAL;	/* RENAME_WHITEOUT is not supported */
	if ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE))
		return -EINVAL;
	err = filename_parentat(olddfd, NULL, oldname, lookup, &o);
	if (err)
		return err;
	err = filename_parentat(newdfd, NULL, newname, lookup, &n);
	if (err)
		goto out_old;
	err = -EXDEV;
	if (o.path.mnt != n.path.mnt)
		goto out;
	err = -EBUSY;
	if (o.last_type != LAST_NORM)
		goto out;
	if (n.last_type != LAST_NORM) {
		err = (flags & RENAME_NOREPLACE) ? -EEXIST : -EBUSY;
		goto out;
	}
	err = mnt_want_write(o.path.mnt);
	if (err)
		goto out;
	r.old_dir = o.path.dentry->d_inode;
	r.new_dir = n.path.dentry->d_inode;
	trap = lock_rename(n.path.dentry, o.path.dentry);
	err = rename_locked(&o, &n, trap, &r);
	unlock_rename(n.path.dentry, o.path.dentry);
out:
	nd_release(&n);
out_old:
	nd_release(&o);
	return err;
}

long sys_renameat2(int olddfd, const char __user *oldname, int newdfd,
		   const char __user *newname, unsigned int flags)
{
	char *old = getname(oldname), *new;
	long err;

	if (IS_ERR(old))
		return PTR_ERR(old);
	new = getname(newname);
	err = PTR_ERR(new);
	if (!IS_ERR(new)) {
		err = vfs_renameat(olddfd, old, newdfd, new, flags, 0);
		kfree(new);
	}
	kfree(old);
	return err;
}
SYSCALL(renameat2, sys_renameat2);

long sys_renameat(int olddfd, const char __user *oldname, int newdfd,
		  const char __user *newname)
{
	return sys_renameat2(olddfd, oldname, newdfd, newname, 0);
}
SYSCALL(renameat, sys_renameat);
