/* Attribute changes: chmod/chown rules, set-id bit clearing, and the single path by
 * which every change (mode, owner, size, times) reaches a file system (notify_change ->
 * ->setattr).  fchmod, fchmodat, fchown, fchownat, lchown semantics follow chmod(2) and
 * chown(2).
 * Relies on: inodes, mounts (read-only checks), current's credentials. */
#include <anvil/fs.h>
#include <anvil/sched.h>
#include <anvil/errno.h>
#include "internal.h"

/* Turn ATTR_KILL_SUID/SGID into a mode change if the bits are set. */
static void kill_setid_bits(struct inode *inode, struct iattr *attr)
{
	umode_t mode = inode->i_mode;

	if ((attr->ia_valid & ATTR_KILL_SUID) && (mode & S_ISUID))
		mode &= ~S_ISUID;
	if ((attr->ia_valid & ATTR_KILL_SGID) &&
	    (mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
		mode &= ~S_ISGID;
	if (mode != inode->i_mode) {
		attr->ia_valid |= ATTR_MODE;
		attr->ia_mode = mode;
	}
}

int notify_change(struct dentry *d, struct iattr *attr)
{
	struct inode *inode = d->d_inode;

	kill_setid_bits(inode, attr);
	attr->ia_valid |= ATTR_CTIME;
	attr->ia_ctime = current_time();
	if (inode->i_op && inode->i_op->setattr)
		return inode->i_op->setattr(d, attr);
	if (attr->ia_valid & ATTR_SIZE)
		return -EPERM;
	setattr_copy(inode, attr);
	return 0;
}

/* After a write or truncate by someone without CAP_FSETID (here: fsuid != 0), a
 * regular file loses set-user-ID, and set-group-ID if it is group-executable. */
int file_remove_privs(struct file *f)
{
	struct inode *inode = f->f_inode;
	struct iattr attr = { .ia_valid = ATTR_KILL_SUID | ATTR_KILL_SGID };

	if (!S_ISREG(inode->i_mode) || current_fsuid() == 0)
		return 0;
	if (!(inode->i_mode & S_ISUID) &&
	    (inode->i_mode & (S_ISGID | S_IXGRP)) != (S_ISGID | S_IXGRP))
		return 0;
	return notify_change(f->f_dentry, &attr);
}

static bool is_owner_or_root(const struct inode *inode)
{
	uid_t fsuid = current_fsuid();

	return fsuid == 0 || fsuid == inode->i_uid;
}

int chmod_common(const struct path *path, umode_t mode)
{
	struct inode *inode = path->dentry->d_inode;
	struct iattr attr;
	int err = mnt_want_write(path->mnt);

	if (err)
		return err;
	inode_lock(inode);
	err = -EPERM;
	if (is_owner_or_root(inode)) {
		attr.ia_valid = ATTR_MODE;
		attr.ia_mode = mode & S_IALLUGO;
		err = notify_change(path->dentry, &attr);
	}
	inode_unlock(inode);
	return err;
}

/* chown(2): root may do anything; the owner may change the group to one it belongs to,
 * and "change" the owner to itself. */
static bool chown_ok(const struct inode *inode, uid_t uid, gid_t gid)
{
	uid_t fsuid = current_fsuid();

	if (fsuid == 0)
		return true;
	if (uid != (uid_t)-1 && (uid != inode->i_uid || fsuid != inode->i_uid))
		return false;
	if (gid != (gid_t)-1 && (fsuid != inode->i_uid ||
				 (gid != inode->i_gid && !in_group_p(gid))))
		return false;
	return true;
}

int chown_common(const struct path *path, uid_t uid, gid_t gid)
{
	struct inode *inode = path->dentry->d_inode;
	struct iattr attr = { .ia_valid = 0 };
	int err = mnt_want_write(path->mnt);

	if (err)
		return err;
	inode_lock(inode);
	err = -EPERM;
	if (!chown_ok(inode, uid, gid))
		goto out;
	if (uid != (uid_t)-1) {
		attr.ia_valid |= ATTR_UID;
		attr.ia_uid = uid;
	}
	if (gid != (gid_t)-1) {
		attr.ia_valid |= ATTR_GID;
		attr.ia_gid = gid;
	}
	if (!S_ISDIR(inode->i_mode))
		attr.ia_valid |= ATTR_KILL_SUID | ATTR_KILL_SGID;
	err = notify_change(path->dentry, &attr);
out:
	inode_unlock(inode);
	return err;
}
