/* Helpers for file systems whose directories are their dcache (tmpfs, devtmpfs, pseudo
 * file systems), as Linux's fs/libfs.c: every live name is a pinned, hashed dentry, so
 * lookup only has to report "not found", and readdir walks the parent's child list in
 * d_dir_pos order (positions are never reused, so deleting entries during a readdir
 * loop neither skips nor repeats the others).  Directory sizes count 20 bytes per entry
 * as tmpfs does.  Callers hold the directory's i_mutex, as for any inode operation.
 * Relies on: dcache, inodes, super blocks, mounts. */
#include <anvil/fs.h>
#include <anvil/mm.h>
#include <anvil/err.h>
#include <anvil/errno.h>
#include <linux/fs.h>
#include "internal.h"

#define BOGO_DIRENT_SIZE	20

struct dentry *simple_lookup(struct inode *dir, struct dentry *dentry)
{
	d_add(dentry, NULL);
	return NULL;
}

static void touch_dir(struct inode *dir, long size_delta)
{
	dir->i_mtime = dir->i_ctime = current_time();
	dir->i_size += size_delta;
}

void simple_instantiate(struct inode *dir, struct dentry *dentry, struct inode *inode)
{
	d_instantiate_at(dentry, inode, dir->i_dir_seq++);
	d_pin(dentry);
	touch_dir(dir, BOGO_DIRENT_SIZE);
}

int simple_link(struct dentry *old, struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = old->d_inode;

	inode->i_ctime = current_time();
	inc_nlink(inode);
	ihold(inode);
	simple_instantiate(dir, dentry, inode);
	return 0;
}

int simple_unlink(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = dentry->d_inode;

	touch_dir(dir, -BOGO_DIRENT_SIZE);
	inode->i_ctime = dir->i_ctime;
	drop_nlink(inode);
	d_unpin(dentry);
	return 0;
}

int simple_rmdir(struct inode *dir, struct dentry *dentry)
{
	if (!simple_empty(dentry))
		return -ENOTEMPTY;
	drop_nlink(dentry->d_inode);	/* its "." */
	simple_unlink(dir, dentry);
	drop_nlink(dir);		/* its ".." */
	return 0;
}

static int simple_exchange(struct inode *old_dir, struct dentry *old, struct inode *new_dir,
			   struct dentry *new)
{
	bool old_is_dir = d_is_dir(old), new_is_dir = d_is_dir(new);
	s64 now = current_time();

	if (old_dir != new_dir && old_is_dir != new_is_dir) {
		if (old_is_dir) {
			drop_nlink(old_dir);
			inc_nlink(new_dir);
		} else {
			drop_nlink(new_dir);
			inc_nlink(old_dir);
		}
	}
	old->d_dir_pos = new_dir->i_dir_seq++;
	new->d_dir_pos = old_dir->i_dir_seq++;
	old_dir->i_mtime = old_dir->i_ctime = new_dir->i_mtime = new_dir->i_ctime = now;
	old->d_inode->i_ctime = new->d_inode->i_ctime = now;
	return 0;
}

int simple_rename(struct inode *old_dir, struct dentry *old, struct inode *new_dir,
		  struct dentry *new, unsigned int flags)
{
	bool is_dir = d_is_dir(old);

	if (flags & RENAME_EXCHANGE)
		return simple_exchange(old_dir, old, new_dir, new);
	if (new->d_inode) {
		if (d_is_dir(new) && !simple_empty(new))
			return -ENOTEMPTY;
		if (is_dir)
			drop_nlink(new->d_inode);
		simple_unlink(new_dir, new);
		if (is_dir)
			drop_nlink(old_dir);	/* new_dir keeps its count: one subdir replaced */
	} else if (is_dir) {
		drop_nlink(old_dir);
		inc_nlink(new_dir);
	}
	old->d_dir_pos = new_dir->i_dir_seq++;
	touch_dir(old_dir, -BOGO_DIRENT_SIZE);
	touch_dir(new_dir, BOGO_DIRENT_SIZE);
	old->d_inode->i_ctime = old_dir->i_ctime;
	return 0;
}

/* "." and "..", then the positive children in position order. */
static int dcache_readdir(struct file *f, struct dir_context *ctx)
{
	struct dentry *dir = f->f_dentry, *child;

	if (ctx->pos == 0) {
		if (!dir_emit(ctx, ".", 1, dir->d_inode->i_ino, DT_DIR, 1))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		struct dentry *parent = dget_parent(dir);
		bool ok = dir_emit(ctx, "..", 2, parent->d_inode->i_ino, DT_DIR, 2);

		dput(parent);
		if (!ok)
			return 0;
		ctx->pos = 2;
	}
	for (child = d_next_positive(dir, NULL, ctx->pos); child;
	     child = d_next_positive(dir, child, ctx->pos)) {
		struct inode *inode = child->d_inode;

		if (!dir_emit(ctx, child->d_name.name, child->d_name.len, inode->i_ino,
			      fs_umode_to_dtype(inode->i_mode), child->d_dir_pos + 1))
			break;
		ctx->pos = child->d_dir_pos + 1;
	}
	return 0;
}

static loff_t dcache_dir_lseek(struct file *f, loff_t off, int whence)
{
	if (whence == SEEK_CUR)
		off += f->f_pos;
	else if (whence != SEEK_SET)
		return -EINVAL;
	if (off < 0)
		return -EINVAL;
	f->f_pos = off;
	return off;
}

static ssize_t dir_read(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	return -EISDIR;
}

const struct file_operations simple_dir_operations = {
	.read = dir_read,
	.llseek = dcache_dir_lseek,
	.iterate = dcache_readdir,
};

static int simple_statfs(struct dentry *d, struct kstatfs *buf)
{
	buf->f_type = d->d_sb->s_magic;
	buf->f_bsize = PAGE_SIZE;
	buf->f_frsize = PAGE_SIZE;
	buf->f_namelen = NAME_MAX;
	return 0;
}

static const struct super_operations pseudo_super_ops = {
	.statfs = simple_statfs,
};

struct vfsmount *kern_mount_pseudo(struct file_system_type *type, unsigned long magic)
{
	struct super_block *sb = alloc_super(type, &pseudo_super_ops);
	struct inode *root;
	struct vfsmount *mnt;

	if (!sb)
		return ERR_PTR(-ENOMEM);
	if (!type->kill_sb)
		type->kill_sb = kill_litter_super;
	sb->s_magic = magic;
	root = new_inode(sb);
	if (root) {
		root->i_mode = S_IFDIR | 0755;
		root->i_fop = &simple_dir_operations;
	}
	sb->s_root = d_make_root(sb, root);
	mnt = sb->s_root ? vfs_create_mount(dget(sb->s_root), type->name) : NULL;
	if (!mnt) {
		deactivate_super(sb);
		return ERR_PTR(-ENOMEM);
	}
	return mnt;
}
