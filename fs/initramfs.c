/* Unpacking the initramfs into the rootfs, as Linux's init/initramfs.c: the image is a
 * sequence of cpio newc/crc archives and gzip members (each decompressing to cpio
 * archives), with zero padding allowed between them.  Entries become directories,
 * files, symlinks, device nodes, FIFOs and sockets with their mode, owner and mtime;
 * regular files with nlink > 1 and the same (ino, dev) become hard links (the data
 * comes with the last of them).  An existing entry of another type is replaced.
 * Directory mtimes are set last, since filling a directory changes its mtime.
 * Damage never stops the boot: a bad entry is reported with its name and offset and
 * skipped, and what cannot be trusted after it (the rest of that archive) is dropped.
 * Relies on: lib/cpio.c (parsing), lib/inflate.c (gunzip), kernel-side directory
 * operations (fs/dirops.c, do_filp_open), the page allocator for gzip output. */
#include <anvil/fs.h>
#include <anvil/mm.h>
#include <anvil/slab.h>
#include <anvil/string.h>
#include <anvil/printk.h>
#include <anvil/inflate.h>
#include <anvil/cpio.h>
#include <anvil/time.h>
#include <anvil/err.h>
#include <anvil/errno.h>
#include "internal.h"

#define GZ_MIN_OUT	(64 * 1024)

struct hardlink {
	struct list_head list;
	u32 ino, major, minor;
	umode_t type;
	char name[];
};

struct dir_time {
	struct list_head list;
	s64 mtime;
	char name[];
};

struct unpack_state {
	struct path root;
	struct list_head links;		/* struct hardlink */
	struct list_head dirs;		/* struct dir_time */
	int error;			/* first problem seen, for the return value */
	long member;			/* image offset of the gzip member being unpacked, or -1 */
	char where[48];			/* " in the gzip member at N", for messages */
};

/* Suffix locating offsets of the buffer being unpacked within the image. */
static const char *where(struct unpack_state *st)
{
	if (st->member < 0)
		return "";
	snprintf(st->where, sizeof(st->where), " in the gzip member at %ld", st->member);
	return st->where;
}

static void note_error(struct unpack_state *st, int err)
{
	if (!st->error)
		st->error = err;
}

/* ---- attributes ---------------------------------------------------------------------- */

static void set_times(struct iattr *a, s64 t)
{
	a->ia_valid |= ATTR_ATIME | ATTR_MTIME;
	a->ia_atime = a->ia_mtime = t;
}

/* Give @name the entry's owner, and its mode and mtime when asked. */
static int set_attrs(struct unpack_state *st, const char *name, const struct cpio_entry *e,
		     bool mode, bool mtime)
{
	struct iattr a = { .ia_valid = ATTR_UID | ATTR_GID, .ia_uid = e->uid, .ia_gid = e->gid };
	struct path path;
	struct inode *inode;
	int err = vfs_path_lookup(&st->root, name, LOOKUP_NOPERM, &path);

	if (err)
		return err;
	if (mode) {
		a.ia_valid |= ATTR_MODE;
		a.ia_mode = e->mode & S_IALLUGO;
	}
	if (mtime)
		set_times(&a, (s64)e->mtime * NSEC_PER_SEC);
	inode = path.dentry->d_inode;
	inode_lock(inode);
	err = notify_change(path.dentry, &a);
	inode_unlock(inode);
	path_put(&path);
	return err;
}

/* ---- entry types ----------------------------------------------------------------------- */

/* Remove what is at @name if its type differs from @mode's (0: always). */
static void clean_path(struct unpack_state *st, const char *name, umode_t mode)
{
	struct path path;
	umode_t old;

	if (vfs_path_lookup(&st->root, name, LOOKUP_NOPERM, &path))
		return;
	old = path.dentry->d_inode->i_mode;
	path_put(&path);
	if ((old ^ mode) & S_IFMT)
		vfs_unlinkat(AT_FDCWD, &st->root, name, S_ISDIR(old), LOOKUP_NOPERM);
}

static struct hardlink *find_link(struct unpack_state *st, const struct cpio_entry *e)
{
	struct hardlink *h;

	list_for_each_entry(h, &st->links, list)
		if (h->ino == e->ino && h->major == e->devmajor && h->minor == e->devminor &&
		    h->type == (e->mode & S_IFMT))
			return h;
	return NULL;
}

static void remember_link(struct unpack_state *st, const struct cpio_entry *e)
{
	struct hardlink *h = kmalloc(sizeof(*h) + e->namesize, GFP_KERNEL);

	if (!h)
		return;
	h->ino = e->ino;
	h->major = e->devmajor;
	h->minor = e->devminor;
	h->type = e->mode & S_IFMT;
	memcpy(h->name, e->name, e->namesize);
	list_add_tail(&h->list, &st->links);
}

