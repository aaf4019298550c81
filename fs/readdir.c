/* Reading directories: getdents64 with struct linux_dirent64 records (getdents(2)),
 * each d_off the position to resume after it.  The file system's ->iterate runs with
 * the directory's i_mutex held, so entries cannot be renamed or removed under it.
 * Relies on: fd table, uaccess. */
#include <anvil/fs.h>
#include <anvil/string.h>
#include <anvil/uaccess.h>
#include <anvil/syscall.h>
#include <anvil/errno.h>
#include "internal.h"

/* The record layout of getdents64(2) (not exported by the UAPI headers). */
struct linux_dirent64 {
	u64 d_ino;
	s64 d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

int iterate_dir(struct file *f, struct dir_context *ctx)
{
	struct inode *inode = f->f_inode;
	int err = -ENOENT;

	if (!f->f_op->iterate)
		return -ENOTDIR;
	inode_lock(inode);
	if (!(inode->i_flags & S_DEAD)) {
		ctx->pos = f->f_pos;
		err = f->f_op->iterate(f, ctx);
		f->f_pos = ctx->pos;
		file_accessed(f);
	}
	inode_unlock(inode);
	return err;
}

struct getdents_ctx {
	struct dir_context ctx;
	char __user *cur;		/* next record goes here */
	size_t left;
	int error;
};

static bool filldir64(struct dir_context *ctx, const char *name, int namelen, loff_t next_pos,
		      u64 ino, unsigned int d_type)
{
	struct getdents_ctx *g = container_of(ctx, struct getdents_ctx, ctx);
	size_t reclen = ALIGN(offsetof(struct linux_dirent64, d_name) + namelen + 1, 8);
	char rec[offsetof(struct linux_dirent64, d_name) + NAME_MAX + 1 + 8];
	struct linux_dirent64 *d = (struct linux_dirent64 *)rec;

	if (reclen > g->left) {
		g->error = -EINVAL;	/* reported only if nothing fitted */
		return false;
	}
	memset(rec, 0, reclen);
	d->d_ino = ino;
	d->d_off = next_pos;
	d->d_reclen = reclen;
	d->d_type = d_type;
	memcpy(d->d_name, name, namelen);
	if (copy_to_user(g->cur, rec, reclen)) {
		g->error = -EFAULT;
		return false;
	}
	g->cur += reclen;
	g->left -= reclen;
	return true;
}

long sys_getdents64(unsigned int fd, void __user *dirent, unsigned int count)
{
	struct getdents_ctx g = { .ctx.actor = filldir64, .cur = dirent, .left = count };
	struct file *f;
	long err;

	if (!access_ok(dirent, count))
		return -EFAULT;
	f = fget(fd);
	if (!f)
		return -EBADF;
	mutex_lock(&f->f_pos_lock);
	err = iterate_dir(f, &g.ctx);
	mutex_unlock(&f->f_pos_lock);
	fput(f);
	if (err)
		return err;
	if (g.left == count && g.error)
		return g.error;
	return count - g.left;
}
SYSCALL(getdents64, sys_getdents64);
