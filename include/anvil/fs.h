/* The VFS's shared objects: files, their operations, and the hooks the rest of the
 * kernel uses (exec, mmap, fork/exit, tty, init).  Owned by fs/; the structures below
 * the line "VFS internals" may grow, those above it are a contract with tty/, mm/,
 * kernel/ and drivers/. */
#ifndef ANVIL_FS_H
#define ANVIL_FS_H

#include <anvil/types.h>
#include <anvil/atomic.h>
#include <anvil/spinlock.h>
#include <anvil/wait.h>
#include <anvil/mutex.h>
#include <linux/fcntl.h>
#include <linux/stat.h>
#include <asm/poll.h>

struct file;
struct inode;
struct dentry;
struct page;
struct poll_table;
struct vm_area_struct;
struct dir_context;
struct vfsmount;

/* Called by a file's ->poll for each wait queue it could become ready on. */
typedef void (*poll_queue_proc)(struct file *file, struct wait_queue_head *wq, struct poll_table *pt);
struct poll_table {
	poll_queue_proc qproc;		/* NULL: the caller only wants the current mask */
	void *priv;
};
static inline void poll_wait(struct file *f, struct wait_queue_head *wq, struct poll_table *pt)
{
	if (pt && pt->qproc)
		pt->qproc(f, wq, pt);
}

struct file_operations {
	/* Each returns bytes done or -errno, and advances *pos for seekable files. */
	ssize_t (*read)(struct file *f, char __user *buf, size_t n, loff_t *pos);
	ssize_t (*write)(struct file *f, const char __user *buf, size_t n, loff_t *pos);
	loff_t (*llseek)(struct file *f, loff_t off, int whence);
	/* Return POLLIN/POLLOUT/... now ready, registering on wait queues via poll_wait. */
	unsigned int (*poll)(struct file *f, struct poll_table *pt);
	/* -ENOTTY (or -ENOIOCTLCMD) for commands the file does not know. */
	long (*ioctl)(struct file *f, unsigned int cmd, unsigned long arg);
	int (*open)(struct inode *inode, struct file *f);
	/* Last reference to the file dropped. */
	int (*release)(struct inode *inode, struct file *f);
	/* Fill directory entries (getdents64); see fs/readdir.c. */
	int (*iterate)(struct file *f, struct dir_context *ctx);
	/* Page-cache page @index of the file with an extra reference, for mmap faults.
	 * -EFAULT if @index is beyond EOF (SIGBUS), -ENOMEM. */
	int (*fault_page)(struct file *f, pgoff_t index, struct page **pagep);
	/* Vet a new mapping (NULL: file cannot be mmapped -> -ENODEV). */
	int (*mmap)(struct file *f, struct vm_area_struct *vma);
	int (*fsync)(struct file *f);
	/* Optional: as read/write with @buf in kernel memory (kernel_read, sendfile, the
	 * initramfs).  NULL: kernel_read gives -EINVAL, sendfile to or from it -EINVAL. */
	ssize_t (*read_kernel)(struct file *f, void *buf, size_t n, loff_t *pos);
	ssize_t (*write_kernel)(struct file *f, const void *buf, size_t n, loff_t *pos);
};

struct file {
	atomic_t f_count;
	unsigned int f_flags;		/* O_* as given to open (O_ACCMODE, O_NONBLOCK, O_APPEND...) */
	unsigned int f_mode;		/* FMODE_READ | FMODE_WRITE ... */
	struct mutex f_pos_lock;	/* serialises f_pos updates */
	loff_t f_pos;
	const struct file_operations *f_op;
	struct dentry *f_dentry;
	struct vfsmount *f_vfsmnt;
	struct inode *f_inode;
	void *private_data;		/* driver's (tty, pipe) */
};
#define FMODE_READ	0x1
#define FMODE_WRITE	0x2
#define FMODE_EXEC	0x20
#define FMODE_PATH	0x4000		/* O_PATH */

static inline struct file *get_file(struct file *f) { atomic_inc(&f->f_count); return f; }
/* Drop a reference; the last one releases the file. */
void fput(struct file *f);
/* Reference to the file at @fd in current's table, or NULL. */
struct file *fget(int fd);
/* Put @f into current's fd table at the lowest free slot; returns the fd or -EMFILE. */
int fd_install_new(struct file *f, unsigned int o_flags);

/* Character devices: open of a device node dispatches on its dev_t. */
int register_chrdev(unsigned int major, unsigned int minor_first, unsigned int count,
		    const char *name, const struct file_operations *fops);
/* Create /dev/@name (mode includes S_IFCHR/S_IFBLK) in devtmpfs; -EEXIST if present. */
int devtmpfs_create_node(const char *name, umode_t mode, dev_t dev);

/* For exec: open @path (kernel string, relative to @dfd) for execution.
 * -ENOENT, -EACCES (no x permission or not a regular file), -ENOEXEC... as ERR_PTR. */
struct file *open_exec(int dfd, const char *path, int lookup_flags);
/* Read from a file into kernel memory at *pos (advanced).  Bytes read or -errno. */
ssize_t kernel_read(struct file *f, void *buf, size_t n, loff_t *pos);
/* Kernel-side open (used to give init /dev/console).  ERR_PTR on failure. */
struct file *filp_open(const char *path, int flags, umode_t mode);
/* Absolute path of @f into @buf (for /proc/self/exe-like uses); returns a pointer into
 * buf or ERR_PTR(-ENAMETOOLONG). */
char *file_path(struct file *f, char *buf, int buflen);

/* fd tables and fs state for fork/exec/exit (fs/file.c, fs/fs_struct.c). */
struct files_struct *files_alloc_init(void);	/* empty table for the first task */
struct files_struct *dup_files(struct files_struct *old, int *err);
void get_files(struct files_struct *files);
void put_files(struct files_struct *files);	/* last ref closes every file */
void do_close_on_exec(struct files_struct *files);
struct fs_struct *fs_struct_alloc_init(void);	/* root "/" and cwd "/" of the rootfs */
struct fs_struct *copy_fs_struct(struct fs_struct *old);
void get_fs_struct(struct fs_struct *fs);
void put_fs_struct(struct fs_struct *fs);

/* An unlinked tmpfs file of @size bytes (zero-filled on demand), opened read-write:
 * the memory object behind MAP_SHARED|MAP_ANONYMOUS.  ERR_PTR(-ENOMEM/-ENOSPC). */
struct file *shmem_file_setup(const char *name, loff_t size);

/* Boot: mount the tmpfs root, unpack the initramfs (cpio newc, plain or gzip; several
 * archives may be concatenated), set up devtmpfs. */
void vfs_init(void);
int unpack_initramfs(const void *data, size_t len);

/* ------------------------------------------------------------ VFS internals */
#include <anvil/vfs.h>

#endif
