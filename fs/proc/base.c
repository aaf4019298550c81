/* /proc/PID and /proc/PID/task/TID: the per-process directories.  The same table
 * serves both (task/ exists only at the process level); what is per-thread (stat,
 * status, comm) looks at the thread under task/TID and at the process otherwise.
 * cmdline and environ are read from the process's own memory (arg_start..arg_end,
 * env_start..env_end); exe, cwd, root and fd/N are symlinks to the current path of
 * the object, or pipe:[N]-style names for objects without one.  They are plain
 * symlinks: following one re-resolves that path (Linux jumps straight to the object,
 * so an fd of a pipe or of a deleted file can be opened there but not here).
 * Relies on: processes (task.c), the fd table, d_path. */
#include <anvil/fs.h>
#include <anvil/mm.h>
#include <anvil/slab.h>
#include <anvil/string.h>
#include <anvil/err.h>
#include <anvil/errno.h>
#include <linux/auxvec.h>
#include <linux/resource.h>
#include "../internal.h"
#include "internal.h"

#define FD_SLOT_BASE	128		/* inode slots of fd/N (proc_pid_ino) */

/* ---- links -------------------------------------------------------------------------- */

/* The task of a link, if current may look at its files. */
static struct task_struct *link_task(struct inode *inode)
{
	struct task_struct *t = proc_get_task(inode);

	if (!t)
		return ERR_PTR(-ENOENT);
	if (!proc_may_access(t)) {
		put_task_struct(t);
		return ERR_PTR(-EACCES);
	}
	return t;
}

static char *exe_link(struct inode *inode, char *buf, int buflen)
{
	struct task_struct *t = link_task(inode);
	struct mm_struct *mm;
	struct file *exe = NULL;
	char *p;

	if (IS_ERR(t))
		return (char *)t;
	mm = proc_task_mm(t);
	put_task_struct(t);
	if (mm) {
		mutex_lock(&mm->mmap_lock);
		if (mm->exe_file)
			exe = get_file(mm->exe_file);
		mutex_unlock(&mm->mmap_lock);
		mmput(mm);
	}
	if (!exe)
		return ERR_PTR(-ENOENT);
	p = file_path(exe, buf, buflen);
	fput(exe);
	return p;
}

/* cwd (@root false) or root of the process. */
static char *fs_link(struct inode *inode, char *buf, int buflen, bool root)
{
	struct task_struct *t = link_task(inode);
	struct fs_struct *fs;
	struct path path;
	char *p;

	if (IS_ERR(t))
		return (char *)t;
	fs = proc_task_fs(t);
	put_task_struct(t);
	if (!fs)
		return ERR_PTR(-ENOENT);
	spin_lock(&fs->lock);
	path = root ? fs->root : fs->pwd;
	path_get(&path);
	spin_unlock(&fs->lock);
	put_fs_struct(fs);
	p = d_path(&path, buf, buflen);
	path_put(&path);
	return p;
}

static char *cwd_link(struct inode *inode, char *buf, int buflen)
{
	return fs_link(inode, buf, buflen, false);
}

static char *root_link(struct inode *inode, char *buf, int buflen)
{
	return fs_link(inode, buf, buflen, true);
}

/* The file open at fd @fd of @t, with a reference, or NULL. */
static struct file *task_fget(struct task_struct *t, int fd)
{
	struct files_struct *files = proc_task_files(t);
	struct file *f;

	if (!files)
		return NULL;
	f = proc_fget(files, fd);
	put_files(files);
	return f;
}

static char *fd_link(struct inode *inode, char *buf, int buflen)
{
	struct task_struct *t = link_task(inode);
	struct file *f;
	char *p;

	if (IS_ERR(t))
		return (char *)t;
	f = task_fget(t, PROC_I(inode)->fd);
	put_task_struct(t);
	if (!f)
		return ERR_PTR(-ENOENT);
	p = file_path(f, buf, buflen);
	fput(f);
	return p;
}

const struct proc_entry proc_fd_link_entry = {
	.name = "", .mode = S_IFLNK, .link = fd_link,
};

/* ---- fd/ ------------------------------------------------------------------------------ */

/* The link fd/@fd: its mode tells how the file is open, as Linux's. */
static struct inode *fd_lookup(struct inode *dir, unsigned long fd)
{
	struct proc_inode where = *PROC_I(dir);
	struct task_struct *t = proc_get_task(dir);
	struct inode *inode;
	struct file *f;

