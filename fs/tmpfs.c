/* tmpfs: the in-memory file system behind "/" (rootfs), `mount -t tmpfs` and devtmpfs.
 * Directories are the dcache (fs/libfs.c).  A regular file's data is its page cache:
 * pages in a three-level table indexed by page number (512 entries per level, so files
 * up to 512 GiB); missing pages are holes and read as zeros.  mmap gets the same pages
 * through ->fault_page.  Symlink targets are kmalloc'd strings.  Each instance has a
 * size limit in pages and an inode limit (size=, nr_inodes=), charged as pages and
 * inodes are created; statfs reports them under TMPFS_MAGIC.
 * Locks: i_mutex serialises writes and size changes; info->lock (spinlock) protects the
 * page table so faults (which must not take i_mutex) can fill holes; sbinfo->lock
 * protects the instance's counters.
 * Relies on: the page allocator, libfs/dcache/inodes, iobuf copies (fs/read_write.c). */
#include <anvil/fs.h>
#include <anvil/mm.h>
#include <anvil/slab.h>
#include <anvil/string.h>
#include <anvil/printk.h>
#include <anvil/err.h>
#include <anvil/errno.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/mount.h>
#include "internal.h"

#define TREE_SHIFT	9			/* log2(entries per table) */
#define TREE_FANOUT	(1UL << TREE_SHIFT)
#define TREE_LEVELS	3
#define TMPFS_MAX_PAGES	(1UL << (TREE_SHIFT * TREE_LEVELS))
#define BOGO_DIRENT_SIZE 20

struct tmpfs_sb_info {
	spinlock_t lock;			/* protects the counters below */
	unsigned long max_blocks, used_blocks;	/* pages; max 0 = unlimited */
	unsigned long max_inodes, used_inodes;	/* max 0 = unlimited */
	umode_t mode;				/* root directory (mode=) */
	uid_t uid;
	gid_t gid;
};

struct tmpfs_inode_info {
	spinlock_t lock;			/* protects the table */
	void *root;				/* top table of the page tree */
	char *symlink;				/* symlink target */
};

static const struct inode_operations tmpfs_dir_inode_operations;
static const struct inode_operations tmpfs_file_inode_operations;
static const struct inode_operations tmpfs_symlink_inode_operations;
static const struct inode_operations tmpfs_special_inode_operations;
static const struct file_operations tmpfs_file_operations;
static const struct super_operations tmpfs_super_ops;

static struct tmpfs_sb_info *SBI(struct super_block *sb) { return sb->s_fs_info; }
static struct tmpfs_inode_info *INFO(struct inode *inode) { return inode->i_private; }

/* ---- accounting -------------------------------------------------------------------- */

static bool charge(struct tmpfs_sb_info *sbi, unsigned long *used, unsigned long max)
{
	bool ok;

	spin_lock(&sbi->lock);
	ok = !max || *used < max;
	if (ok)
		(*used)++;
	spin_unlock(&sbi->lock);
	return ok;
}

static void uncharge(struct tmpfs_sb_info *sbi, unsigned long *used, unsigned long n)
{
	spin_lock(&sbi->lock);
	*used -= n;
	spin_unlock(&sbi->lock);
}

/* ---- the page table ---------------------------------------------------------------- */

/* Under info->lock: the leaf slot of page @idx, or NULL with *@hole set to the empty
 * slot where the missing table belongs. */
static struct page **tree_slot(struct tmpfs_inode_info *info, pgoff_t idx, void ***hole)
{
	void **slot = &info->root;

	for (int level = TREE_LEVELS - 1; level >= 0; level--) {
		void **table = *slot;

		if (!table) {
			*hole = slot;
			return NULL;
		}
		slot = &table[(idx >> (level * TREE_SHIFT)) & (TREE_FANOUT - 1)];
	}
	return (struct page **)slot;
}

/* Tables are only freed at eviction, so a hole found under the lock stays valid. */
static int tree_grow(struct tmpfs_inode_info *info, void **hole)
{
	void *table = kzalloc(PAGE_SIZE, GFP_KERNEL);

	if (!table)
		return -ENOMEM;
	spin_lock(&info->lock);
	if (!*hole) {
		*hole = table;
		table = NULL;
	}
	spin_unlock(&info->lock);
	kfree(table);
	return 0;
}

/* Page @idx with a reference, or NULL for a hole. */
static struct page *find_page(struct inode *inode, pgoff_t idx)
{
	struct tmpfs_inode_info *info = INFO(inode);
	struct page **slot, *page = NULL;
	void **hole;

