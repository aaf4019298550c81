/* devpts: the file system of pseudo-terminal slaves (pts(4); options as Linux's devpts:
 * uid=, gid=, mode=, ptmxmode=, max=, newinstance).  As in Linux >= 4.7 every mount is
 * an instance of its own with its own pty numbers, holding "ptmx" (5:2, mode ptmxmode,
 * default 0000) and a node N (136:N, inode number N + 3) per pty of the instance, made
 * and removed by the pty driver (tty/pty.c) through the interface in <anvil/tty.h>.
 * The directory is its dcache (fs/libfs.c): nodes are pinned names.  Opening /dev/ptmx
 * uses the instance at "pts" next to the node (Linux's devpts_ptmx_path).
 * Lifetimes: an instance's pts_fs_info lives while its super block exists or a pty
 * number of it is in use (refs), so the number can be released from any context.
 * Locks: devpts_lock (irqsave spinlock) guards every instance's options and number map
 * and the system-wide count; node changes take the root directory's i_mutex.
 * Relies on: libfs/dcache/inodes, super blocks, mounts (follow_up/follow_down). */
#include <anvil/fs.h>
#include <anvil/tty.h>
#include <anvil/sched.h>
#include <anvil/slab.h>
#include <anvil/string.h>
#include <anvil/printk.h>
#include <anvil/err.h>
#include <anvil/errno.h>
#include <linux/magic.h>
#include <linux/mount.h>
#include "internal.h"

#define DEVPTS_DEFAULT_MODE	0600
#define PTMX_DEV		MKDEV(5, 2)
#define PTY_SLAVE_MAJOR		136
#define PTY_LIMIT		4096		/* all instances (Linux's kernel.pty.max) */
#define PTY_MAX_OPTION		(1 << 20)	/* largest max= (NR_UNIX98_PTY_MAX) */
#define LONG_BITS		(8 * sizeof(long))

struct pts_mount_opts {
	bool setuid, setgid;		/* uid= / gid= given: they own new nodes */
	uid_t uid;
	gid_t gid;
	umode_t mode, ptmxmode;
	unsigned long max;		/* pty numbers this instance may hand out */
};

struct pts_fs_info {
	atomic_t refs;			/* the super block, one per pty number in use */
	struct pts_mount_opts opts;	/* devpts_lock */
	unsigned long map[PTY_LIMIT / LONG_BITS];	/* numbers in use (devpts_lock) */
	int nr;				/* bits set in map (devpts_lock) */
	struct super_block *sb;
	struct dentry *ptmx;		/* its ptmx node (pinned) */
};

static DEFINE_SPINLOCK(devpts_lock);
static int pty_count;			/* numbers in use in all instances (devpts_lock) */

static const struct super_operations devpts_sops;
static const struct inode_operations devpts_dir_iops = { .lookup = simple_lookup };
static const struct inode_operations devpts_node_iops;

static void devpts_put(struct pts_fs_info *fsi)
{
	if (atomic_dec_and_test(&fsi->refs))
		kfree(fsi);
}

/* ---- options ------------------------------------------------------------------------ */

static int parse_option(struct pts_mount_opts *o, char *opt)
{
	char *val = strchr(opt, '='), *end;
	bool octal;
	unsigned long n;

	if (!val)
		return strcmp(opt, "newinstance") == 0 ? 0 : -EINVAL;	/* always new */
	*val++ = '\0';
	octal = strcmp(opt, "mode") == 0 || strcmp(opt, "ptmxmode") == 0;
	n = strtoul(val, &end, octal ? 8 : 10);
	if (!*val || *end)
		return -EINVAL;
	if (strcmp(opt, "uid") == 0 && n < (uid_t)-1) {
		o->uid = n;
		o->setuid = true;
	} else if (strcmp(opt, "gid") == 0 && n < (gid_t)-1) {
		o->gid = n;
		o->setgid = true;
	} else if (strcmp(opt, "mode") == 0) {
		o->mode = n & S_IALLUGO;
	} else if (strcmp(opt, "ptmxmode") == 0) {
		o->ptmxmode = n & S_IALLUGO;
	} else if (strcmp(opt, "max") == 0 && n <= PTY_MAX_OPTION) {
		o->max = n;
	} else {
		return -EINVAL;
	}
	return 0;
}

/* Defaults, then the comma-separated @data (as Linux, also on remount).  -EINVAL at the
 * first bad option, with the ones before it applied. */
static int parse_options(struct pts_mount_opts *o, char *data)
{
	char *opt;

	*o = (struct pts_mount_opts){ .mode = DEVPTS_DEFAULT_MODE, .max = PTY_MAX_OPTION };
	while (data && (opt = strsep(&data, ",")) != NULL) {
		if (*opt && parse_option(o, opt)) {
			pr_warn("devpts: called with bogus options\n");
			return -EINVAL;
		}
	}
	return 0;
}

/* ---- nodes ---------------------------------------------------------------------------- */

