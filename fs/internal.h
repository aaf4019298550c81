/* Declarations shared between the files of fs/ and nowhere else. */
#ifndef FS_INTERNAL_H
#define FS_INTERNAL_H

#include <anvil/fs.h>

#define MAXSYMLINKS	40		/* symlink follows per lookup (ELOOP beyond) */
#define MAX_RW_COUNT	(0x7fffffffL & PAGE_MASK)	/* largest single read/write */

/* statfs f_flags (statfs(2); not in the UAPI headers) */
#define ST_RDONLY	0x0001
#define ST_NOSUID	0x0002
#define ST_NODEV	0x0004
#define ST_NOEXEC	0x0008
#define ST_VALID	0x0020
#define ST_NOATIME	0x0400
#define ST_NODIRATIME	0x0800
#define ST_RELATIME	0x1000

#define S_IRWXUGO	(S_IRWXU | S_IRWXG | S_IRWXO)
#define S_IALLUGO	(S_ISUID | S_ISGID | S_ISVTX | S_IRWXUGO)

#define IS_ROOT(d)	((d)->d_parent == (d))
/* Removed from its directory but still referenced (deleted cwd or open file). */
static inline bool d_unlinked(const struct dentry *d) { return d_unhashed(d) && !IS_ROOT(d); }

/* dcache.c */
void dcache_init(void);
struct dentry *dget_parent(struct dentry *d);
/* @d takes @target's name and place; @target is unhashed.  Rename locks held. */
void d_move(struct dentry *d, struct dentry *target);
void d_exchange(struct dentry *a, struct dentry *b);
/* The child of @p1 on the way from @p2 up to @p1, or NULL if @p1 is not above @p2. */
struct dentry *d_ancestor(struct dentry *p1, struct dentry *p2);
bool is_subdir(struct dentry *d, struct dentry *ancestor);
/* Make @d positive with readdir position @pos, moving it to the end of its parent's
 * child list (which is kept in position order). */
void d_instantiate_at(struct dentry *d, struct inode *inode, u64 pos);
/* First positive child of @parent after @prev (or from the start) whose position is
 * >= @pos; no reference is taken: the caller holds the parent's i_mutex, so positive
 * children cannot go away. */
struct dentry *d_next_positive(struct dentry *parent, struct dentry *prev, u64 pos);
/* Free every dentry below @root (which stays) at unmount. */
void shrink_dcache_for_umount(struct dentry *root);

/* super.c */
struct file_system_type *get_fs_type(const char *name);
void iterate_supers(void (*fn)(struct super_block *sb, void *arg), void *arg);
void kill_litter_super(struct super_block *sb);

/* namespace.c */
extern spinlock_t mount_lock;
void mnt_init(void);
void get_init_root(struct path *root);
/* An unattached mount of @root's super block; the root reference is consumed (the
 * super block's s_active reference too, on success). */
struct vfsmount *vfs_create_mount(struct dentry *root, const char *devname);
/* Move @path to the root of the topmost mount on it, if any. */
void follow_down(struct path *path);
/* Move @path from a mount's root to its mountpoint; false at the top of the tree. */
bool follow_up(struct path *path);
long mnt_statfs_flags(const struct vfsmount *mnt);
int iterate_mounts(int (*fn)(struct vfsmount *mnt, void *arg), void *arg);

/* namei.c */
struct nameidata {
	struct path path;		/* where the walk is (a directory until the end) */
	struct path root;		/* "/" and the limit of ".." */
	struct qstr last;		/* final component, not yet looked up */
	int last_type;			/* LAST_* */
	unsigned int flags;		/* LOOKUP_* */
	bool trailing_slash;		/* the final component had a '/' after it */
	int total_links;		/* symlinks followed so far */
	int depth;			/* saved remainders on stack[] */
	struct {
		const char *rest;	/* what was left of a string when a link was entered */
		char *body;		/* the allocation holding it (NULL: the caller's) */
	} stack[MAXSYMLINKS];
	char *cur_body;			/* allocation holding the string being walked */
};
char *getname(const char __user *name);	/* kmalloc'd copy, or ERR_PTR */
void qstr_init(struct qstr *q, const char *name, unsigned int len);
int path_init(struct nameidata *nd, int dfd, const struct path *base, const char *name,
	      unsigned int flags);
/* Walk @s up to (not including) its final component.  @owner: allocation holding @s
 * (a symlink body), freed by the walk; NULL for the caller's string. */
int link_path_walk(struct nameidata *nd, const char *s, char *owner);
/* Resolve nd->last into nd->path: 0, 1 with *@body a symlink target to walk, -errno. */
int walk_last(struct nameidata *nd, char **body);
void nd_release(struct nameidata *nd);
/* Move to @child (reference consumed); if it is a symlink and @follow, return 1 with
 * its target in *@body instead. */
int nd_step_into(struct nameidata *nd, struct path *child, bool follow, char **body);
/* Walk to the parent of @name's final component (nd->last).  nd_release() after. */
int filename_parentat(int dfd, const struct path *base, const char *name, unsigned int flags,
		      struct nameidata *nd);