	spin_lock(&info->lock);
	slot = tree_slot(info, idx, &hole);
	if (slot && *slot) {
		page = *slot;
		get_page(page);
	}
	spin_unlock(&info->lock);
	return page;
}

/* Install @page at @idx unless one is there; returns the page in the slot with a
 * reference.  info->lock held. */
static struct page *install_page(struct inode *inode, struct page **slot, struct page *page)
{
	if (!*slot) {
		*slot = page;
		inode->i_blocks += PAGE_SIZE / 512;
		page = NULL;
	}
	get_page(*slot);
	return page;
}

/* Page @idx with a reference, allocating a zeroed page for a hole.  -ENOSPC when the
 * instance is full, -ENOMEM. */
static int get_page_create(struct inode *inode, pgoff_t idx, struct page **pagep)
{
	struct tmpfs_inode_info *info = INFO(inode);
	struct tmpfs_sb_info *sbi = SBI(inode->i_sb);
	struct page **slot, *page, *spare;
	void **hole;
	int err;

	*pagep = find_page(inode, idx);
	if (*pagep)
		return 0;
	if (idx >= TMPFS_MAX_PAGES)
		return -EFBIG;
	if (!charge(sbi, &sbi->used_blocks, sbi->max_blocks))
		return -ENOSPC;
	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!page) {
		uncharge(sbi, &sbi->used_blocks, 1);
		return -ENOMEM;
	}
	for (;;) {
		spin_lock(&info->lock);
		slot = tree_slot(info, idx, &hole);
		if (slot)
			break;
		spin_unlock(&info->lock);
		err = tree_grow(info, hole);
		if (err) {
			put_page(page);
			uncharge(sbi, &sbi->used_blocks, 1);
			return err;
		}
	}
	spare = install_page(inode, slot, page);
	*pagep = *slot;
	spin_unlock(&info->lock);
	if (spare) {			/* somebody filled the hole first */
		put_page(spare);
		uncharge(sbi, &sbi->used_blocks, 1);
	}
	return 0;
}

/* Remove and free every page from index @start on.  i_mutex held (or eviction). */
static void drop_pages(struct inode *inode, pgoff_t start)
{
	struct tmpfs_inode_info *info = INFO(inode);
	void **top = info->root;
	unsigned long freed = 0;

	for (unsigned long i = 0; top && i < TREE_FANOUT; i++) {
		void **mid = top[i];

		for (unsigned long j = 0; mid && j < TREE_FANOUT; j++) {
			struct page **leaf = mid[j];
			pgoff_t base = (i << (2 * TREE_SHIFT)) | (j << TREE_SHIFT);

			if (!leaf || base + TREE_FANOUT <= start)
				continue;
			for (unsigned long k = 0; k < TREE_FANOUT; k++) {
				struct page *p;

				if (base + k < start || !leaf[k])
					continue;
				spin_lock(&info->lock);
				p = leaf[k];
				leaf[k] = NULL;
				inode->i_blocks -= PAGE_SIZE / 512;
				spin_unlock(&info->lock);
				put_page(p);
				freed++;
			}
		}
	}
	uncharge(SBI(inode->i_sb), &SBI(inode->i_sb)->used_blocks, freed);
}

static void free_tree(struct tmpfs_inode_info *info)
{
	void **top = info->root;

	for (unsigned long i = 0; top && i < TREE_FANOUT; i++) {
		void **mid = top[i];

		for (unsigned long j = 0; mid && j < TREE_FANOUT; j++)
			kfree(mid[j]);
		kfree(mid);
	}
	kfree(top);
	info->root = NULL;
}

/* Change the size; shrinking frees whole pages past the end and zeroes the tail of the
 * last one, so a later extension reads zeros.  i_mutex held. */
static int tmpfs_resize(struct inode *inode, loff_t size)
{
	struct page *page;

	if (size > inode->i_sb->s_maxbytes)
		return -EFBIG;
	if (size < inode->i_size) {
		drop_pages(inode, DIV_ROUND_UP(size, PAGE_SIZE));
		if (size & ~PAGE_MASK) {
			page = find_page(inode, size >> PAGE_SHIFT);
			if (page) {
				memset((char *)page_address(page) + (size & ~PAGE_MASK), 0,
				       PAGE_SIZE - (size & ~PAGE_MASK));
				put_page(page);
			}
		}
	}
	inode->i_size = size;
	return 0;
}