/* Make the node @name (S_IFCHR | @mode, device @dev, inode number @ino unless 0) in the
 * root of @sb; returns its dentry with a reference, or ERR_PTR (-EEXIST, -ENOMEM). */
static struct dentry *add_node(struct super_block *sb, const char *name, umode_t mode, dev_t dev,
			       uid_t uid, gid_t gid, ino_t ino)
{
	struct dentry *root = sb->s_root, *d;
	struct inode *dir = root->d_inode, *inode = new_inode(sb);
	struct qstr q;

	if (!inode)
		return ERR_PTR(-ENOMEM);
	init_special_inode(inode, S_IFCHR | mode, dev);
	inode->i_op = &devpts_node_iops;
	inode->i_uid = uid;
	inode->i_gid = gid;
	if (ino)
		inode->i_ino = ino;
	qstr_init(&q, name, strlen(name));
	inode_lock(dir);
	d = lookup_one_locked(root, &q);
	if (!IS_ERR(d) && d->d_inode) {
		dput(d);
		d = ERR_PTR(-EEXIST);
	}
	if (!IS_ERR(d))
		simple_instantiate(dir, d, inode);
	inode_unlock(dir);
	if (IS_ERR(d))
		iput(inode);
	return d;
}

struct dentry *devpts_pty_new(struct pts_fs_info *fsi, int index, void *priv)
{
	struct pts_mount_opts o;
	unsigned long flags;
	struct dentry *d;
	char name[16];

	spin_lock_irqsave(&devpts_lock, flags);
	o = fsi->opts;
	spin_unlock_irqrestore(&devpts_lock, flags);
	snprintf(name, sizeof(name), "%d", index);
	d = add_node(fsi->sb, name, o.mode, MKDEV(PTY_SLAVE_MAJOR, index),
		     o.setuid ? o.uid : current_fsuid(), o.setgid ? o.gid : current_fsgid(), index + 3);
	if (!IS_ERR(d))
		d->d_fsdata = priv;
	return d;
}

void *devpts_get_priv(struct dentry *dentry)
{
	if (dentry->d_sb->s_magic != DEVPTS_SUPER_MAGIC)
		return NULL;
	return dentry->d_fsdata;
}

void devpts_pty_kill(struct dentry *dentry)
{
	struct inode *dir = dentry->d_parent->d_inode;

	inode_lock(dir);
	dentry->d_fsdata = NULL;
	simple_unlink(dir, dentry);
	d_drop(dentry);
	inode_unlock(dir);
	dput(dentry);
}

/* ---- pty numbers ---------------------------------------------------------------------- */

int devpts_new_index(struct pts_fs_info *fsi)
{
	unsigned long flags;
	int index = -ENOSPC;

	spin_lock_irqsave(&devpts_lock, flags);
	for (unsigned int w = 0; w < ARRAY_SIZE(fsi->map); w++) {
		if (pty_count >= PTY_LIMIT || (unsigned long)fsi->nr >= fsi->opts.max)
			break;
		if (fsi->map[w] == ~0UL)
			continue;
		index = w * LONG_BITS + __builtin_ctzl(~fsi->map[w]);
		fsi->map[w] |= 1UL << (index % LONG_BITS);
		fsi->nr++;
		pty_count++;
		atomic_inc(&fsi->refs);
		break;
	}
	spin_unlock_irqrestore(&devpts_lock, flags);
	return index;
}

void devpts_kill_index(struct pts_fs_info *fsi, int idx)
{
	unsigned long flags;

	spin_lock_irqsave(&devpts_lock, flags);
	fsi->map[idx / LONG_BITS] &= ~(1UL << (idx % LONG_BITS));
	fsi->nr--;
	pty_count--;
	spin_unlock_irqrestore(&devpts_lock, flags);
	devpts_put(fsi);
}

/* ---- finding the instance of a ptmx file ----------------------------------------------- */

/* Move the referenced @path (a ptmx file's) to the root of the devpts instance it
 * belongs to: its own file system, else what is mounted on "pts" beside it (after
 * leaving bind mounts of the node itself).  -ENOENT: no "pts"; -ENODEV: no devpts
 * mounted there. */
static int devpts_find(struct path *path)
{
	struct dentry *parent, *child;
	struct qstr q;

	if (path->mnt->mnt_sb->s_magic == DEVPTS_SUPER_MAGIC)
		return 0;
	while (path->mnt->mnt_root == path->dentry && follow_up(path))
		;
	if (path->mnt->mnt_sb->s_magic == DEVPTS_SUPER_MAGIC)
		return 0;
	qstr_init(&q, "pts", 3);
	parent = dget_parent(path->dentry);
	child = d_lookup(parent, &q);
	dput(parent);
	if (!child || !child->d_inode) {
		dput(child);
		return -ENOENT;
	}
	dput(path->dentry);
	path->dentry = child;
	follow_down(path);
	if (path->mnt->mnt_sb->s_magic != DEVPTS_SUPER_MAGIC || path->mnt->mnt_root != path->dentry)
		return -ENODEV;
	return 0;
}

