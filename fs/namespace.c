/* The mount tree: vfsmounts attach a super block's tree (or part of it, for bind mounts)
 * on a directory of another mount, hiding what was there.  One tree for the system,
 * rooted at the rootfs mount made by vfs_init.  A child mount holds references to its
 * parent mount and mountpoint dentry while attached; the tree holds one reference on
 * every attached mount.  mount(2), umount2(2), pivot_root(2).
 * Locks: namespace_mutex serialises tree changes (they allocate); mount_lock (spinlock)
 * protects the hash, the lists, mnt_parent/mnt_mountpoint and d_mounted for walkers.
 * Relies on: super blocks (fs/super.c), path lookup (fs/namei.c), kmalloc. */
#include <anvil/fs.h>
#include <anvil/slab.h>
#include <anvil/string.h>
#include <anvil/printk.h>
#include <anvil/uaccess.h>
#include <anvil/sched.h>
#include <anvil/syscall.h>
#include <anvil/err.h>
#include <anvil/errno.h>
#include <linux/mount.h>
#include "internal.h"

/* umount2 flags (umount(2); not in the UAPI headers) */
#define MNT_FORCE	0x1
#define MNT_DETACH	0x2
#define MNT_EXPIRE	0x4
#define UMOUNT_NOFOLLOW	0x8

#define MNT_HASH_SIZE	256

DEFINE_SPINLOCK(mount_lock);
static DEFINE_MUTEX(namespace_mutex);
static struct list_head mount_hashtable[MNT_HASH_SIZE];
static LIST_HEAD(mount_list);
static int last_mnt_id;
static struct path init_root;		/* root of the rootfs mount */

static struct list_head *mnt_bucket(const struct vfsmount *mnt, const struct dentry *d)
{
	unsigned long h = ((unsigned long)mnt >> 6) ^ ((unsigned long)d >> 6);

	return &mount_hashtable[(h ^ (h >> 8)) & (MNT_HASH_SIZE - 1)];
}

static struct vfsmount *alloc_vfsmnt(const char *devname)
{
	struct vfsmount *mnt = kzalloc(sizeof(*mnt), GFP_KERNEL);

	if (!mnt)
		return NULL;
	mnt->mnt_devname = kstrdup(devname ? devname : "none", GFP_KERNEL);
	if (!mnt->mnt_devname) {
		kfree(mnt);
		return NULL;
	}
	atomic_set(&mnt->mnt_count, 1);
	mnt->mnt_parent = mnt;
	INIT_LIST_HEAD(&mnt->mnt_hash);
	INIT_LIST_HEAD(&mnt->mnt_child);
	INIT_LIST_HEAD(&mnt->mnt_mounts);
	INIT_LIST_HEAD(&mnt->mnt_list);
	spin_lock(&mount_lock);
	mnt->mnt_id = ++last_mnt_id;
	spin_unlock(&mount_lock);
	return mnt;
}

struct vfsmount *mntget(struct vfsmount *mnt)
{
	if (mnt)
		atomic_inc(&mnt->mnt_count);
	return mnt;
}

void mntput(struct vfsmount *mnt)
{
	if (!mnt || !atomic_dec_and_test(&mnt->mnt_count))
		return;
	dput(mnt->mnt_root);
	deactivate_super(mnt->mnt_sb);
	kfree(mnt->mnt_devname);
	kfree(mnt);
}

void path_get(const struct path *p)
{
	mntget(p->mnt);
	dget(p->dentry);
}

void path_put(const struct path *p)
{
	dput(p->dentry);
	mntput(p->mnt);
}

void get_init_root(struct path *root)
{
	*root = init_root;
	path_get(root);
}

int mnt_want_write(struct vfsmount *mnt)
{
	if ((mnt->mnt_flags & MNT_READONLY) || (mnt->mnt_sb->s_flags & SB_RDONLY))
		return -EROFS;
	return 0;
}

/* The mount attached on @path, with a reference, or NULL. */
static struct vfsmount *lookup_mnt(const struct path *path)
{
	struct vfsmount *m, *found = NULL;