	if (!t)
		return ERR_PTR(-ENOENT);
	f = fd < NR_OPEN_MAX ? task_fget(t, fd) : NULL;
	inode = ERR_PTR(-ENOENT);
	if (f) {
		where.fd = fd;
		inode = proc_make_inode(dir->i_sb, &proc_fd_link_entry, &where, t,
					proc_pid_ino(where.tgid, where.tid, FD_SLOT_BASE + fd));
		if (!IS_ERR(inode)) {
			if (f->f_mode & FMODE_READ)
				inode->i_mode |= S_IRUSR | S_IXUSR;
			if (f->f_mode & FMODE_WRITE)
				inode->i_mode |= S_IWUSR | S_IXUSR;
			inode->i_size = 64;
		}
		fput(f);
	}
	put_task_struct(t);
	return inode;
}

static int fd_iterate(struct file *dir, struct dir_context *ctx, loff_t base)
{
	const struct proc_inode *pi = PROC_I(dir->f_inode);
	struct task_struct *t = proc_get_task(dir->f_inode);
	struct files_struct *files;
	int fd;

	if (!t)
		return -ENOENT;
	files = proc_task_files(t);
	put_task_struct(t);
	if (!files)
		return 0;
	while ((fd = proc_next_fd(files, ctx->pos - base)) >= 0) {
		char name[16];
		int len = snprintf(name, sizeof(name), "%d", fd);

		if (!dir_emit(ctx, name, len, proc_pid_ino(pi->tgid, pi->tid, FD_SLOT_BASE + fd),
			      DT_LNK, base + fd + 1))
			break;
		ctx->pos = base + fd + 1;
	}
	put_files(files);
	return 0;
}

static const struct proc_dir_dynamic fd_dynamic = {
	.iterate = fd_iterate,
	.lookup = fd_lookup,
};

static const struct proc_dir proc_fd_dir = {
	.dynamic = &fd_dynamic,
};

/* ---- task/ ---------------------------------------------------------------------------- */

static int task_iterate(struct file *dir, struct dir_context *ctx, loff_t base)
{
	return proc_emit_ids(ctx, base, PROC_I(dir->f_inode)->tgid);
}

static struct inode *task_lookup(struct inode *dir, unsigned long tid)
{
	return proc_pid_dir_inode(dir->i_sb, tid, PROC_I(dir)->tgid);
}

static const struct proc_dir_dynamic task_dynamic = {
	.iterate = task_iterate,
	.lookup = task_lookup,
};

static const struct proc_dir proc_task_dir = {
	.dynamic = &task_dynamic,
};

/* ---- files ---------------------------------------------------------------------------- */

/* The process's argument (or, with @env, environment) strings as they are in its
 * memory; an unmapped page ends them early.  environ needs ptrace access. */
static int show_user_area(struct proc_buf *b, struct inode *inode, bool env)
{
	struct mm_struct *mm = proc_inode_mm(inode, env);
	unsigned long start, end;

	if (IS_ERR_OR_NULL(mm))
		return PTR_ERR(mm);
	start = env ? mm->env_start : mm->arg_start;
	end = env ? mm->env_end : mm->arg_end;
	if (end > start) {
		size_t len = end - start;

		if (b->len + len <= b->size)
			len = proc_access_vm(mm, start, b->data + b->len, len);
		b->len += len;		/* no room: generated again into a bigger buffer */
	}
	mmput(mm);
	return 0;
}

static int cmdline_show(struct proc_buf *b, struct inode *inode)
{
	return show_user_area(b, inode, false);
}

static int environ_show(struct proc_buf *b, struct inode *inode)
{
	return show_user_area(b, inode, true);
}

/* The auxiliary vector exec gave the process, AT_NULL pair included. */
static int auxv_show(struct proc_buf *b, struct inode *inode)
{
	struct mm_struct *mm = proc_inode_mm(inode, true);
	unsigned int n = 0;

	if (IS_ERR_OR_NULL(mm))
		return PTR_ERR(mm);
	while (n + 2 <= ARRAY_SIZE(mm->saved_auxv) && mm->saved_auxv[n] != AT_NULL)
		n += 2;
	pb_write(b, mm->saved_auxv, min(n + 2, (unsigned int)ARRAY_SIZE(mm->saved_auxv)) * sizeof(long));
	mmput(mm);
	return 0;
}

static int comm_show(struct proc_buf *b, struct inode *inode)
{
	struct task_struct *t = proc_task_or_esrch(inode);
	char comm[TASK_COMM_LEN];

	if (IS_ERR(t))
		return PTR_ERR(t);
	memcpy(comm, t->comm, sizeof(comm));
	comm[sizeof(comm) - 1] = '\0';
	put_task_struct(t);
	pb_printf(b, "%s\n", comm);
	return 0;
}

/* The first 15 bytes written become the name, newline included (as Linux); only
 * threads of the same process may rename each other. */
