/* procfs inodes and the generic directory and link operations.  A directory is a
 * struct proc_dir: lookup and readdir serve its fixed table first, then its dynamic
 * part (pids, threads, fds).  Inode numbers are computed, not allocated, so readdir's
 * d_ino matches stat: global entries get small numbers from their table, entries of a
 * process encode (tgid, tid, slot).
 *
 * Looked-up names are cached in the dcache like any other, but a process or fd can go
 * away (or a pid be reused) under its name: such a name fails revalidation when it is
 * next looked up, and every lookup and readdir in procfs also forgets the unused cached
 * names below that directory whose object is gone (proc_prune), so they do not pile
 * up.
 * Relies on: dcache, inodes, super blocks (fs/), processes (task.c). */
#include <anvil/fs.h>
#include <anvil/slab.h>
#include <anvil/string.h>
#include <anvil/err.h>
#include <anvil/errno.h>
#include <linux/magic.h>
#include "../internal.h"
#include "internal.h"

#define PRUNE_BATCH	16

/* ---- numbers ------------------------------------------------------------------------ */

/* (tgid, tid, slot) in 22+22+20 bits; global entries stay below 2^20 (tgid 0). */
ino_t proc_pid_ino(pid_t tgid, pid_t tid, int slot)
{
	return ((u64)(tgid & 0x3fffff) << 42) | ((u64)(tid & 0x3fffff) << 20) | (slot & 0xfffff);
}

ino_t proc_entry_ino(const struct proc_dir *dir, unsigned int index,
		     const struct proc_inode *where)
{
	if (where->tgid)
		return proc_pid_ino(where->tgid, where->tid, 1 + index);
	return 2 + ((ino_t)dir->id << 8) + index;
}

long proc_name_to_nr(const char *name, unsigned int len)
{
	long nr = 0;

	if (len == 0 || len > 9 || (name[0] == '0' && len > 1))
		return -1;
	for (unsigned int i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		nr = nr * 10 + (name[i] - '0');
	}
	return nr;
}

/* ---- inodes ------------------------------------------------------------------------- */

static const struct inode_operations proc_reg_iops;

static unsigned int count_subdirs(const struct proc_dir *dir)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < dir->nr_entries; i++)
		n += S_ISDIR(dir->entries[i].mode);
	return n;
}