/* Link to an earlier name of the same file: 1 if linked, 0 if this is the first. */
static int maybe_link(struct unpack_state *st, const struct cpio_entry *e)
{
	struct hardlink *h;

	if (e->nlink < 2)
		return 0;
	h = find_link(st, e);
	if (!h) {
		remember_link(st, e);
		return 0;
	}
	clean_path(st, e->name, 0);
	return vfs_linkat(AT_FDCWD, h->name, AT_FDCWD, e->name, &st->root, LOOKUP_NOPERM) ?: 1;
}

static int do_file(struct unpack_state *st, const struct cpio_entry *e)
{
	int linked = maybe_link(st, e), flags = O_WRONLY | O_CREAT;
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	if (linked < 0)
		return linked;
	if (!linked) {
		clean_path(st, e->name, e->mode);
		flags |= O_TRUNC;
	}
	f = do_filp_open(AT_FDCWD, &st->root, e->name, flags, e->mode & S_IALLUGO);
	if (IS_ERR(f))
		return PTR_ERR(f);
	n = e->filesize ? kernel_write(f, e->data, e->filesize, &pos) : 0;
	fput(f);
	if (n < 0)
		return n;
	if ((size_t)n != e->filesize)
		return -ENOSPC;
	return set_attrs(st, e->name, e, true, true);
}

static int do_dir(struct unpack_state *st, const struct cpio_entry *e)
{
	struct dir_time *d;
	int err;

	clean_path(st, e->name, S_IFDIR);
	err = vfs_mkdirat(AT_FDCWD, &st->root, e->name, e->mode & S_IALLUGO, LOOKUP_NOPERM);
	if (err && err != -EEXIST)
		return err;
	d = kmalloc(sizeof(*d) + e->namesize, GFP_KERNEL);
	if (d) {
		d->mtime = (s64)e->mtime * NSEC_PER_SEC;
		memcpy(d->name, e->name, e->namesize);
		list_add(&d->list, &st->dirs);	/* deepest first when applied */
	}
	return set_attrs(st, e->name, e, true, false);
}

static int do_symlink(struct unpack_state *st, const struct cpio_entry *e)
{
	char *target;
	int err;

	if (e->filesize == 0 || e->filesize >= PATH_MAX)
		return -ENAMETOOLONG;
	target = kmalloc(e->filesize + 1, GFP_KERNEL);
	if (!target)
		return -ENOMEM;
	memcpy(target, e->data, e->filesize);
	target[e->filesize] = '\0';
	clean_path(st, e->name, 0);
	err = vfs_symlinkat(target, AT_FDCWD, &st->root, e->name, LOOKUP_NOPERM);
	kfree(target);
	return err ? err : set_attrs(st, e->name, e, false, true);
}

static int do_special(struct unpack_state *st, const struct cpio_entry *e)
{
	dev_t dev = MKDEV(e->rdevmajor, e->rdevminor);
	int linked = maybe_link(st, e), err;

	if (linked)
		return linked < 0 ? linked : 0;
	clean_path(st, e->name, e->mode);
	err = vfs_mknodat(AT_FDCWD, &st->root, e->name, e->mode & (S_IFMT | S_IALLUGO), dev,
			  LOOKUP_NOPERM);
	if (err && err != -EEXIST)
		return err;
	return set_attrs(st, e->name, e, true, true);
}

static void do_entry(struct unpack_state *st, const struct cpio_entry *e)
{
	int err;

	if (e->namesize < 2 || e->namesize > PATH_MAX) {
		err = -ENAMETOOLONG;
	} else if (!e->check_ok) {
		err = -EBADMSG;
	} else {
		switch (e->mode & S_IFMT) {
		case S_IFREG:
			err = do_file(st, e);
			break;
		case S_IFDIR:
			err = do_dir(st, e);
			break;
		case S_IFLNK:
			err = do_symlink(st, e);
			break;
		case S_IFCHR:
		case S_IFBLK:
		case S_IFIFO:
		case S_IFSOCK:
			err = do_special(st, e);
			break;
		default:
			err = -EINVAL;
			break;
		}
	}
	if (err) {
		pr_warn("initramfs: cannot create '%s' (entry at offset %zu%s): error %d%s\n",
			e->name, e->offset, where(st), err,
			err == -EBADMSG ? " (bad crc checksum)" : "");
		note_error(st, err);
	}
}

/* ---- archives ------------------------------------------------------------------------- */

/* Unpack one archive from @off; returns the offset after its trailer, or -EINVAL if it
 * is damaged (what follows the damage is dropped). */
