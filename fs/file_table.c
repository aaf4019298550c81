/* Open file descriptions (struct file): allocation and the last-reference release.
 * A file holds its path (mount + dentry, hence the inode) for its whole life; fork and
 * dup share one struct file, so offsets and status flags are shared as POSIX requires.
 * Relies on: dcache/mount refcounts, kmalloc. */
#include <anvil/fs.h>
#include <anvil/slab.h>
#include <anvil/err.h>
#include <anvil/errno.h>
#include "internal.h"

/* O_PATH files and inodes without file operations: every operation is refused. */
const struct file_operations empty_fops;

static unsigned int open_fmode(unsigned int flags)
{
	if (flags & O_PATH)
		return FMODE_PATH;
	switch (flags & O_ACCMODE) {
	case O_RDONLY:
		return FMODE_READ;
	case O_WRONLY:
		return FMODE_WRITE;
	case O_RDWR:
		return FMODE_READ | FMODE_WRITE;
	default:			/* 3: ioctl-only access */
		return 0;
	}
}

struct file *alloc_file(const struct path *path, unsigned int flags,
			const struct file_operations *fop)
{
	struct file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return ERR_PTR(-ENOMEM);
	atomic_set(&f->f_count, 1);
	f->f_flags = flags | O_LARGEFILE;
	f->f_mode = open_fmode(flags);
	mutex_init(&f->f_pos_lock);
	f->f_op = fop ? fop : &empty_fops;
	f->f_dentry = dget(path->dentry);
	f->f_vfsmnt = mntget(path->mnt);
	f->f_inode = path->dentry->d_inode;
	return f;
}

struct file *alloc_pseudo_file(struct vfsmount *mnt, struct inode *inode, const char *name,
			       unsigned int flags, const struct file_operations *fop,
			       void *private_data)
{
	struct path path;
	struct file *f;

	path.mnt = mnt;
	path.dentry = d_alloc_pseudo(mnt->mnt_sb, name, inode);
	if (!path.dentry) {
		iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	f = alloc_file(&path, flags, fop);
	dput(path.dentry);		/* the file holds its own reference */
	if (!IS_ERR(f))
		f->private_data = private_data;
	return f;
}

void fput(struct file *f)
{
	if (!atomic_dec_and_test(&f->f_count))
		return;
	if (f->f_op->release)
		f->f_op->release(f->f_inode, f);
	dput(f->f_dentry);
	mntput(f->f_vfsmnt);
	kfree(f);
}
