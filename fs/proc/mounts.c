/* /proc/PID/mounts (and /proc/mounts, a link to self/mounts) and /proc/filesystems.
 * Mount lines are fstab(5)'s: "source mountpoint type options 0 0", with spaces, tabs,
 * newlines and backslashes as octal escapes.  Options are the generic ones (rw/ro and
 * the per-mount flags): file systems cannot show their own options (tmpfs size=...) yet.
 * Mount points are shown relative to the reader's root.
 * Relies on: the mount list (iterate_mounts), d_path, the file system type list. */
#include <anvil/fs.h>
#include <anvil/slab.h>
#include <anvil/err.h>
#include <anvil/errno.h>
#include "../internal.h"
#include "internal.h"

#define MANGLE	" \t\n\\"

struct mount_snapshot {
	struct vfsmount **mnts;
	int n, max;
};

/* Under mount_lock: take a reference on each mount, -ENOSPC when the array is full. */
static int grab_mount(struct vfsmount *mnt, void *arg)
{
	struct mount_snapshot *s = arg;

	if (s->n == s->max)
		return -ENOSPC;
	s->mnts[s->n++] = mntget(mnt);
	return 0;
}

static void release_mounts(struct mount_snapshot *s)
{
	for (int i = 0; i < s->n; i++)
		mntput(s->mnts[i]);
	kfree(s->mnts);
}

/* References to every attached mount, in mount order. */
static int snapshot_mounts(struct mount_snapshot *s)
{
	for (s->max = 16;; s->max *= 2) {
		s->n = 0;
		s->mnts = kmalloc(s->max * sizeof(*s->mnts), GFP_KERNEL);
		if (!s->mnts)
			return -ENOMEM;
		if (iterate_mounts(grab_mount, s) != -ENOSPC)
			return 0;
		release_mounts(s);
	}
}

static void show_mount(struct proc_buf *b, struct vfsmount *mnt, char *pathbuf)
{
	static const struct { int flag; const char *name; } opts[] = {
		{ MNT_NOSUID, ",nosuid" }, { MNT_NODEV, ",nodev" }, { MNT_NOEXEC, ",noexec" },
		{ MNT_NOATIME, ",noatime" }, { MNT_NODIRATIME, ",nodiratime" },
		{ MNT_RELATIME, ",relatime" },
	};
	struct path path = { mnt, mnt->mnt_root };
	char *where = d_path(&path, pathbuf, PATH_MAX);
	bool ro = (mnt->mnt_flags & MNT_READONLY) || (mnt->mnt_sb->s_flags & SB_RDONLY);

	if (IS_ERR(where))
		return;
	pb_escape(b, mnt->mnt_devname, MANGLE);
	pb_putc(b, ' ');
	pb_escape(b, where, MANGLE);
	pb_printf(b, " %s %s", mnt->mnt_sb->s_type->name, ro ? "ro" : "rw");
	for (unsigned int i = 0; i < ARRAY_SIZE(opts); i++)
		if (mnt->mnt_flags & opts[i].flag)
			pb_puts(b, opts[i].name);
	pb_puts(b, " 0 0\n");
}

int proc_mounts_show(struct proc_buf *b, struct inode *inode)
{
	struct task_struct *t = proc_task_or_esrch(inode);
	struct mount_snapshot s;
	char *pathbuf;
	int err;

	if (IS_ERR(t))
		return PTR_ERR(t);
	put_task_struct(t);
	pathbuf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!pathbuf)
		return -ENOMEM;
	err = snapshot_mounts(&s);
	if (!err) {
		for (int i = 0; i < s.n; i++)
			show_mount(b, s.mnts[i], pathbuf);
		release_mounts(&s);
	}
	kfree(pathbuf);
	return err;
}

/* Every type registered so far is a virtual one ("nodev"); block-device file systems
 * will need a flag in struct file_system_type. */
static void show_filesystem(struct file_system_type *fs, void *arg)
{
	pb_printf(arg, "nodev\t%s\n", fs->name);
}

int proc_filesystems_show(struct proc_buf *b, struct inode *inode)
{
	iterate_filesystems(show_filesystem, b);
	return 0;
}
