/* VFS internals: the objects behind a struct file and the operation tables a file
 * system implements (Linux's names and split).  Included by <anvil/fs.h>; code outside
 * fs/ should only need the few helpers marked "for other subsystems".
 *
 *   super_block   one mounted file system instance (super_operations)
 *   inode         a file's metadata (inode_operations, and i_fop for opened files)
 *   dentry        a name in a directory, cached (fs/dcache.c); negative = no such name
 *   vfsmount      where a super_block's tree is attached in the mount tree
 *   path          (vfsmount, dentry): one place in the name space
 *
 * Locks, outermost first:
 *   rename_mutex (cross-directory rename) > inode->i_mutex of parents > of children
 *   fs_struct->lock > mount_lock > dcache_lock > inode->i_lock
 * Spinlocks are never held across anything that may sleep (user copies, i_mutex). */
#ifndef ANVIL_VFS_H
#define ANVIL_VFS_H

#include <anvil/types.h>
#include <anvil/list.h>
#include <anvil/atomic.h>
#include <anvil/spinlock.h>
#include <anvil/mutex.h>
#include <anvil/wait.h>
#include <linux/limits.h>

struct file;
struct file_operations;
struct dir_context;
struct super_block;
struct file_system_type;
struct pipe_inode_info;
struct kstat;
struct kstatfs;
struct iattr;

/* ---- names ------------------------------------------------------------------------ */

struct qstr {
	const char *name;		/* not NUL-terminated in general */
	unsigned int len;
	unsigned int hash;		/* path_name_hash(name, len) */
};

#define DNAME_INLINE_LEN	40

/* d_flags */
#define DCACHE_HASHED		0x1	/* findable by d_lookup; on the parent's d_subdirs */
#define DCACHE_PINNED		0x2	/* the fs holds a reference for as long as the name
					 * exists (dcache-backed directories: tmpfs) */
#define DCACHE_PSEUDO		0x4	/* nameless object (pipe, socket): d_path gives
					 * d_name as is, e.g. "pipe:[1234]" */

/* What a file system may say about its cached names (sb->s_d_op, copied to each new
 * dentry). */
struct dentry_operations {
	/* A cached dentry was found by a lookup: 1 if it is still valid, 0 to forget it
	 * (unhash it, as if removed) and look the name up again.  May sleep. */
	int (*d_revalidate)(struct dentry *dentry);
};

/* All fields except d_fsdata are protected by dcache_lock; d_mounted by mount_lock. */
struct dentry {
	int d_count;			/* references */
	unsigned int d_flags;		/* DCACHE_* */
	struct inode *d_inode;		/* NULL: negative (no such file) */
	struct dentry *d_parent;	/* itself at a file system's root */
	struct qstr d_name;
	struct list_head d_hash;	/* hash chain (while DCACHE_HASHED) */
	struct list_head d_child;	/* parent's d_subdirs (while DCACHE_HASHED) */
	struct list_head d_subdirs;	/* hashed children, in d_dir_pos order */
	struct super_block *d_sb;
	const struct dentry_operations *d_op;
	u64 d_dir_pos;			/* readdir position in a dcache-backed parent */
	int d_mounted;			/* mounts whose mountpoint this is */
	void *d_fsdata;
	char d_iname[DNAME_INLINE_LEN];	/* short names live here */
};

/* ---- inodes ----------------------------------------------------------------------- */

/* i_flags */
#define S_DEAD			0x1	/* directory removed: no new entries */

/* Permission request bits for inode_permission() (Linux's MAY_*). */
#define MAY_EXEC		0x1
#define MAY_WRITE		0x2
#define MAY_READ		0x4
#define MAY_APPEND		0x8
#define MAY_ACCESS		0x10	/* access()/faccessat(): real ids */
#define MAY_OPEN		0x20

/* Attributes are written under i_mutex (and nlink additionally under the parent's);
 * readers such as stat() read them unlocked. */