	spin_lock(&mount_lock);
	list_for_each_entry(m, mnt_bucket(path->mnt, path->dentry), mnt_hash) {
		if (m->mnt_parent == path->mnt && m->mnt_mountpoint == path->dentry) {
			found = mntget(m);
			break;
		}
	}
	spin_unlock(&mount_lock);
	return found;
}

void follow_down(struct path *path)
{
	struct vfsmount *m;

	while (READ_ONCE(path->dentry->d_mounted) && (m = lookup_mnt(path))) {
		path_put(path);
		path->mnt = m;
		path->dentry = dget(m->mnt_root);
	}
}

bool follow_up(struct path *path)
{
	struct vfsmount *parent;
	struct dentry *mountpoint;

	spin_lock(&mount_lock);
	parent = path->mnt->mnt_parent;
	if (parent == path->mnt) {
		spin_unlock(&mount_lock);
		return false;
	}
	mntget(parent);
	mountpoint = dget(path->mnt->mnt_mountpoint);
	spin_unlock(&mount_lock);
	path_put(path);
	path->mnt = parent;
	path->dentry = mountpoint;
	return true;
}

/* Attach @mnt on @where.  Caller holds namespace_mutex. */
static void attach_mnt(struct vfsmount *mnt, const struct path *where)
{
	struct vfsmount *parent = mntget(where->mnt);
	struct dentry *mp = dget(where->dentry);

	spin_lock(&mount_lock);
	mnt->mnt_parent = parent;
	mnt->mnt_mountpoint = mp;
	list_add_tail(&mnt->mnt_hash, mnt_bucket(parent, mp));
	list_add_tail(&mnt->mnt_child, &parent->mnt_mounts);
	list_add_tail(&mnt->mnt_list, &mount_list);
	mp->d_mounted++;
	spin_unlock(&mount_lock);
}

/* Detach @mnt from its parent; the parent's references are dropped.  Caller holds
 * namespace_mutex. */
static void detach_mnt(struct vfsmount *mnt)
{
	struct path old;

	spin_lock(&mount_lock);
	old.mnt = mnt->mnt_parent;
	old.dentry = mnt->mnt_mountpoint;
	list_del_init(&mnt->mnt_hash);
	list_del_init(&mnt->mnt_child);
	list_del_init(&mnt->mnt_list);
	old.dentry->d_mounted--;
	mnt->mnt_parent = mnt;
	mnt->mnt_mountpoint = mnt->mnt_root;
	spin_unlock(&mount_lock);
	path_put(&old);
}

static bool mnt_attached(const struct vfsmount *mnt)
{
	return mnt->mnt_parent != mnt;
}

/* Detach @mnt and everything mounted below it, dropping the tree's references (the
 * mounts are freed when their last users go: lazy unmount).  Caller holds
 * namespace_mutex. */
static void umount_tree(struct vfsmount *mnt)
{
	for (;;) {
		struct vfsmount *m = mnt;

		while (!list_empty(&m->mnt_mounts))
			m = list_first_entry(&m->mnt_mounts, struct vfsmount, mnt_child);
		if (mnt_attached(m))
			detach_mnt(m);
		mntput(m);
		if (m == mnt)
			break;
	}
}

struct vfsmount *vfs_create_mount(struct dentry *root, const char *devname)
{
	struct vfsmount *mnt = alloc_vfsmnt(devname);

	if (!mnt) {
		dput(root);
		return NULL;
	}
	mnt->mnt_root = root;
	mnt->mnt_sb = root->d_sb;
	mnt->mnt_mountpoint = root;
	return mnt;
}

/* A mount of @type's new super block (root returned by ->mount with an s_active ref). */
static struct vfsmount *mount_fs(struct file_system_type *type, unsigned long flags,
				 const char *dev, char *data)
{
	struct dentry *root = type->mount(type, flags, dev, data);
	struct super_block *sb;
	struct vfsmount *mnt;

	if (IS_ERR(root))
		return ERR_PTR(PTR_ERR(root));
	sb = root->d_sb;
	mnt = vfs_create_mount(root, dev);
	if (!mnt) {
		deactivate_super(sb);
		return ERR_PTR(-ENOMEM);
	}
	return mnt;
}

struct vfsmount *kern_mount(struct file_system_type *type, char *data)
{
	return mount_fs(type, 0, type->name, data);
}