/* ---- regular files ----------------------------------------------------------------- */

static ssize_t tmpfs_read_iob(struct file *f, struct iobuf *b, size_t n, loff_t *ppos)
{
	struct inode *inode = f->f_inode;
	loff_t pos = *ppos, size = READ_ONCE(inode->i_size);
	size_t done = 0;

	if (pos >= size)
		return 0;
	if (n > size - pos)
		n = size - pos;
	while (done < n) {
		size_t off = pos & ~PAGE_MASK, chunk = min(PAGE_SIZE - off, n - done);
		struct page *page = find_page(inode, pos >> PAGE_SHIFT);
		long err;

		if (page) {
			err = iobuf_copy_to(b, done, (char *)page_address(page) + off, chunk);
			put_page(page);
		} else {
			err = iobuf_clear(b, done, chunk);
		}
		if (err) {
			if (!done)
				return err;
			break;
		}
		done += chunk;
		pos += chunk;
	}
	*ppos = pos;
	file_accessed(f);
	return done;
}

/* Copy into the file page by page; i_mutex held. */
static ssize_t write_pages(struct inode *inode, const struct iobuf *b, size_t n, loff_t *ppos)
{
	loff_t pos = *ppos;
	size_t done = 0;
	int err = 0;

	while (done < n) {
		size_t off = pos & ~PAGE_MASK, chunk = min(PAGE_SIZE - off, n - done);
		struct page *page;

		err = get_page_create(inode, pos >> PAGE_SHIFT, &page);
		if (err)
			break;
		err = iobuf_copy_from((char *)page_address(page) + off, b, done, chunk);
		put_page(page);
		if (err)
			break;
		done += chunk;
		pos += chunk;
		if (pos > inode->i_size)
			inode->i_size = pos;
	}
	*ppos = pos;
	return done ? (ssize_t)done : err;
}

static ssize_t tmpfs_write_iob(struct file *f, const struct iobuf *b, size_t n, loff_t *ppos)
{
	struct inode *inode = f->f_inode;
	loff_t pos;
	ssize_t ret;

	inode_lock(inode);
	pos = (f->f_flags & O_APPEND) ? inode->i_size : *ppos;
	ret = generic_write_checks(f, pos, &n);
	if (ret || !n)
		goto out;
	ret = file_remove_privs(f);
	if (ret)
		goto out;
	inode->i_mtime = inode->i_ctime = current_time();
	ret = write_pages(inode, b, n, &pos);
	if (ret > 0)
		*ppos = pos;
out:
	inode_unlock(inode);
	return ret;
}

static ssize_t tmpfs_read(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	struct iobuf b = iobuf_user(buf);

	return tmpfs_read_iob(f, &b, n, pos);
}

static ssize_t tmpfs_write(struct file *f, const char __user *buf, size_t n, loff_t *pos)
{
	struct iobuf b = iobuf_user((char __user *)buf);

	return tmpfs_write_iob(f, &b, n, pos);
}

static ssize_t tmpfs_read_kernel(struct file *f, void *buf, size_t n, loff_t *pos)
{
	struct iobuf b = iobuf_kernel(buf);

	return tmpfs_read_iob(f, &b, n, pos);
}

static ssize_t tmpfs_write_kernel(struct file *f, const void *buf, size_t n, loff_t *pos)
{
	struct iobuf b = iobuf_kernel((void *)buf);

	return tmpfs_write_iob(f, &b, n, pos);
}

/* A full instance gives SIGBUS on a fault into a hole, as on Linux. */
static int tmpfs_fault_page(struct file *f, pgoff_t index, struct page **pagep)
{
	struct inode *inode = f->f_inode;
	int err;

	if (index >= DIV_ROUND_UP((unsigned long)READ_ONCE(inode->i_size), PAGE_SIZE))
		return -EFAULT;
	err = get_page_create(inode, index, pagep);
	if (err == -ENOMEM)
		return err;
	return err ? -EFAULT : 0;
}

static int tmpfs_mmap(struct file *f, struct vm_area_struct *vma)
{
	file_accessed(f);
	return 0;
}

/* Nothing to write back: the page cache is the file. */
static int tmpfs_fsync(struct file *f)
{
	return 0;
}