struct inode {
	umode_t i_mode;
	uid_t i_uid;
	gid_t i_gid;
	unsigned int i_nlink;
	dev_t i_rdev;			/* device nodes */
	loff_t i_size;
	s64 i_atime, i_mtime, i_ctime;	/* ns since the epoch (range 1678..2262) */
	u64 i_blocks;			/* 512-byte units allocated */
	ino_t i_ino;
	unsigned int i_flags;		/* S_* */
	atomic_t i_count;		/* references (dentries, kernel users) */
	spinlock_t i_lock;		/* protects i_pipe creation and i_flock */
	struct mutex i_mutex;		/* serialises directory changes, writes, truncate */
	struct super_block *i_sb;
	const struct inode_operations *i_op;
	const struct file_operations *i_fop;	/* installed into files opened on it */
	struct list_head i_sb_list;	/* sb->s_inodes */
	struct pipe_inode_info *i_pipe;	/* FIFO: the pipe while open */
	struct list_head i_flock;	/* POSIX record locks (fs/locks.c) */
	struct wait_queue_head i_flock_wait;	/* F_SETLKW sleepers */
	u64 i_dir_seq;			/* dcache-backed directory: next d_dir_pos */
	void *i_private;		/* the file system's */
};

/* iattr.ia_valid: which fields of a setattr request are set. */
#define ATTR_MODE		0x1
#define ATTR_UID		0x2
#define ATTR_GID		0x4
#define ATTR_SIZE		0x8
#define ATTR_ATIME		0x10
#define ATTR_MTIME		0x20
#define ATTR_CTIME		0x40
#define ATTR_KILL_SUID		0x800	/* also clear S_ISUID */
#define ATTR_KILL_SGID		0x1000	/* also clear S_ISGID if group-executable */

struct iattr {
	unsigned int ia_valid;
	umode_t ia_mode;
	uid_t ia_uid;
	gid_t ia_gid;
	loff_t ia_size;
	s64 ia_atime, ia_mtime, ia_ctime;	/* ns */
};

struct kstat {
	u32 result_mask;		/* STATX_* filled */
	umode_t mode;
	unsigned int nlink;
	uid_t uid;
	gid_t gid;
	ino_t ino;
	dev_t dev, rdev;
	loff_t size;
	u64 blocks;
	u32 blksize;
	u64 attributes;
	s64 atime, mtime, ctime;	/* ns */
};

struct kstatfs {
	long f_type;
	long f_bsize;
	u64 f_blocks, f_bfree, f_bavail;
	u64 f_files, f_ffree;
	long f_namelen;
	long f_frsize;
	long f_flags;			/* ST_* (set by the VFS from the mount) */
};

/* Directory changes are called with the parent's i_mutex held (and the victim's, for
 * unlink/rmdir/rename targets); the VFS has done permission and type checks. */
struct inode_operations {
	/* Find @dentry's name in @dir: d_add() it (positive, or negative with NULL) and
	 * return NULL, or return an error pointer. */
	struct dentry *(*lookup)(struct inode *dir, struct dentry *dentry);
	int (*create)(struct inode *dir, struct dentry *dentry, umode_t mode);
	int (*link)(struct dentry *old, struct inode *dir, struct dentry *dentry);
	int (*unlink)(struct inode *dir, struct dentry *dentry);
	int (*symlink)(struct inode *dir, struct dentry *dentry, const char *target);
	int (*mkdir)(struct inode *dir, struct dentry *dentry, umode_t mode);
	int (*rmdir)(struct inode *dir, struct dentry *dentry);	/* -ENOTEMPTY */
	int (*mknod)(struct inode *dir, struct dentry *dentry, umode_t mode, dev_t dev);
	/* RENAME_NOREPLACE/RENAME_EXCHANGE already checked; the VFS moves the dentries. */
	int (*rename)(struct inode *old_dir, struct dentry *old, struct inode *new_dir,
		      struct dentry *new, unsigned int flags);
	/* The symlink's target as a new kmalloc'd string, or an error pointer. */
	char *(*get_link)(struct dentry *dentry);
	/* Apply a checked attribute change (sizes included). */
	int (*setattr)(struct dentry *dentry, struct iattr *attr);
};

/* ---- file systems and mounts ------------------------------------------------------ */

/* s_flags (the MS_* values of mount(2)) */
#define SB_RDONLY		1

