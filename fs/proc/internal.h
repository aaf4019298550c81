/* Declarations shared by the files of fs/proc and nowhere else.
 *
 * procfs is a tree of tables: a directory is a struct proc_dir (a fixed table of
 * struct proc_entry, plus optionally dynamic children such as pids or fds), and every
 * inode points at the entry it was made from and at the process it belongs to.  Nothing
 * is stored: regular files are generated when read (struct proc_buf), links are
 * resolved when followed, directories are listed from the live objects. */
#ifndef FS_PROC_INTERNAL_H
#define FS_PROC_INTERNAL_H

#include <anvil/fs.h>
#include <anvil/sched.h>
#include <anvil/compiler.h>
#include <anvil/mman.h>
#include <anvil/printk.h>
#include <anvil/utsname.h>

struct proc_buf;
struct proc_dir;

/* One name in a procfs directory; the S_IFMT bits of @mode say which union member
 * applies. */
struct proc_entry {
	const char *name;
	umode_t mode;
	union {
		/* S_IFREG: write the contents of the file for @inode into @b; 0 or -errno
		 * (-ESRCH once the process is gone). */
		int (*show)(struct proc_buf *b, struct inode *inode);
		/* S_IFLNK: build the target somewhere in @buf (d_path builds at the end)
		 * and return a pointer to it, or an error pointer. */
		char *(*link)(struct inode *inode, char *buf, int buflen);
		/* S_IFDIR: the directory's contents. */
		const struct proc_dir *dir;
	};
	/* S_IFREG, optional: apply a write of @len bytes (a kernel copy of the caller's
	 * data, NUL-terminated; the whole new value whatever the file position); 0 or
	 * -errno.  NULL: writes fail with EIO (global files) or EINVAL (per-process
	 * files), as on Linux. */
	int (*write)(struct inode *inode, const char *buf, size_t len);
	size_t data;			/* for a ->show shared by several entries */
};

/* Dynamic directory entries (pids, threads, fds) listed after the fixed table. */
struct proc_dir_dynamic {
	/* Emit the entries at positions >= ctx->pos (each at @base + its number);
	 * stop when dir_emit refuses one.  0 or -errno. */
	int (*iterate)(struct file *dir, struct dir_context *ctx, loff_t base);
	/* The inode of entry @name (a decimal number), or an error pointer (-ENOENT). */
	struct inode *(*lookup)(struct inode *dir, unsigned long nr);
};

struct proc_dir {
	u8 id;					/* inode numbering of global tables */
	const struct proc_entry *entries;
	unsigned int nr_entries;
	const struct proc_dir_dynamic *dynamic;	/* NULL: only the table */
};

/* The procfs part of an inode (inode->i_private). */
struct proc_inode {
	const struct proc_entry *entry;	/* what this inode is */
	pid_t tgid;			/* process it belongs to; 0 for global entries */
	pid_t tid;			/* under task/TID: the thread; 0: the process */
	u64 start_time;			/* of that task: a recycled pid is another task */
	int fd;				/* fd/N: N */
};

static inline struct proc_inode *PROC_I(const struct inode *inode)
{
	return inode->i_private;
}

/* ---- generated contents (buffer.c) ------------------------------------------------- */

/* A growing text buffer; appends never fail: an overflow is noticed by the caller
 * (len > size) and the file is generated again into a bigger buffer. */
struct proc_buf {
	char *data;
	size_t size;			/* bytes allocated */
	size_t len;			/* bytes produced (may exceed size) */
};

__printf(2, 3) void pb_printf(struct proc_buf *b, const char *fmt, ...);
void pb_write(struct proc_buf *b, const void *p, size_t n);
void pb_puts(struct proc_buf *b, const char *s);
void pb_putc(struct proc_buf *b, char c);
/* Write @s with each character of @esc as a \ooo octal escape (Linux's mangle). */
void pb_escape(struct proc_buf *b, const char *s, const char *esc);
/* Append spaces until the buffer holds @col bytes. */
void pb_pad(struct proc_buf *b, size_t col);

extern const struct file_operations proc_reg_fops, proc_rw_fops;

/* ---- inodes, directories, links (inode.c) ------------------------------------------ */

/* An inode for @e under a directory described by @where (its tgid/tid/fd fields are
 * copied), owned by @owner's euid/egid (NULL: root).  ERR_PTR(-ENOMEM). */
struct inode *proc_make_inode(struct super_block *sb, const struct proc_entry *e,
			      const struct proc_inode *where, struct task_struct *owner,
			      ino_t ino);
/* Inode number of table entry @index of @dir for the object @where points at. */
ino_t proc_entry_ino(const struct proc_dir *dir, unsigned int index,
		     const struct proc_inode *where);
/* Inode number of something of process @tgid (thread @tid, 0 for the process): @slot 0
 * is its directory, 1.. the entries of that directory's table, fd links from 128. */
ino_t proc_pid_ino(pid_t tgid, pid_t tid, int slot);
/* Parse a canonical decimal name (no sign, no leading zero); -1 if it is not one. */
long proc_name_to_nr(const char *name, unsigned int len);
/* Forget the unused cached names below @dir whose object is gone (exited process,
 * closed fd), so they are looked up afresh. */
void proc_prune(struct dentry *dir);
/* Directory llseek (and regular files'): SEEK_SET and SEEK_CUR to any position >= 0. */
loff_t proc_llseek(struct file *f, loff_t off, int whence);