static const struct file_operations tmpfs_file_operations = {
	.read = tmpfs_read,
	.write = tmpfs_write,
	.read_kernel = tmpfs_read_kernel,
	.write_kernel = tmpfs_write_kernel,
	.llseek = generic_file_llseek,
	.fault_page = tmpfs_fault_page,
	.mmap = tmpfs_mmap,
	.fsync = tmpfs_fsync,
};

/* ---- inodes ------------------------------------------------------------------------ */

static int tmpfs_setattr(struct dentry *d, struct iattr *attr)
{
	struct inode *inode = d->d_inode;
	int err;

	if (attr->ia_valid & ATTR_SIZE) {
		if (!S_ISREG(inode->i_mode))
			return -EINVAL;
		if (attr->ia_size != inode->i_size) {
			err = tmpfs_resize(inode, attr->ia_size);
			if (err)
				return err;
			attr->ia_valid |= ATTR_MTIME | ATTR_CTIME;
			attr->ia_mtime = attr->ia_ctime;
		}
	}
	setattr_copy(inode, attr);
	return 0;
}

static struct inode *tmpfs_get_inode(struct super_block *sb, const struct inode *dir,
				     umode_t mode, dev_t dev)
{
	struct tmpfs_sb_info *sbi = SBI(sb);
	struct inode *inode;

	if (!charge(sbi, &sbi->used_inodes, sbi->max_inodes))
		return ERR_PTR(-ENOSPC);
	inode = new_inode(sb);
	if (inode && (S_ISREG(mode) || S_ISLNK(mode))) {
		inode->i_private = kzalloc(sizeof(struct tmpfs_inode_info), GFP_KERNEL);
		if (!inode->i_private) {
			iput(inode);
			inode = NULL;
		} else {
			spin_lock_init(&INFO(inode)->lock);
		}
	}
	if (!inode) {
		uncharge(sbi, &sbi->used_inodes, 1);
		return ERR_PTR(-ENOMEM);
	}
	inode_init_owner(inode, dir, mode);
	switch (mode & S_IFMT) {
	case S_IFREG:
		inode->i_op = &tmpfs_file_inode_operations;
		inode->i_fop = &tmpfs_file_operations;
		break;
	case S_IFDIR:
		inode->i_op = &tmpfs_dir_inode_operations;
		inode->i_fop = &simple_dir_operations;
		inode->i_size = 2 * BOGO_DIRENT_SIZE;
		inc_nlink(inode);
		break;
	case S_IFLNK:
		inode->i_op = &tmpfs_symlink_inode_operations;
		break;
	default:
		inode->i_op = &tmpfs_special_inode_operations;
		init_special_inode(inode, inode->i_mode, dev);
		break;
	}
	return inode;
}

static void tmpfs_evict_inode(struct inode *inode)
{
	struct tmpfs_inode_info *info = INFO(inode);
	struct tmpfs_sb_info *sbi = SBI(inode->i_sb);

	if (info) {
		drop_pages(inode, 0);
		free_tree(info);
		kfree(info->symlink);
		kfree(info);
	}
	uncharge(sbi, &sbi->used_inodes, 1);
}

static int tmpfs_mknod(struct inode *dir, struct dentry *dentry, umode_t mode, dev_t dev)
{
	struct inode *inode = tmpfs_get_inode(dir->i_sb, dir, mode, dev);

	if (IS_ERR(inode))
		return PTR_ERR(inode);
	simple_instantiate(dir, dentry, inode);
	return 0;
}

static int tmpfs_create(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	return tmpfs_mknod(dir, dentry, (mode & ~S_IFMT) | S_IFREG, 0);
}

static int tmpfs_mkdir(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	int err = tmpfs_mknod(dir, dentry, (mode & ~S_IFMT) | S_IFDIR, 0);

	if (!err)
		inc_nlink(dir);
	return err;
}

static int tmpfs_symlink(struct inode *dir, struct dentry *dentry, const char *target)
{
	size_t len = strlen(target);
	struct inode *inode;

	if (len >= PAGE_SIZE)
		return -ENAMETOOLONG;
	inode = tmpfs_get_inode(dir->i_sb, dir, S_IFLNK | 0777, 0);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	INFO(inode)->symlink = kstrdup(target, GFP_KERNEL);
	if (!INFO(inode)->symlink) {
		iput(inode);
		return -ENOMEM;
	}
	inode->i_size = len;
	simple_instantiate(dir, dentry, inode);
	return 0;
}

static char *tmpfs_get_link(struct dentry *dentry)
{
	char *s = kstrdup(INFO(dentry->d_inode)->symlink, GFP_KERNEL);

	return s ? s : ERR_PTR(-ENOMEM);
}