struct super_operations {
	/* Last reference to an inode whose i_nlink is 0: free its data. */
	void (*evict_inode)(struct inode *inode);
	/* Free the inode's memory (NULL: kfree). */
	void (*destroy_inode)(struct inode *inode);
	int (*statfs)(struct dentry *dentry, struct kstatfs *buf);
	/* Apply mount(MS_REMOUNT) options; @flags are the new s_flags. */
	int (*remount_fs)(struct super_block *sb, unsigned long flags, char *data);
	int (*sync_fs)(struct super_block *sb);
	/* Release s_fs_info when the file system goes away. */
	void (*put_super)(struct super_block *sb);
};

struct super_block {
	struct list_head s_list;	/* all super blocks (sb_lock) */
	dev_t s_dev;			/* st_dev of its files */
	unsigned long s_magic;		/* statfs f_type */
	unsigned long s_flags;		/* SB_* */
	unsigned long s_blocksize;
	loff_t s_maxbytes;		/* largest file */
	struct file_system_type *s_type;
	const struct super_operations *s_op;
	struct dentry *s_root;
	int s_active;			/* mounts (and kernel users) keeping it alive (sb_lock) */
	spinlock_t s_inode_lock;	/* protects s_inodes and s_last_ino */
	struct list_head s_inodes;
	u64 s_last_ino;
	const struct dentry_operations *s_d_op;	/* for the dentries of this file system */
	void *s_fs_info;
};

struct file_system_type {
	const char *name;
	/* Make (or find) a super block for mount(2); return its root with a reference
	 * (and an s_active reference on the super block), or an error pointer. */
	struct dentry *(*mount)(struct file_system_type *type, unsigned long flags,
				const char *dev_name, char *data);
	/* s_active dropped to 0: tear the super block down. */
	void (*kill_sb)(struct super_block *sb);
	struct file_system_type *next;
};

/* mnt_flags */
#define MNT_NOSUID		0x01
#define MNT_NODEV		0x02
#define MNT_NOEXEC		0x04
#define MNT_NOATIME		0x08
#define MNT_NODIRATIME		0x10
#define MNT_RELATIME		0x20
#define MNT_READONLY		0x40

/* Tree fields are protected by mount_lock and changed under namespace_mutex. */
struct vfsmount {
	struct dentry *mnt_root;	/* root of the mounted tree */
	struct super_block *mnt_sb;
	int mnt_flags;			/* MNT_* */
	struct vfsmount *mnt_parent;	/* itself for the root mount or a detached one */
	struct dentry *mnt_mountpoint;	/* in mnt_parent */
	struct list_head mnt_hash;	/* mount hash, keyed by (parent, mountpoint) */
	struct list_head mnt_child;	/* parent's mnt_mounts */
	struct list_head mnt_mounts;	/* mounts on top of this one */
	struct list_head mnt_list;	/* all attached mounts, in mount order (/proc/mounts) */
	atomic_t mnt_count;		/* paths referring into it, plus one while attached */
	char *mnt_devname;		/* mount(2)'s source */
	int mnt_id;
};

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
};

/* ---- per-process state ------------------------------------------------------------- */

struct fs_struct {
	atomic_t users;
	spinlock_t lock;		/* protects root and pwd */
	int umask;
	struct path root, pwd;
};

#define NR_OPEN_DEFAULT		64
#define NR_OPEN_MAX		(1024 * 1024)	/* fd table size limit (Linux's nr_open) */

struct fdtable {
	unsigned int max_fds;
	struct file **fd;		/* max_fds slots; NULL when free or reserved */
	unsigned long *open_fds;	/* bitmap: slot allocated (installed or reserved) */
	unsigned long *close_on_exec;	/* bitmap of max_fds bits */
};

struct files_struct {
	atomic_t count;
	spinlock_t file_lock;		/* protects fdt and next_fd */
	unsigned int next_fd;		/* no free slot below this */
	struct fdtable fdt;
	struct file *fd_array[NR_OPEN_DEFAULT];
	unsigned long open_fds_init[NR_OPEN_DEFAULT / (8 * sizeof(long))];
	unsigned long cloexec_init[NR_OPEN_DEFAULT / (8 * sizeof(long))];
};

/* ---- directory reading --------------------------------------------------------------- */