struct inode *proc_make_inode(struct super_block *sb, const struct proc_entry *e,
			      const struct proc_inode *where, struct task_struct *owner,
			      ino_t ino)
{
	struct inode *inode = new_inode(sb);
	struct proc_inode *pi;

	if (!inode)
		return ERR_PTR(-ENOMEM);
	pi = kmalloc(sizeof(*pi), GFP_KERNEL);
	if (!pi) {
		iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	*pi = *where;
	pi->entry = e;
	inode->i_private = pi;
	inode->i_ino = ino;
	inode->i_mode = e->mode;
	if (owner) {
		inode->i_uid = owner->cred.euid;
		inode->i_gid = owner->cred.egid;
	}
	switch (e->mode & S_IFMT) {
	case S_IFDIR:
		inode->i_op = &proc_dir_iops;
		inode->i_fop = &proc_dir_fops;
		inode->i_nlink = 2 + count_subdirs(e->dir);
		break;
	case S_IFLNK:
		inode->i_op = &proc_link_iops;
		break;
	default:
		/* global files without a write method fail writes with EIO, per-process
		 * ones with EINVAL (no write method at all), as Linux's */
		inode->i_op = &proc_reg_iops;
		inode->i_fop = e->write || !where->tgid ? &proc_rw_fops : &proc_reg_fops;
		break;
	}
	return inode;
}

/* Ownership and modes are procfs's; a truncating open of a writable entry is fine. */
static int proc_setattr(struct dentry *d, struct iattr *attr)
{
	if (attr->ia_valid & (ATTR_MODE | ATTR_UID | ATTR_GID))
		return -EPERM;
	attr->ia_valid &= ~ATTR_SIZE;
	setattr_copy(d->d_inode, attr);
	return 0;
}

static const struct inode_operations proc_reg_iops = {
	.setattr = proc_setattr,
};

static void proc_destroy_inode(struct inode *inode)
{
	kfree(inode->i_private);
	kfree(inode);
}

static int proc_statfs(struct dentry *d, struct kstatfs *buf)
{
	buf->f_type = PROC_SUPER_MAGIC;
	buf->f_bsize = PAGE_SIZE;
	buf->f_frsize = PAGE_SIZE;
	buf->f_namelen = NAME_MAX;
	return 0;
}

const struct super_operations proc_super_ops = {
	.destroy_inode = proc_destroy_inode,
	.statfs = proc_statfs,
};

/* ---- stale names -------------------------------------------------------------------- */

/* Collect (with a reference each) up to @max unused leaves below @dir whose object is
 * gone.  dcache_lock held; the references are taken as dget would. */
static void collect_stale(struct dentry *dir, struct dentry **v, int *n, int max)
{
	struct dentry *d;

	list_for_each_entry(d, &dir->d_subdirs, d_child) {
		if (*n == max)
			return;
		if (!list_empty(&d->d_subdirs))
			collect_stale(d, v, n, max);
		else if (d->d_count == 0 && d->d_inode && proc_inode_stale(d->d_inode)) {
			d->d_count++;
			v[(*n)++] = d;
		}
	}
}

void proc_prune(struct dentry *dir)
{
	struct dentry *victims[PRUNE_BATCH];
	int n;

	do {
		n = 0;
		spin_lock(&dcache_lock);
		collect_stale(dir, victims, &n, PRUNE_BATCH);
		spin_unlock(&dcache_lock);
		for (int i = 0; i < n; i++) {
			d_drop(victims[i]);
			dput(victims[i]);	/* frees it; its parent may become a leaf */
		}
	} while (n);
}

static int proc_d_revalidate(struct dentry *d)
{
	return d->d_inode && !proc_inode_stale(d->d_inode);
}

const struct dentry_operations proc_dentry_operations = {
	.d_revalidate = proc_d_revalidate,
};

/* ---- directories -------------------------------------------------------------------- */

static const struct proc_dir *dir_of(struct inode *inode)
{
	return PROC_I(inode)->entry->dir;
}

/* The inode for table entry @i of directory @dir. */
static struct inode *table_inode(struct inode *dir, unsigned int i)
{
	const struct proc_inode *where = PROC_I(dir);
	const struct proc_dir *pd = dir_of(dir);
	struct task_struct *t = NULL;
	struct inode *inode;

	if (where->tgid && !(t = proc_get_task(dir)))
		return ERR_PTR(-ENOENT);
	inode = proc_make_inode(dir->i_sb, &pd->entries[i], where, t, proc_entry_ino(pd, i, where));
	if (t)
		put_task_struct(t);
	return inode;
}

static struct dentry *proc_lookup(struct inode *dir, struct dentry *dentry)
{
	const struct proc_dir *pd = dir_of(dir);
	const struct qstr *name = &dentry->d_name;
	struct inode *inode = ERR_PTR(-ENOENT);
	long nr;

	proc_prune(dentry->d_parent);
	for (unsigned int i = 0; i < pd->nr_entries; i++) {
		const char *e = pd->entries[i].name;

		if (strlen(e) == name->len && memcmp(e, name->name, name->len) == 0) {
			inode = table_inode(dir, i);
			break;
		}
	}
	if (PTR_ERR(inode) == -ENOENT && pd->dynamic &&
	    (nr = proc_name_to_nr(name->name, name->len)) >= 0)
		inode = pd->dynamic->lookup(dir, nr);
	if (IS_ERR(inode))
		return ERR_PTR(PTR_ERR(inode));
	d_add(dentry, inode);
	return NULL;
}

/* -ENOENT if @inode belongs to a process that has gone. */
static int check_alive(struct inode *inode)
{
	struct task_struct *t;

	if (!PROC_I(inode)->tgid)
		return 0;
	t = proc_get_task(inode);
	if (!t)
		return -ENOENT;
	put_task_struct(t);
	return 0;
}

static int proc_dir_open(struct inode *inode, struct file *f)
{
	return check_alive(inode);
}

/* ".", "..", the table, then the dynamic entries. */
static int proc_readdir(struct file *f, struct dir_context *ctx)
{
	struct inode *dir = f->f_inode;
	const struct proc_dir *pd = dir_of(dir);
	const struct proc_inode *where = PROC_I(dir);
	loff_t base = 2 + pd->nr_entries;
	int err;

	proc_prune(f->f_dentry);
	err = check_alive(dir);
	if (err)
		return err;
	if (ctx->pos == 0) {
		if (!dir_emit(ctx, ".", 1, dir->i_ino, DT_DIR, 1))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		struct dentry *parent = dget_parent(f->f_dentry);
		bool ok = dir_emit(ctx, "..", 2, parent->d_inode->i_ino, DT_DIR, 2);

		dput(parent);
		if (!ok)
			return 0;
		ctx->pos = 2;
	}
	for (; ctx->pos < base; ctx->pos++) {
		const struct proc_entry *e = &pd->entries[ctx->pos - 2];

		if (!dir_emit(ctx, e->name, strlen(e->name),
			      proc_entry_ino(pd, ctx->pos - 2, where),
			      fs_umode_to_dtype(e->mode), ctx->pos + 1))
			return 0;
	}
	return pd->dynamic ? pd->dynamic->iterate(f, ctx, base) : 0;
}

static ssize_t proc_dir_read(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	return -EISDIR;
}

const struct inode_operations proc_dir_iops = {
	.lookup = proc_lookup,
	.setattr = proc_setattr,
};

const struct file_operations proc_dir_fops = {
	.open = proc_dir_open,
	.read = proc_dir_read,
	.llseek = proc_llseek,
	.iterate = proc_readdir,
};

/* ---- links -------------------------------------------------------------------------- */

static char *proc_get_link(struct dentry *d)
{
	struct inode *inode = d->d_inode;
	char *buf = kmalloc(PATH_MAX, GFP_KERNEL), *p;

	if (!buf)
		return ERR_PTR(-ENOMEM);
	p = PROC_I(inode)->entry->link(inode, buf, PATH_MAX);
	if (IS_ERR(p)) {
		kfree(buf);
		return p;
	}
	memmove(buf, p, strlen(p) + 1);
	return buf;
}

const struct inode_operations proc_link_iops = {
	.get_link = proc_get_link,
	.setattr = proc_setattr,
};