int vfs_path_lookup(const struct path *base, const char *name, unsigned int flags,
		    struct path *out);
/* Look up @name in @parent (whose i_mutex the caller holds): positive or negative
 * dentry with a reference, or ERR_PTR. */
struct dentry *lookup_one_locked(struct dentry *parent, const struct qstr *name);
/* For creating @name: returns its negative dentry with the parent's i_mutex held, or
 * ERR_PTR (-EEXIST, -ENOENT, -EROFS...).  Undo with done_path_create(). */
struct dentry *filename_create(int dfd, const struct path *base, const char *name,
			       unsigned int flags, struct nameidata *nd);
void done_path_create(struct nameidata *nd, struct dentry *d);
int may_create(struct inode *dir, unsigned int flags);
int may_delete(struct inode *dir, struct dentry *victim, bool isdir, unsigned int flags);

/* fs_struct.c */
void current_root(struct path *root);
void current_pwd(struct path *pwd);
int current_umask(void);
/* Point current's root or cwd (@which is &current->fs->root or ->pwd) at @path. */
void set_fs_path(struct path *which, const struct path *path);

/* dirops.c: kernel-side directory operations (dfd/base as for filename_create). */
int vfs_mknodat(int dfd, const struct path *base, const char *name, umode_t mode, dev_t dev,
		unsigned int flags);
int vfs_mkdirat(int dfd, const struct path *base, const char *name, umode_t mode,
		unsigned int flags);
int vfs_symlinkat(const char *target, int dfd, const struct path *base, const char *name,
		  unsigned int flags);
int vfs_linkat(int olddfd, const char *oldname, int newdfd, const char *newname,
	       const struct path *base, unsigned int flags);
int vfs_unlinkat(int dfd, const struct path *base, const char *name, bool rmdir,
		 unsigned int flags);

/* file.c */
int get_unused_fd_flags(unsigned int flags);
void put_unused_fd(int fd);
void fd_install(int fd, struct file *f);
/* Drop @f's reference from @files: POSIX locks of @files on it go too. */
void filp_close(struct file *f, struct files_struct *files);
unsigned long current_nofile_limit(void);
long dupfd(unsigned int oldfd, unsigned long start, unsigned int flags);
bool get_close_on_exec(int fd);
void set_close_on_exec(int fd, bool on);

/* fcntl.c: change the @mask bits of f_flags to @value atomically. */
void file_set_flags(struct file *f, unsigned int mask, unsigned int value);

/* file_table.c */
extern const struct file_operations empty_fops;

/* open.c */
int do_truncate(struct dentry *d, loff_t length, unsigned int time_attrs);
struct file *do_filp_open(int dfd, const struct path *base, const char *name, int flags,
			  umode_t mode);

/* attr.c */
/* Apply @attr to @d's inode after permission checks the caller did; i_mutex held. */
int notify_change(struct dentry *d, struct iattr *attr);
int chmod_common(const struct path *path, umode_t mode);
/* Clear set-id bits after a write/truncate by a non-root caller; i_mutex held. */
int file_remove_privs(struct file *f);
int chown_common(const struct path *path, uid_t uid, gid_t gid);

/* read_write.c */
int rw_verify_area(struct file *f, loff_t pos, size_t count);
/* SIGXFSZ/-EFBIG and clamping against RLIMIT_FSIZE and s_maxbytes for a write of
 * *@count bytes at @pos. */
int generic_write_checks(struct file *f, loff_t pos, size_t *count);

/* stat.c */
int vfs_getattr(const struct path *path, struct kstat *stat);

/* readdir.c */
int iterate_dir(struct file *f, struct dir_context *ctx);

/* locks.c */
void locks_remove_posix(struct file *f, struct files_struct *owner);
long fcntl_getlk(struct file *f, void __user *arg);
long fcntl_setlk(struct file *f, unsigned int cmd, void __user *arg);

/* pipe.c */
extern const struct file_operations pipefifo_fops;
long pipe_fcntl(struct file *f, unsigned int cmd, unsigned long arg);
void pipe_init(void);

/* char_dev.c */
extern const struct file_operations def_chr_fops, def_blk_fops, bad_sock_fops;

/* libfs.c: helpers for file systems whose directories are their dcache */
struct dentry *simple_lookup(struct inode *dir, struct dentry *dentry);
int simple_link(struct dentry *old, struct inode *dir, struct dentry *dentry);
int simple_unlink(struct inode *dir, struct dentry *dentry);
int simple_rmdir(struct inode *dir, struct dentry *dentry);
int simple_rename(struct inode *old_dir, struct dentry *old, struct inode *new_dir,
		  struct dentry *new, unsigned int flags);
/* Link a new inode under @dentry in @dir (pinned, directory times and size updated). */
void simple_instantiate(struct inode *dir, struct dentry *dentry, struct inode *inode);
extern const struct file_operations simple_dir_operations;

/* tmpfs.c, devtmpfs.c */
void tmpfs_init(void);
void devtmpfs_init(void);

#endif