struct pts_fs_info *devpts_acquire(struct file *ptmx)
{
	struct path path = { ptmx->f_vfsmnt, ptmx->f_dentry };
	struct super_block *sb = NULL;
	int err;

	path_get(&path);
	err = devpts_find(&path);
	if (!err) {
		sb = path.mnt->mnt_sb;
		get_super_active(sb);
	}
	path_put(&path);
	return err ? ERR_PTR(err) : sb->s_fs_info;
}

void devpts_release(struct pts_fs_info *fsi)
{
	deactivate_super(fsi->sb);
}

struct file *devpts_open_peer(struct file *ptmx, struct pts_fs_info *fsi, struct dentry *dentry,
			      unsigned int flags)
{
	struct path path = { ptmx->f_vfsmnt, ptmx->f_dentry };
	struct file *f;
	int err;

	path_get(&path);
	err = devpts_find(&path);
	if (!err && path.mnt->mnt_sb != fsi->sb)
		err = -ENODEV;
	if (err) {
		path_put(&path);
		return ERR_PTR(err);
	}
	dput(path.dentry);
	path.dentry = dentry;
	f = dentry_open(&path, flags);
	mntput(path.mnt);
	return f;
}

/* ---- instances ------------------------------------------------------------------------ */

static int devpts_statfs(struct dentry *d, struct kstatfs *buf)
{
	buf->f_type = DEVPTS_SUPER_MAGIC;
	buf->f_bsize = PAGE_SIZE;
	buf->f_frsize = PAGE_SIZE;
	buf->f_namelen = NAME_MAX;
	return 0;
}

/* New options replace all old ones (unnamed ones get their defaults); ptmxmode applies to
 * the ptmx node at once, mode/uid/gid to nodes made from now on.  Options before a bad
 * one still apply, as in Linux. */
static int devpts_remount(struct super_block *sb, unsigned long flags, char *data)
{
	struct pts_fs_info *fsi = sb->s_fs_info;
	struct inode *ptmx = fsi->ptmx->d_inode;
	struct pts_mount_opts o;
	unsigned long irqflags;
	int err = parse_options(&o, data);

	spin_lock_irqsave(&devpts_lock, irqflags);
	fsi->opts = o;
	spin_unlock_irqrestore(&devpts_lock, irqflags);
	inode_lock(ptmx);
	ptmx->i_mode = S_IFCHR | o.ptmxmode;
	ptmx->i_ctime = current_time();
	inode_unlock(ptmx);
	return err;
}

static void devpts_put_super(struct super_block *sb)
{
	struct pts_fs_info *fsi = sb->s_fs_info;

	fsi->sb = NULL;
	devpts_put(fsi);
}

static const struct super_operations devpts_sops = {
	.statfs = devpts_statfs,
	.remount_fs = devpts_remount,
	.put_super = devpts_put_super,
};

/* The root directory (inode 1, 0755) and ptmx (inode 2). */
static int devpts_fill_super(struct super_block *sb)
{
	struct pts_fs_info *fsi = sb->s_fs_info;
	struct inode *root = new_inode(sb);
	struct dentry *ptmx;

	if (!root)
		return -ENOMEM;
	root->i_mode = S_IFDIR | 0755;
	root->i_op = &devpts_dir_iops;
	root->i_fop = &simple_dir_operations;
	inc_nlink(root);
	sb->s_root = d_make_root(sb, root);
	if (!sb->s_root)
		return -ENOMEM;
	ptmx = add_node(sb, "ptmx", fsi->opts.ptmxmode, PTMX_DEV, 0, 0, 0);
	if (IS_ERR(ptmx))
		return PTR_ERR(ptmx);
	fsi->ptmx = ptmx;
	dput(ptmx);			/* the name stays pinned */
	return 0;
}

static struct dentry *devpts_mount(struct file_system_type *type, unsigned long flags,
				   const char *dev_name, char *data)
{
	struct pts_fs_info *fsi = kzalloc(sizeof(*fsi), GFP_KERNEL);
	struct super_block *sb;
	int err;

	if (!fsi)
		return ERR_PTR(-ENOMEM);
	atomic_set(&fsi->refs, 1);
	err = parse_options(&fsi->opts, data);
	sb = err ? NULL : alloc_super(type, &devpts_sops);
	if (!sb) {
		kfree(fsi);
		return ERR_PTR(err ? err : -ENOMEM);
	}
	sb->s_fs_info = fsi;
	sb->s_magic = DEVPTS_SUPER_MAGIC;
	sb->s_flags = (flags & MS_RDONLY) ? SB_RDONLY : 0;
	fsi->sb = sb;
	err = devpts_fill_super(sb);
	if (err) {
		deactivate_super(sb);
		return ERR_PTR(err);
	}
	return dget(sb->s_root);
}

static struct file_system_type devpts_fs_type = {
	.name = "devpts",
	.mount = devpts_mount,
	.kill_sb = kill_litter_super,
};

void devpts_init(void)
{
	if (register_filesystem(&devpts_fs_type))
		pr_err("devpts: cannot register\n");
}