static const struct inode_operations tmpfs_dir_inode_operations = {
	.lookup = simple_lookup,
	.create = tmpfs_create,
	.link = simple_link,
	.unlink = simple_unlink,
	.symlink = tmpfs_symlink,
	.mkdir = tmpfs_mkdir,
	.rmdir = simple_rmdir,
	.mknod = tmpfs_mknod,
	.rename = simple_rename,
	.setattr = tmpfs_setattr,
};

static const struct inode_operations tmpfs_file_inode_operations = {
	.setattr = tmpfs_setattr,
};

static const struct inode_operations tmpfs_symlink_inode_operations = {
	.get_link = tmpfs_get_link,
	.setattr = tmpfs_setattr,
};

static const struct inode_operations tmpfs_special_inode_operations = {
	.setattr = tmpfs_setattr,
};

/* ---- instances --------------------------------------------------------------------- */

/* "size=" value: bytes with an optional k/m/g/t suffix, or a percentage of RAM. */
static int parse_size(const char *v, unsigned long *pages)
{
	char *end;
	unsigned long long n = strtoul(v, &end, 0);

	switch (*end) {
	case '%':
		*pages = (unsigned long)(nr_total_pages() * n / 100);
		return end[1] ? -EINVAL : 0;
	case 't': case 'T':
		n <<= 10;
		/* fall through */
	case 'g': case 'G':
		n <<= 10;
		/* fall through */
	case 'm': case 'M':
		n <<= 10;
		/* fall through */
	case 'k': case 'K':
		n <<= 10;
		end++;
		break;
	}
	if (*end)
		return -EINVAL;
	*pages = DIV_ROUND_UP(n, PAGE_SIZE);
	return 0;
}

static int parse_number(const char *v, int base, unsigned long *out)
{
	char *end;

	*out = strtoul(v, &end, base);
	return (*v && !*end) ? 0 : -EINVAL;
}

/* Generic flags that mount(8) may leave in the data string; they arrive as MS_* too. */
static bool is_sb_flag_option(const char *key)
{
	static const char *const names[] = {
		"ro", "rw", "sync", "async", "dirsync", "lazytime", "nolazytime", "mand",
		"nomand", "silent",
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(key, names[i]) == 0)
			return true;
	return false;
}

static int parse_option(struct tmpfs_sb_info *sbi, char *opt)
{
	char *val = strchr(opt, '=');
	unsigned long n;
	int err = -EINVAL;

	if (val)
		*val++ = '\0';
	if (!val)
		return is_sb_flag_option(opt) ? 0 : -EINVAL;
	if (strcmp(opt, "size") == 0)
		return parse_size(val, &sbi->max_blocks);
	if (strcmp(opt, "nr_blocks") == 0)
		return parse_number(val, 0, &sbi->max_blocks);
	if (strcmp(opt, "nr_inodes") == 0)
		return parse_number(val, 0, &sbi->max_inodes);
	if (strcmp(opt, "mode") == 0 && !(err = parse_number(val, 8, &n)))
		sbi->mode = n & 07777;
	else if (strcmp(opt, "uid") == 0 && !(err = parse_number(val, 10, &n)))
		sbi->uid = n;
	else if (strcmp(opt, "gid") == 0 && !(err = parse_number(val, 10, &n)))
		sbi->gid = n;
	return err;
}

/* Apply comma-separated options; mode/uid/gid only matter at mount time. */
static int parse_options(struct tmpfs_sb_info *sbi, char *data)
{
	char *opt;

	while (data && (opt = strsep(&data, ",")) != NULL) {
		if (!*opt)
			continue;
		if (parse_option(sbi, opt)) {
			pr_warn("tmpfs: bad mount option '%s'\n", opt);
			return -EINVAL;
		}
	}
	return 0;
}

static int tmpfs_remount(struct super_block *sb, unsigned long flags, char *data)
{
	struct tmpfs_sb_info *sbi = SBI(sb), new;
	int err;

	spin_lock(&sbi->lock);
	new = *sbi;
	spin_unlock(&sbi->lock);
	err = parse_options(&new, data);
	if (err)
		return err;
	spin_lock(&sbi->lock);
	if ((new.max_blocks && new.max_blocks < sbi->used_blocks) ||
	    (new.max_inodes && new.max_inodes < sbi->used_inodes)) {
		err = -EINVAL;
	} else {
		sbi->max_blocks = new.max_blocks;
		sbi->max_inodes = new.max_inodes;
	}
	spin_unlock(&sbi->lock);
	return err;
}