static int comm_write(struct inode *inode, const char *buf, size_t len)
{
	struct task_struct *t = proc_task_or_esrch(inode);
	char comm[TASK_COMM_LEN];

	if (IS_ERR(t))
		return PTR_ERR(t);
	if (t->tgid != current->tgid) {
		put_task_struct(t);
		return -EINVAL;
	}
	strlcpy(comm, buf, min(len + 1, sizeof(comm)));
	strlcpy(t->comm, comm, sizeof(t->comm));
	put_task_struct(t);
	return 0;
}

/* Rows in RLIMIT_* order, as Linux's /proc/PID/limits. */
static const struct {
	const char *name, *unit;
} limit_names[RLIM_NLIMITS] = {
	{ "Max cpu time", "seconds" }, { "Max file size", "bytes" },
	{ "Max data size", "bytes" }, { "Max stack size", "bytes" },
	{ "Max core file size", "bytes" }, { "Max resident set", "bytes" },
	{ "Max processes", "processes" }, { "Max open files", "files" },
	{ "Max locked memory", "bytes" }, { "Max address space", "bytes" },
	{ "Max file locks", "locks" }, { "Max pending signals", "signals" },
	{ "Max msgqueue size", "bytes" }, { "Max nice priority", NULL },
	{ "Max realtime priority", NULL }, { "Max realtime timeout", "us" },
};

static void show_limit(struct proc_buf *b, unsigned long v)
{
	if (v == RLIM_INFINITY)
		pb_printf(b, "%-20s ", "unlimited");
	else
		pb_printf(b, "%-20lu ", v);
}

static int limits_show(struct proc_buf *b, struct inode *inode)
{
	struct task_struct *t = proc_task_or_esrch(inode);
	struct rlimit rlim[RLIM_NLIMITS];
	unsigned long flags;
	bool alive;

	if (IS_ERR(t))
		return PTR_ERR(t);
	spin_lock_irqsave(&tasklist_lock, flags);
	alive = t->exit_state != EXIT_DEAD;
	if (alive)
		memcpy(rlim, t->signal->rlim, sizeof(rlim));
	spin_unlock_irqrestore(&tasklist_lock, flags);
	put_task_struct(t);
	if (!alive)
		return -ESRCH;
	pb_printf(b, "%-25s %-20s %-20s %-10s\n", "Limit", "Soft Limit", "Hard Limit", "Units");
	for (unsigned int i = 0; i < RLIM_NLIMITS; i++) {
		pb_printf(b, "%-25s ", limit_names[i].name);
		show_limit(b, rlim[i].rlim_cur);
		show_limit(b, rlim[i].rlim_max);
		if (limit_names[i].unit)
			pb_printf(b, "%-10s", limit_names[i].unit);
		pb_putc(b, '\n');
	}
	return 0;
}

/* "task" comes last: task/TID directories have every entry but that one. */
static const struct proc_entry tgid_entries[] = {
	{ .name = "auxv", .mode = S_IFREG | 0400, .show = auxv_show },
	{ .name = "cmdline", .mode = S_IFREG | 0444, .show = cmdline_show },
	{ .name = "comm", .mode = S_IFREG | 0644, .show = comm_show, .write = comm_write },
	{ .name = "cwd", .mode = S_IFLNK | 0777, .link = cwd_link },
	{ .name = "environ", .mode = S_IFREG | 0400, .show = environ_show },
	{ .name = "exe", .mode = S_IFLNK | 0777, .link = exe_link },
	{ .name = "fd", .mode = S_IFDIR | 0500, .dir = &proc_fd_dir },
	{ .name = "limits", .mode = S_IFREG | 0444, .show = limits_show },
	{ .name = "maps", .mode = S_IFREG | 0444, .show = proc_pid_maps },
	{ .name = "mounts", .mode = S_IFREG | 0444, .show = proc_mounts_show },
	{ .name = "root", .mode = S_IFLNK | 0777, .link = root_link },
	{ .name = "stat", .mode = S_IFREG | 0444, .show = proc_pid_stat },
	{ .name = "statm", .mode = S_IFREG | 0444, .show = proc_pid_statm },
	{ .name = "status", .mode = S_IFREG | 0444, .show = proc_pid_status },
	{ .name = "task", .mode = S_IFDIR | 0555, .dir = &proc_task_dir },
};

const struct proc_dir proc_tgid_dir = {
	.entries = tgid_entries,
	.nr_entries = ARRAY_SIZE(tgid_entries),
};

const struct proc_dir proc_tid_dir = {
	.entries = tgid_entries,
	.nr_entries = ARRAY_SIZE(tgid_entries) - 1,
};
