/* Inodes: allocation, reference counting, ownership and attribute helpers shared by
 * every file system.  An inode lives while referenced (by dentries, open files through
 * them, kernel users); the last iput() asks the file system to evict it (free its data
 * if it has no links left) and frees it.
 * Relies on: kmalloc, ktime_get_real_ns, current's credentials (in_group_p). */
#include <anvil/fs.h>
#include <anvil/slab.h>
#include <anvil/time.h>
#include <anvil/sched.h>
#include "internal.h"

s64 current_time(void)
{
	return (s64)ktime_get_real_ns();
}

struct inode *new_inode(struct super_block *sb)
{
	struct inode *inode = kzalloc(sizeof(*inode), GFP_KERNEL);
	s64 now = current_time();

	if (!inode)
		return NULL;
	atomic_set(&inode->i_count, 1);
	spin_lock_init(&inode->i_lock);
	mutex_init(&inode->i_mutex);
	INIT_LIST_HEAD(&inode->i_flock);
	init_waitqueue_head(&inode->i_flock_wait);
	inode->i_sb = sb;
	inode->i_nlink = 1;
	inode->i_atime = inode->i_mtime = inode->i_ctime = now;
	inode->i_dir_seq = 2;		/* 0 and 1 are "." and ".." */
	spin_lock(&sb->s_inode_lock);
	inode->i_ino = ++sb->s_last_ino;
	list_add_tail(&inode->i_sb_list, &sb->s_inodes);
	spin_unlock(&sb->s_inode_lock);
	return inode;
}

void ihold(struct inode *inode)
{
	atomic_inc(&inode->i_count);
}

void iput(struct inode *inode)
{
	struct super_block *sb;

	if (!inode || !atomic_dec_and_test(&inode->i_count))
		return;
	sb = inode->i_sb;
	if (sb->s_op->evict_inode)
		sb->s_op->evict_inode(inode);
	spin_lock(&sb->s_inode_lock);
	list_del(&inode->i_sb_list);
	spin_unlock(&sb->s_inode_lock);
	if (sb->s_op->destroy_inode)
		sb->s_op->destroy_inode(inode);
	else
		kfree(inode);
}

void init_special_inode(struct inode *inode, umode_t mode, dev_t rdev)
{
	inode->i_mode = mode;
	switch (mode & S_IFMT) {
	case S_IFCHR:
		inode->i_fop = &def_chr_fops;
		inode->i_rdev = rdev;
		break;
	case S_IFBLK:
		inode->i_fop = &def_blk_fops;
		inode->i_rdev = rdev;
		break;
	case S_IFIFO:
		inode->i_fop = &pipefifo_fops;
		break;
	default:			/* S_IFSOCK: only an AF_UNIX bind can make it live */
		inode->i_fop = &bad_sock_fops;
		break;
	}
}

/* Linux's rules: the owner is the caller's fsuid; the group is the directory's when it
 * is set-group-ID (and new directories inherit the bit), else the caller's fsgid. */
void inode_init_owner(struct inode *inode, const struct inode *dir, umode_t mode)
{
	inode->i_uid = current_fsuid();
	if (dir && (dir->i_mode & S_ISGID)) {
		inode->i_gid = dir->i_gid;
		if (S_ISDIR(mode))
			mode |= S_ISGID;
		else if ((mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP) &&
			 !in_group_p(inode->i_gid) && current_fsuid() != 0)
			mode &= ~S_ISGID;
	} else {
		inode->i_gid = current_fsgid();
	}
	inode->i_mode = mode;
}

void inc_nlink(struct inode *inode)
{
	inode->i_nlink++;
}

void drop_nlink(struct inode *inode)
{
	if (inode->i_nlink)
		inode->i_nlink--;
}

void setattr_copy(struct inode *inode, const struct iattr *attr)
{
	unsigned int v = attr->ia_valid;

	if (v & ATTR_UID)
		inode->i_uid = attr->ia_uid;
	if (v & ATTR_GID)
		inode->i_gid = attr->ia_gid;
	if (v & ATTR_ATIME)
		inode->i_atime = attr->ia_atime;
	if (v & ATTR_MTIME)
		inode->i_mtime = attr->ia_mtime;
	if (v & ATTR_CTIME)
		inode->i_ctime = attr->ia_ctime;
	if (v & ATTR_MODE) {
		umode_t mode = attr->ia_mode;

		if (!in_group_p(inode->i_gid) && current_fsuid() != 0)
			mode &= ~S_ISGID;
		inode->i_mode = (inode->i_mode & S_IFMT) | (mode & ~S_IFMT);
	}
}

void generic_fillattr(struct inode *inode, struct kstat *stat)
{
	stat->result_mask = STATX_BASIC_STATS;
	stat->mode = inode->i_mode;
	stat->nlink = inode->i_nlink;
	stat->uid = inode->i_uid;
	stat->gid = inode->i_gid;
	stat->ino = inode->i_ino;
	stat->dev = inode->i_sb->s_dev;
	stat->rdev = inode->i_rdev;
	stat->size = inode->i_size;
	stat->blocks = inode->i_blocks;
	stat->blksize = inode->i_sb->s_blocksize;
	stat->attributes = 0;
	stat->atime = inode->i_atime;
	stat->mtime = inode->i_mtime;
	stat->ctime = inode->i_ctime;
}