/* Attach @mnt on top of whatever is mounted at @path.  Caller holds namespace_mutex. */
static int graft_tree(struct vfsmount *mnt, struct path *path)
{
	follow_down(path);
	if (d_unlinked(path->dentry))
		return -ENOENT;
	if (S_ISDIR(path->dentry->d_inode->i_mode) != S_ISDIR(mnt->mnt_root->d_inode->i_mode))
		return -ENOTDIR;
	attach_mnt(mnt, path);
	return 0;
}

static int mnt_flags_from(unsigned long flags)
{
	int f = 0;

	if (flags & MS_RDONLY)
		f |= MNT_READONLY;
	if (flags & MS_NOSUID)
		f |= MNT_NOSUID;
	if (flags & MS_NODEV)
		f |= MNT_NODEV;
	if (flags & MS_NOEXEC)
		f |= MNT_NOEXEC;
	if (flags & MS_NOATIME)
		f |= MNT_NOATIME;
	if (flags & MS_NODIRATIME)
		f |= MNT_NODIRATIME;
	if (!(flags & MS_STRICTATIME))
		f |= MNT_RELATIME;
	return f;
}

long mnt_statfs_flags(const struct vfsmount *mnt)
{
	static const struct { int mnt; long st; } map[] = {
		{ MNT_READONLY, ST_RDONLY }, { MNT_NOSUID, ST_NOSUID }, { MNT_NODEV, ST_NODEV },
		{ MNT_NOEXEC, ST_NOEXEC }, { MNT_NOATIME, ST_NOATIME },
		{ MNT_NODIRATIME, ST_NODIRATIME }, { MNT_RELATIME, ST_RELATIME },
	};
	long f = ST_VALID;

	for (unsigned int i = 0; i < ARRAY_SIZE(map); i++)
		if (mnt->mnt_flags & map[i].mnt)
			f |= map[i].st;
	if (mnt->mnt_sb->s_flags & SB_RDONLY)
		f |= ST_RDONLY;
	return f;
}

static int do_new_mount(struct path *path, const char *type, unsigned long flags,
			const char *dev, char *data)
{
	struct file_system_type *fs;
	struct vfsmount *mnt;
	int err;

	if (!type)
		return -EINVAL;
	fs = get_fs_type(type);
	if (!fs)
		return -ENODEV;
	mnt = mount_fs(fs, flags, dev, data);
	if (IS_ERR(mnt))
		return PTR_ERR(mnt);
	mnt->mnt_flags = mnt_flags_from(flags);
	mutex_lock(&namespace_mutex);
	/* as Linux: the same superblock is not stacked on its own root (devtmpfs twice on /dev) */
	if (path->mnt->mnt_sb == mnt->mnt_sb && path->mnt->mnt_root == path->dentry)
		err = -EBUSY;
	else
		err = graft_tree(mnt, path);
	mutex_unlock(&namespace_mutex);
	if (err)
		mntput(mnt);
	return err;
}

static int do_remount(struct path *path, unsigned long flags, char *data)
{
	struct vfsmount *mnt = path->mnt;
	struct super_block *sb = mnt->mnt_sb;
	int err = 0;

	if (path->dentry != mnt->mnt_root)
		return -EINVAL;
	mutex_lock(&namespace_mutex);
	if (!(flags & MS_BIND)) {
		if (sb->s_op->remount_fs)
			err = sb->s_op->remount_fs(sb, flags, data);
		if (!err)
			sb->s_flags = (sb->s_flags & ~SB_RDONLY) | (flags & MS_RDONLY ? SB_RDONLY : 0);
	}
	if (!err)
		mnt->mnt_flags = mnt_flags_from(flags);
	mutex_unlock(&namespace_mutex);
	return err;
}

static struct vfsmount *clone_mnt(struct vfsmount *old, struct dentry *root)
{
	struct vfsmount *mnt = alloc_vfsmnt(old->mnt_devname);

	if (!mnt)
		return NULL;
	get_super_active(old->mnt_sb);
	mnt->mnt_sb = old->mnt_sb;
	mnt->mnt_root = dget(root);
	mnt->mnt_mountpoint = mnt->mnt_root;
	mnt->mnt_flags = old->mnt_flags;
	return mnt;
}