/* Called by ->iterate for each entry; @next_pos is where reading resumes after it.
 * Returns false when the caller's buffer is full (the entry was not taken). */
typedef bool (*filldir_t)(struct dir_context *ctx, const char *name, int namelen,
			  loff_t next_pos, u64 ino, unsigned int d_type);
struct dir_context {
	filldir_t actor;
	loff_t pos;			/* position of the next entry to emit */
};
static inline bool dir_emit(struct dir_context *ctx, const char *name, int namelen, u64 ino,
			    unsigned int d_type, loff_t next_pos)
{
	return ctx->actor(ctx, name, namelen, next_pos, ino, d_type);
}
/* d_type values of getdents64 (getdents(2); the file type bits of the mode >> 12) */
#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10
#define DT_SOCK		12
/* DT_* of a mode, for d_type. */
static inline unsigned int fs_umode_to_dtype(umode_t mode) { return (mode >> 12) & 15; }

/* ---- helpers for file systems ------------------------------------------------------ */

extern spinlock_t dcache_lock;

/* dcache (fs/dcache.c) */
struct dentry *dget(struct dentry *d);
void dput(struct dentry *d);
struct dentry *d_alloc(struct dentry *parent, const struct qstr *name);
/* Root dentry of @sb for @root, taking over its reference: on failure (or a NULL/ERR
 * @root) returns NULL and the inode has been put. */
struct dentry *d_make_root(struct super_block *sb, struct inode *root);
/* Unhashed stand-alone dentry named @name for @inode (whose reference it takes over
 * on success). */
struct dentry *d_alloc_pseudo(struct super_block *sb, const char *name, struct inode *inode);
void d_add(struct dentry *d, struct inode *inode);	/* hash it; consumes @inode's ref */
void d_instantiate(struct dentry *d, struct inode *inode);	/* negative -> positive */
struct dentry *d_lookup(struct dentry *parent, const struct qstr *name);
void d_drop(struct dentry *d);			/* unhash: the name is gone */
void d_pin(struct dentry *d);			/* take the DCACHE_PINNED reference */
void d_unpin(struct dentry *d);
static inline bool d_unhashed(const struct dentry *d) { return !(d->d_flags & DCACHE_HASHED); }
static inline bool d_is_dir(const struct dentry *d)
{
	return d->d_inode && ((d->d_inode->i_mode & 0170000) == 0040000);
}
/* Directory @dir (dcache-backed) has no positive children. */
bool simple_empty(struct dentry *dir);

/* inodes (fs/inode.c) */
struct inode *new_inode(struct super_block *sb);
void ihold(struct inode *inode);
void iput(struct inode *inode);
s64 current_time(void);				/* ns, for timestamps */
void init_special_inode(struct inode *inode, umode_t mode, dev_t rdev);
void inode_init_owner(struct inode *inode, const struct inode *dir, umode_t mode);
static inline void inode_lock(struct inode *i) { mutex_lock(&i->i_mutex); }
static inline void inode_unlock(struct inode *i) { mutex_unlock(&i->i_mutex); }
/* Copy the fields of a checked setattr request into the inode (no size change). */
void setattr_copy(struct inode *inode, const struct iattr *attr);
void generic_fillattr(struct inode *inode, struct kstat *stat);
void inc_nlink(struct inode *inode);
void drop_nlink(struct inode *inode);

/* super blocks and file system types (fs/super.c) */
int register_filesystem(struct file_system_type *fs);
/* Call @fn for each registered file system type, under the lock protecting the list
 * (@fn must not sleep). */
void iterate_filesystems(void (*fn)(struct file_system_type *fs, void *arg), void *arg);
struct super_block *alloc_super(struct file_system_type *type, const struct super_operations *ops);
void deactivate_super(struct super_block *sb);
void get_super_active(struct super_block *sb);

/* mounts (fs/namespace.c) */
struct vfsmount *mntget(struct vfsmount *mnt);
void mntput(struct vfsmount *mnt);
/* An internal, unattached mount of @type (devtmpfs), like Linux's kern_mount. */
struct vfsmount *kern_mount(struct file_system_type *type, char *data);
void path_get(const struct path *p);
void path_put(const struct path *p);
static inline bool path_equal(const struct path *a, const struct path *b)
{
	return a->mnt == b->mnt && a->dentry == b->dentry;
}