static long unpack_archive(struct unpack_state *st, const char *buf, size_t len, size_t off)
{
	struct cpio_entry e;
	size_t next;
	int r;

	for (;;) {
		r = cpio_parse(buf, len, off, &e, &next);
		if (r == CPIO_END)
			return next;
		if (r == CPIO_ENTRY) {
			do_entry(st, &e);
			off = next;
			continue;
		}
		if (r == CPIO_BAD_DATA)
			pr_warn("initramfs: '%s' at offset %zu%s is truncated: file data past end "
				"of archive; entry skipped\n", e.name, off, where(st));
		else
			pr_warn("initramfs: corrupt cpio archive at offset %zu%s: %s; rest ignored\n",
				off, where(st), cpio_strerror(r));
		note_error(st, -EINVAL);
		return -EINVAL;
	}
}

static int unpack_buffer(struct unpack_state *st, const char *buf, size_t len);

static unsigned int order_for(size_t bytes)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

/* Decompress the gzip member at @in into pages and unpack it.  *@used: its length.
 * The output size is guessed from the gzip trailer's ISIZE (exact when the member is
 * the last thing in the image), at least the input size, and doubled on -ENOSPC. */
static int unpack_gzip(struct unpack_state *st, const char *in, size_t in_len, size_t base,
		       size_t *used)
{
	const unsigned char *t = (const unsigned char *)in + in_len - 4;
	size_t want = in_len >= 4 ? (t[0] | t[1] << 8 | t[2] << 16 | (size_t)t[3] << 24) : 0;
	unsigned int order = order_for(max(max(want, in_len), (size_t)GZ_MIN_OUT));
	long n;

	for (;;) {
		char *out;

		if (order >= MAX_ORDER) {
			pr_err("initramfs: gzip member at offset %zu needs more than %lu KiB; "
			       "not unpacked\n", base, (PAGE_SIZE << (MAX_ORDER - 1)) / 1024);
			return -EFBIG;
		}
		out = get_free_pages(GFP_KERNEL, order);
		if (!out) {
			pr_err("initramfs: out of memory for a %lu KiB gzip member\n",
			       (PAGE_SIZE << order) / 1024);
			return -ENOMEM;
		}
		n = gunzip(in, in_len, out, PAGE_SIZE << order, used);
		if (n >= 0) {
			st->member = base;
			unpack_buffer(st, out, n);
			st->member = -1;
		}
		free_pages(out, order);
		if (n != -ENOSPC)
			break;
		order++;
	}
	if (n < 0)
		pr_warn("initramfs: corrupt gzip data at offset %zu (error %ld); rest ignored\n",
			base, n);
	return n < 0 ? (int)n : 0;
}

/* A sequence of archives and (in the image itself) gzip members. */
static int unpack_buffer(struct unpack_state *st, const char *buf, size_t len)
{
	bool allow_gzip = st->member < 0;	/* no compression inside compressed data */
	size_t off = 0, used;
	long r;

	for (;;) {
		int kind = cpio_next_segment(buf, len, &off);

		if (kind == CPIO_SEG_END)
			return 0;
		if (kind == CPIO_SEG_CPIO) {
			r = unpack_archive(st, buf, len, off);
			if (r < 0)
				return r;
			off = r;
		} else if (kind == CPIO_SEG_GZIP && allow_gzip) {
			r = unpack_gzip(st, buf + off, len - off, off, &used);
			if (r < 0)
				return r;
			off += used;
		} else {
			pr_warn("initramfs: junk at offset %zu%s (not a cpio archive%s); rest ignored\n",
				off, where(st), allow_gzip ? " or gzip data" : "");
			note_error(st, -EINVAL);
			return -EINVAL;
		}
	}
}

/* Directory times, deepest (last created) first. */
static void apply_dir_times(struct unpack_state *st)
{
	struct dir_time *d, *tmp;

	list_for_each_entry_safe(d, tmp, &st->dirs, list) {
		struct path path;
		struct iattr a = { .ia_valid = 0 };

		if (!vfs_path_lookup(&st->root, d->name, LOOKUP_NOPERM, &path)) {
			set_times(&a, d->mtime);
			inode_lock(path.dentry->d_inode);
			notify_change(path.dentry, &a);
			inode_unlock(path.dentry->d_inode);
			path_put(&path);
		}
		list_del(&d->list);
		kfree(d);
	}
}

int unpack_initramfs(const void *data, size_t len)
{
	struct unpack_state st = { .error = 0, .member = -1 };
	struct hardlink *h, *tmp;

	get_init_root(&st.root);
	INIT_LIST_HEAD(&st.links);
	INIT_LIST_HEAD(&st.dirs);
	unpack_buffer(&st, data, len);
	apply_dir_times(&st);
	list_for_each_entry_safe(h, tmp, &st.links, list)
		kfree(h);
	path_put(&st.root);
	return st.error;
}