/* Clone @src from @root down, with every mount below it (MS_BIND|MS_REC).  Caller holds
 * namespace_mutex, so the source tree cannot change. */
static struct vfsmount *copy_tree(struct vfsmount *src, struct dentry *root)
{
	struct vfsmount *res = clone_mnt(src, root), *child;

	if (!res)
		return NULL;
	list_for_each_entry(child, &src->mnt_mounts, mnt_child) {
		struct vfsmount *copy;
		struct path where;

		if (!is_subdir(child->mnt_mountpoint, root))
			continue;
		copy = copy_tree(child, child->mnt_root);
		if (!copy) {
			umount_tree(res);
			return NULL;
		}
		where.mnt = res;
		where.dentry = child->mnt_mountpoint;
		attach_mnt(copy, &where);
	}
	return res;
}

static int do_loopback(struct path *path, const char *old_name, bool recurse)
{
	struct vfsmount *mnt;
	struct path old;
	int err;

	if (!old_name || !*old_name)
		return -EINVAL;
	err = kern_path_at(AT_FDCWD, old_name, LOOKUP_FOLLOW, &old);
	if (err)
		return err;
	mutex_lock(&namespace_mutex);
	mnt = recurse ? copy_tree(old.mnt, old.dentry) : clone_mnt(old.mnt, old.dentry);
	err = mnt ? graft_tree(mnt, path) : -ENOMEM;
	if (err && mnt)
		umount_tree(mnt);
	mutex_unlock(&namespace_mutex);
	path_put(&old);
	return err;
}

/* True if @mnt is @ancestor or mounted (transitively) on it. */
static bool mnt_is_below(struct vfsmount *mnt, struct vfsmount *ancestor)
{
	for (;;) {
		if (mnt == ancestor)
			return true;
		if (!mnt_attached(mnt))
			return false;
		mnt = mnt->mnt_parent;
	}
}

static int do_move_mount(struct path *path, const char *old_name)
{
	struct path old;
	int err;

	if (!old_name || !*old_name)
		return -EINVAL;
	err = kern_path_at(AT_FDCWD, old_name, LOOKUP_FOLLOW, &old);
	if (err)
		return err;
	mutex_lock(&namespace_mutex);
	follow_down(path);
	err = -EINVAL;
	if (old.dentry != old.mnt->mnt_root || !mnt_attached(old.mnt))
		goto out;
	err = -ELOOP;
	if (mnt_is_below(path->mnt, old.mnt))
		goto out;
	err = -ENOTDIR;
	if (S_ISDIR(path->dentry->d_inode->i_mode) != S_ISDIR(old.dentry->d_inode->i_mode))
		goto out;
	err = -ENOENT;
	if (d_unlinked(path->dentry))
		goto out;
	detach_mnt(old.mnt);
	attach_mnt(old.mnt, path);
	err = 0;
out:
	mutex_unlock(&namespace_mutex);
	path_put(&old);
	return err;
}

/* Propagation types: every mount here is private, so MS_PRIVATE is already true;
 * shared and slave propagation are not implemented. */
static int do_change_type(struct path *path, unsigned long flags)
{
	if (path->dentry != path->mnt->mnt_root)
		return -EINVAL;
	if (flags & (MS_SHARED | MS_SLAVE | MS_UNBINDABLE))
		return -EINVAL;
	return 0;
}

/* Copy an optional user string of at most @max bytes; NULL if @u is NULL. */
static char *copy_mount_string(const char __user *u, long max)
{
	char *s;
	long n;

	if (!u)
		return NULL;
	s = kmalloc(max, GFP_KERNEL);
	if (!s)
		return ERR_PTR(-ENOMEM);
	n = strncpy_from_user(s, u, max);
	if (n < 0) {
		kfree(s);
		return ERR_PTR(n == -ENAMETOOLONG ? -EINVAL : n);
	}
	return s;
}

static long do_mount(struct path *path, const char *dev, const char *type,
		     unsigned long flags, char *data)
{
	if (flags & MS_REMOUNT)
		return do_remount(path, flags, data);
	if (flags & MS_BIND)
		return do_loopback(path, dev, flags & MS_REC);
	if (flags & (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE))
		return do_change_type(path, flags);
	if (flags & MS_MOVE)
		return do_move_mount(path, dev);
	return do_new_mount(path, type, flags, dev, data);
}