static int tmpfs_statfs(struct dentry *d, struct kstatfs *buf)
{
	struct tmpfs_sb_info *sbi = SBI(d->d_sb);

	buf->f_type = TMPFS_MAGIC;
	buf->f_bsize = PAGE_SIZE;
	buf->f_frsize = PAGE_SIZE;
	buf->f_namelen = NAME_MAX;
	spin_lock(&sbi->lock);
	if (sbi->max_blocks) {
		buf->f_blocks = sbi->max_blocks;
		buf->f_bfree = buf->f_bavail = sbi->max_blocks - sbi->used_blocks;
	}
	if (sbi->max_inodes) {
		buf->f_files = sbi->max_inodes;
		buf->f_ffree = sbi->max_inodes - sbi->used_inodes;
	}
	spin_unlock(&sbi->lock);
	return 0;
}

static void tmpfs_put_super(struct super_block *sb)
{
	kfree(sb->s_fs_info);
}

static const struct super_operations tmpfs_super_ops = {
	.evict_inode = tmpfs_evict_inode,
	.statfs = tmpfs_statfs,
	.remount_fs = tmpfs_remount,
	.put_super = tmpfs_put_super,
};

/* Default limits: half of RAM for pages and for inodes, as Linux. */
static struct tmpfs_sb_info *new_sb_info(char *data)
{
	struct tmpfs_sb_info *sbi = kzalloc(sizeof(*sbi), GFP_KERNEL);

	if (!sbi)
		return ERR_PTR(-ENOMEM);
	spin_lock_init(&sbi->lock);
	sbi->max_blocks = nr_total_pages() / 2;
	sbi->max_inodes = nr_total_pages() / 2;
	sbi->mode = 01777;
	if (parse_options(sbi, data)) {
		kfree(sbi);
		return ERR_PTR(-EINVAL);
	}
	return sbi;
}

struct dentry *tmpfs_mount_sb(struct file_system_type *type, unsigned long flags,
			      const char *dev_name, char *data)
{
	struct tmpfs_sb_info *sbi = new_sb_info(data);
	struct super_block *sb;
	struct inode *root;

	if (IS_ERR(sbi))
		return ERR_PTR(PTR_ERR(sbi));
	sb = alloc_super(type, &tmpfs_super_ops);
	if (!sb) {
		kfree(sbi);
		return ERR_PTR(-ENOMEM);
	}
	sb->s_fs_info = sbi;
	sb->s_magic = TMPFS_MAGIC;
	sb->s_maxbytes = (loff_t)TMPFS_MAX_PAGES << PAGE_SHIFT;
	sb->s_flags = (flags & MS_RDONLY) ? SB_RDONLY : 0;
	root = tmpfs_get_inode(sb, NULL, S_IFDIR | sbi->mode, 0);
	if (!IS_ERR(root)) {
		root->i_uid = sbi->uid;
		root->i_gid = sbi->gid;
	}
	sb->s_root = d_make_root(sb, root);
	if (!sb->s_root) {
		deactivate_super(sb);
		return ERR_PTR(-ENOMEM);
	}
	return dget(sb->s_root);
}

static struct file_system_type tmpfs_fs_type = {
	.name = "tmpfs",
	.mount = tmpfs_mount_sb,
	.kill_sb = kill_litter_super,
};

static struct vfsmount *shm_mnt;	/* internal instance backing shared anonymous memory */

void tmpfs_init(void)
{
	register_filesystem(&tmpfs_fs_type);
	shm_mnt = kern_mount(&tmpfs_fs_type, NULL);
	if (IS_ERR(shm_mnt))
		panic("tmpfs: cannot mount the internal instance for shared memory");
}

struct file *shmem_file_setup(const char *name, loff_t size)
{
	struct inode *inode;
	struct file *f;
	int err;

	inode = tmpfs_get_inode(shm_mnt->mnt_sb, NULL, S_IFREG | 0600, 0);
	if (IS_ERR(inode))
		return ERR_PTR(PTR_ERR(inode));
	err = tmpfs_resize(inode, size);
	if (err) {
		iput(inode);
		return ERR_PTR(err);
	}
	f = alloc_pseudo_file(shm_mnt, inode, name, O_RDWR, &tmpfs_file_operations, NULL);
	return f;
}