extern const struct inode_operations proc_dir_iops, proc_link_iops;
extern const struct file_operations proc_dir_fops;
extern const struct super_operations proc_super_ops;
extern const struct dentry_operations proc_dentry_operations;
extern const struct proc_entry proc_fd_link_entry;	/* fd/N (base.c) */

/* ---- processes (task.c) ----------------------------------------------------------- */

/* The task @inode belongs to, with a reference (put_task_struct), or NULL once it has
 * been reaped (or its pid reused). */
struct task_struct *proc_get_task(struct inode *inode);
/* @t's address space / fd table / fs context with a reference (mmput, put_files,
 * put_fs_struct), or NULL (kernel thread, exiting, zombie). */
struct mm_struct *proc_task_mm(struct task_struct *t);
struct files_struct *proc_task_files(struct task_struct *t);
struct fs_struct *proc_task_fs(struct task_struct *t);
/* May current inspect @t's memory, files and environment (ptrace read access:
 * same ids, or root)? */
bool proc_may_access(struct task_struct *t);
/* The address space of @inode's process with a reference (mmput), NULL if it has none
 * (kernel thread, exiting, zombie), ERR_PTR(-ESRCH) once reaped, or ERR_PTR(-EACCES)
 * when @check_access and current may not inspect it. */
struct mm_struct *proc_inode_mm(struct inode *inode, bool check_access);
/* The task a file of a process directory describes, or -ESRCH; put_task_struct. */
struct task_struct *proc_task_or_esrch(struct inode *inode);
/* Linux's one-letter state of @t (R S D T Z X). */
char proc_task_state(struct task_struct *t);
/* Copy @len bytes at user address @addr of @mm into @buf, stopping at the first page
 * that is not mapped.  Bytes copied.  Takes mm->mmap_lock. */
size_t proc_access_vm(struct mm_struct *mm, unsigned long addr, void *buf, size_t len);
/* Is the object behind @inode gone (process reaped or pid reused, fd closed)?  Takes
 * tasklist_lock (callers may hold dcache_lock). */
bool proc_inode_stale(struct inode *inode);
/* Reference to the file at @fd of @files, or NULL. */
struct file *proc_fget(struct files_struct *files, unsigned int fd);
/* Lowest open fd >= @from in @files, or -1. */
int proc_next_fd(struct files_struct *files, unsigned int from);
/* Up to @max ids >= @from, in increasing order: the thread-group leaders' pids
 * (@tgid 0) or the thread ids of process @tgid.  Returns how many. */
int proc_collect_ids(pid_t from, pid_t tgid, pid_t *out, int max);
struct proc_task_counts {
	unsigned int total;		/* tasks (threads), zombies included */
	unsigned int running;		/* TASK_RUNNING */
	unsigned int uninterruptible;	/* TASK_UNINTERRUPTIBLE sleepers */
};
void proc_count_tasks(struct proc_task_counts *c);

/* The directory inode of task @id: /proc/@id (@tgid 0; a process, or a thread looked
 * up by its id) or /proc/@tgid/task/@id.  ERR_PTR(-ENOENT) if there is no such task.
 * (root.c) */
struct inode *proc_pid_dir_inode(struct super_block *sb, pid_t id, pid_t tgid);
/* readdir helper: emit the pid directories (@tgid 0) or the thread directories of
 * @tgid from ctx->pos on, entry N at position @base + N. */
int proc_emit_ids(struct dir_context *ctx, loff_t base, pid_t tgid);

/* ---- address-space statistics (task_mmu.c) ----------------------------------------- */

struct proc_mm_stats {
	unsigned long total_vm;		/* pages mapped */
	unsigned long data_vm;		/* private writable, not stack */
	unsigned long stack_vm;
	unsigned long exec_vm;		/* executable, not writable, not stack */
	unsigned long rss;		/* resident pages */
	unsigned long rss_anon, rss_file, rss_shmem;	/* only with @pages */
	unsigned long pgtables;		/* translation tables (pages), only with @pages */
};
/* Fill @st for @mm; with @pages the page tables are walked for the resident split. */
void proc_mm_stats(struct mm_struct *mm, struct proc_mm_stats *st, bool pages);

/* ---- the files ---------------------------------------------------------------------- */

extern const struct proc_dir proc_root_dir, proc_tgid_dir, proc_tid_dir, proc_sys_dir;

int proc_pid_stat(struct proc_buf *b, struct inode *inode);	/* array.c */
int proc_pid_status(struct proc_buf *b, struct inode *inode);
int proc_pid_statm(struct proc_buf *b, struct inode *inode);
int proc_pid_maps(struct proc_buf *b, struct inode *inode);	/* task_mmu.c */
int proc_mounts_show(struct proc_buf *b, struct inode *inode);	/* mounts.c */
int proc_filesystems_show(struct proc_buf *b, struct inode *inode);
int proc_meminfo_show(struct proc_buf *b, struct inode *inode);	/* meminfo.c */
int proc_cpuinfo_show(struct proc_buf *b, struct inode *inode);	/* cpuinfo.c */
int proc_stat_show(struct proc_buf *b, struct inode *inode);	/* stat.c */
int proc_uptime_show(struct proc_buf *b, struct inode *inode);
int proc_loadavg_show(struct proc_buf *b, struct inode *inode);
void proc_loadavg_init(void);
int proc_version_show(struct proc_buf *b, struct inode *inode);	/* kernel.c */
int proc_cmdline_show(struct proc_buf *b, struct inode *inode);
int proc_partitions_show(struct proc_buf *b, struct inode *inode);

/* Processors this kernel runs on: the boot CPU only until SMP bring-up exists. */
#define PROC_NR_CPUS	1

#endif