/* lookup (fs/namei.c) -- also for other subsystems (procfs, exec) */
#define LOOKUP_FOLLOW		0x0001	/* follow a trailing symlink */
#define LOOKUP_DIRECTORY	0x0002	/* the result must be a directory */
#define LOOKUP_EMPTY		0x4000	/* accept "" (AT_EMPTY_PATH): the start itself */
#define LOOKUP_NOPERM		0x8000	/* kernel-internal: skip permission checks */
/* Resolve kernel string @name relative to @dfd (AT_FDCWD or an fd).  0 or -errno. */
int kern_path_at(int dfd, const char *name, unsigned int flags, struct path *out);
/* Resolve a user string; as kern_path_at. */
int user_path_at(int dfd, const char __user *name, unsigned int flags, struct path *out);
/* DAC check of @mask (MAY_*) against current's fs ids; -EACCES or -EROFS. */
int inode_permission(struct inode *inode, int mask);
/* -EROFS if @mnt or its super block is read-only. */
int mnt_want_write(struct vfsmount *mnt);

/* files (fs/file_table.c, fs/open.c) */
struct file *alloc_file(const struct path *path, unsigned int flags,
			const struct file_operations *fop);
/* Open the file at @path (reference taken) with open(2) @flags; runs ->open. */
struct file *dentry_open(const struct path *path, unsigned int flags);
/* A file for an object with no name in any directory (pipes, sockets): @inode's
 * reference is consumed (also on failure), @name is what d_path (/proc/self/fd) shows. */
struct file *alloc_pseudo_file(struct vfsmount *mnt, struct inode *inode, const char *name,
			       unsigned int flags, const struct file_operations *fop,
			       void *private_data);
/* An internal mount of a new in-memory super block for pseudo files (pipefs, sockfs);
 * @type needs only its name.  ERR_PTR on failure. */
struct vfsmount *kern_mount_pseudo(struct file_system_type *type, unsigned long magic);
/* Reference to the file at @fd even if it was opened with O_PATH, or NULL. */
struct file *fget_raw(int fd);
/* Common llseek for files with a size (SEEK_SET/CUR/END/DATA/HOLE). */
loff_t generic_file_llseek(struct file *f, loff_t off, int whence);
/* Update atime after a read (relatime rules) unless the mount or file says not to. */
void file_accessed(struct file *f);
/* Write to a file from kernel memory (->write_kernel).  Bytes or -errno. */
ssize_t kernel_write(struct file *f, const void *buf, size_t n, loff_t *pos);

/* Path of a (mnt, dentry) relative to current's root, built at the end of @buf.
 * Returns a pointer into @buf or an error pointer (-ENAMETOOLONG). */
char *d_path(const struct path *path, char *buf, int buflen);

/* Buffer of a read/write: user memory (syscalls) or kernel memory (kernel_read,
 * sendfile, the initramfs), so one implementation serves ->read and ->read_kernel. */
struct iobuf {
	union {
		char __user *ubuf;
		char *kbuf;
	};
	bool kernel;
};
/* Copy @n bytes at offset @off of the buffer; 0 or -EFAULT. */
long iobuf_copy_to(struct iobuf *b, size_t off, const void *src, size_t n);
long iobuf_copy_from(void *dst, const struct iobuf *b, size_t off, size_t n);
long iobuf_clear(struct iobuf *b, size_t off, size_t n);
static inline struct iobuf iobuf_user(void __user *p) { struct iobuf b = { .ubuf = p, .kernel = false }; return b; }
static inline struct iobuf iobuf_kernel(void *p) { struct iobuf b = { .kbuf = p, .kernel = true }; return b; }

/* Character devices (fs/char_dev.c): file operations for @dev, or NULL. */
const struct file_operations *chrdev_fops(dev_t dev);

/* Tmpfs instances (fs/tmpfs.c): a fresh tmpfs super block's root, as ->mount does. */
struct dentry *tmpfs_mount_sb(struct file_system_type *type, unsigned long flags,
			      const char *dev_name, char *data);

#endif