long sys_mount(const char __user *dev_name, const char __user *dir_name,
	       const char __user *type, unsigned long flags, const void __user *data)
{
	char *kdev, *ktype = NULL, *kdata = NULL;
	struct path path;
	long err;

	if (current_euid() != 0)
		return -EPERM;
	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~MS_MGC_MSK;
	kdev = copy_mount_string(dev_name, PATH_MAX);
	if (IS_ERR(kdev))
		return PTR_ERR(kdev);
	ktype = copy_mount_string(type, 256);
	err = PTR_ERR(ktype);
	if (IS_ERR(ktype))
		goto out_dev;
	kdata = copy_mount_string(data, PAGE_SIZE);
	err = PTR_ERR(kdata);
	if (IS_ERR(kdata))
		goto out_type;
	err = user_path_at(AT_FDCWD, dir_name, LOOKUP_FOLLOW, &path);
	if (!err) {
		err = do_mount(&path, kdev, ktype, flags, kdata);
		path_put(&path);
	}
	kfree(kdata);
out_type:
	kfree(ktype);
out_dev:
	kfree(kdev);
	return err;
}
SYSCALL(mount, sys_mount);

static int do_umount(struct vfsmount *mnt, int flags)
{
	int err = 0;

	mutex_lock(&namespace_mutex);
	if (!(flags & MNT_DETACH) &&
	    (!list_empty(&mnt->mnt_mounts) || atomic_read(&mnt->mnt_count) > 2))
		err = -EBUSY;
	else
		umount_tree(mnt);
	mutex_unlock(&namespace_mutex);
	return err;
}

long sys_umount2(const char __user *name, int flags)
{
	struct path path;
	int err;

	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	if (flags & MNT_EXPIRE)		/* expiry marks are not implemented */
		return -EINVAL;
	if (current_euid() != 0)
		return -EPERM;
	err = user_path_at(AT_FDCWD, name, flags & UMOUNT_NOFOLLOW ? 0 : LOOKUP_FOLLOW, &path);
	if (err)
		return err;
	err = -EINVAL;
	if (path.dentry == path.mnt->mnt_root && mnt_attached(path.mnt)) {
		mntget(path.mnt);
		path_put(&path);	/* keep only the mount reference for the busy check */
		err = do_umount(path.mnt, flags);
		mntput(path.mnt);
		return err;
	}
	path_put(&path);
	return err;
}
SYSCALL(umount2, sys_umount2);

/* The initramfs root (rootfs) cannot be pivoted, as on Linux; other roots need root
 * devices, which do not exist yet. */
long sys_pivot_root(const char __user *new_root, const char __user *put_old)
{
	return -EINVAL;
}
SYSCALL(pivot_root, sys_pivot_root);

/* Call @fn for every attached mount in mount order, under mount_lock (@fn must not
 * sleep); stops at the first non-zero return, which is returned. */
int iterate_mounts(int (*fn)(struct vfsmount *mnt, void *arg), void *arg)
{
	struct vfsmount *m;
	int ret = 0;

	spin_lock(&mount_lock);
	list_for_each_entry(m, &mount_list, mnt_list) {
		ret = fn(m, arg);
		if (ret)
			break;
	}
	spin_unlock(&mount_lock);
	return ret;
}

static struct file_system_type rootfs_fs_type = {
	.name = "rootfs",
	.mount = tmpfs_mount_sb,
	.kill_sb = kill_litter_super,
};

/* The rootfs is a tmpfs with tmpfs defaults (root mode 1777, as Linux's tmpfs rootfs,
 * until an archive's "." entry says otherwise). */
void mnt_init(void)
{
	struct vfsmount *mnt;

	for (int i = 0; i < MNT_HASH_SIZE; i++)
		INIT_LIST_HEAD(&mount_hashtable[i]);
	mnt = kern_mount(&rootfs_fs_type, NULL);
	if (IS_ERR(mnt))
		panic("vfs: cannot mount the rootfs (%ld)", PTR_ERR(mnt));
	list_add_tail(&mnt->mnt_list, &mount_list);
	init_root.mnt = mnt;
	init_root.dentry = mnt->mnt_root;
}
