/* The proc file system type and its root directory: the global files, /proc/self,
 * /proc/thread-self, /proc/mounts (-> self/mounts, as Linux), /proc/sys, and one
 * directory per process (thread-group leader, zombies included) named by its pid.
 * Every mount is a new super block (as Linux since 5.8); mount options are refused.
 * Relies on: the generic directory code (inode.c), processes (task.c). */
#include <anvil/fs.h>
#include <anvil/proc.h>
#include <anvil/sched.h>
#include <anvil/printk.h>
#include <anvil/err.h>
#include <anvil/errno.h>
#include <linux/magic.h>
#include <linux/mount.h>
#include "../internal.h"
#include "internal.h"

#define IDS_BATCH	32

static char *self_link(struct inode *inode, char *buf, int buflen)
{
	snprintf(buf, buflen, "%d", current->tgid);
	return buf;
}

static char *thread_self_link(struct inode *inode, char *buf, int buflen)
{
	snprintf(buf, buflen, "%d/task/%d", current->tgid, current->pid);
	return buf;
}

static char *mounts_link(struct inode *inode, char *buf, int buflen)
{
	snprintf(buf, buflen, "self/mounts");
	return buf;
}

static const struct proc_entry root_entries[] = {
	{ .name = "cmdline", .mode = S_IFREG | 0444, .show = proc_cmdline_show },
	{ .name = "cpuinfo", .mode = S_IFREG | 0444, .show = proc_cpuinfo_show },
	{ .name = "filesystems", .mode = S_IFREG | 0444, .show = proc_filesystems_show },
	{ .name = "loadavg", .mode = S_IFREG | 0444, .show = proc_loadavg_show },
	{ .name = "meminfo", .mode = S_IFREG | 0444, .show = proc_meminfo_show },
	{ .name = "mounts", .mode = S_IFLNK | 0777, .link = mounts_link },
	{ .name = "partitions", .mode = S_IFREG | 0444, .show = proc_partitions_show },
	{ .name = "self", .mode = S_IFLNK | 0777, .link = self_link },
	{ .name = "stat", .mode = S_IFREG | 0444, .show = proc_stat_show },
	{ .name = "sys", .mode = S_IFDIR | 0555, .dir = &proc_sys_dir },
	{ .name = "thread-self", .mode = S_IFLNK | 0777, .link = thread_self_link },
	{ .name = "uptime", .mode = S_IFREG | 0444, .show = proc_uptime_show },
	{ .name = "version", .mode = S_IFREG | 0444, .show = proc_version_show },
};

/* ---- process directories ------------------------------------------------------------ */

static const struct proc_entry tgid_dir_entry = {
	.name = "", .mode = S_IFDIR | 0555, .dir = &proc_tgid_dir,
};
static const struct proc_entry tid_dir_entry = {
	.name = "", .mode = S_IFDIR | 0555, .dir = &proc_tid_dir,
};

struct inode *proc_pid_dir_inode(struct super_block *sb, pid_t id, pid_t tgid)
{
	struct proc_inode where = { .fd = -1 };
	struct task_struct *t;
	struct inode *inode;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	t = find_thread_by_tid(id);
	if (t && (!tgid || t->tgid == tgid))
		get_task_struct(t);
	else
		t = NULL;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (!t)
		return ERR_PTR(-ENOENT);
	where.tgid = t->tgid;
	where.tid = tgid || t->group_leader != t ? id : 0;
	where.start_time = t->start_time;
	inode = proc_make_inode(sb, tgid ? &tid_dir_entry : &tgid_dir_entry, &where, t,
				proc_pid_ino(where.tgid, where.tid, 0));
	put_task_struct(t);
	return inode;
}

int proc_emit_ids(struct dir_context *ctx, loff_t base, pid_t tgid)
{
	pid_t ids[IDS_BATCH];
	int n;

	do {
		n = proc_collect_ids(ctx->pos - base, tgid, ids, IDS_BATCH);
		for (int i = 0; i < n; i++) {
			char name[16];
			int len = snprintf(name, sizeof(name), "%d", ids[i]);
			ino_t ino = tgid ? proc_pid_ino(tgid, ids[i], 0) : proc_pid_ino(ids[i], 0, 0);

			if (!dir_emit(ctx, name, len, ino, DT_DIR, base + ids[i] + 1))
				return 0;
			ctx->pos = base + ids[i] + 1;
		}
	} while (n == IDS_BATCH);
	return 0;
}

static int root_iterate(struct file *dir, struct dir_context *ctx, loff_t base)
{
	return proc_emit_ids(ctx, base, 0);
}

/* Threads are not listed but can be looked up by their id, as on Linux. */
static struct inode *root_lookup(struct inode *dir, unsigned long nr)
{
	return proc_pid_dir_inode(dir->i_sb, nr, 0);
}

static const struct proc_dir_dynamic root_dynamic = {
	.iterate = root_iterate,
	.lookup = root_lookup,
};

const struct proc_dir proc_root_dir = {
	.id = 0,
	.entries = root_entries,
	.nr_entries = ARRAY_SIZE(root_entries),
	.dynamic = &root_dynamic,
};

/* ---- the file system ---------------------------------------------------------------- */

static const struct proc_entry proc_root_entry = {
	.name = "/", .mode = S_IFDIR | 0555, .dir = &proc_root_dir,
};

static struct dentry *proc_mount(struct file_system_type *type, unsigned long flags,
				 const char *dev_name, char *data)
{
	static const struct proc_inode global = { .fd = -1 };
	struct super_block *sb;
	struct inode *root;

	if (data && *data) {
		pr_warn("proc: mount options are not supported ('%s')\n", data);
		return ERR_PTR(-EINVAL);
	}
	sb = alloc_super(type, &proc_super_ops);
	if (!sb)
		return ERR_PTR(-ENOMEM);
	sb->s_magic = PROC_SUPER_MAGIC;
	sb->s_blocksize = 1024;
	sb->s_d_op = &proc_dentry_operations;
	sb->s_flags = (flags & MS_RDONLY) ? SB_RDONLY : 0;
	root = proc_make_inode(sb, &proc_root_entry, &global, NULL, 1);
	sb->s_root = d_make_root(sb, root);
	if (!sb->s_root) {
		deactivate_super(sb);
		return ERR_PTR(-ENOMEM);
	}
	return dget(sb->s_root);
}

static struct file_system_type proc_fs_type = {
	.name = "proc",
	.mount = proc_mount,
	.kill_sb = kill_litter_super,
};

void proc_root_init(void)
{
	if (register_filesystem(&proc_fs_type))
		panic("proc: cannot register the file system type");
	proc_loadavg_init();
}
