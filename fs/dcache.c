/* Dentry cache: every name the VFS has looked up, as a tree of struct dentry hashed by
 * (parent, name).  A dentry pins its inode and its parent.  Unused positive dentries
 * stay cached (no shrinker yet); negative and unhashed ones are freed with their last
 * reference.  dcache-backed file systems (tmpfs) keep each live name "pinned" with an
 * extra reference, so the cache is their directory.  One spinlock, dcache_lock,
 * protects the hash table, the tree links, names and reference counts.
 * Relies on: kmalloc, iput (fs/inode.c), path_name_hash (fs/path.c). */
#include <anvil/fs.h>
#include <anvil/slab.h>
#include <anvil/string.h>
#include <anvil/printk.h>
#include <anvil/err.h>
#include <anvil/errno.h>
#include "internal.h"

#define D_HASH_BITS	10
#define D_HASH_SIZE	(1U << D_HASH_BITS)

DEFINE_SPINLOCK(dcache_lock);
static struct list_head dentry_hashtable[D_HASH_SIZE];

void dcache_init(void)
{
	for (unsigned int i = 0; i < D_HASH_SIZE; i++)
		INIT_LIST_HEAD(&dentry_hashtable[i]);
}

static struct list_head *d_bucket(const struct dentry *parent, unsigned int hash)
{
	unsigned long h = hash ^ ((unsigned long)parent >> 6) ^ ((unsigned long)parent >> 16);

	return &dentry_hashtable[h & (D_HASH_SIZE - 1)];
}

/* Set @d's name to a copy of @name; false when out of memory. */
static bool d_set_name(struct dentry *d, const struct qstr *name)
{
	char *buf = d->d_iname;

	if (name->len >= DNAME_INLINE_LEN) {
		buf = kmalloc(name->len + 1, GFP_KERNEL);
		if (!buf)
			return false;
	}
	memcpy(buf, name->name, name->len);
	buf[name->len] = '\0';
	d->d_name.name = buf;
	d->d_name.len = name->len;
	d->d_name.hash = name->hash;
	return true;
}

static struct dentry *__d_alloc(struct super_block *sb, const struct qstr *name)
{
	struct dentry *d = kzalloc(sizeof(*d), GFP_KERNEL);

	if (!d)
		return NULL;
	if (!d_set_name(d, name)) {
		kfree(d);
		return NULL;
	}
	d->d_count = 1;
	d->d_parent = d;
	d->d_sb = sb;
	d->d_op = sb->s_d_op;
	INIT_LIST_HEAD(&d->d_hash);
	INIT_LIST_HEAD(&d->d_child);
	INIT_LIST_HEAD(&d->d_subdirs);
	return d;
}

static void d_free(struct dentry *d)
{
	if (d->d_name.name != d->d_iname)
		kfree(d->d_name.name);
	kfree(d);
}

struct dentry *d_alloc(struct dentry *parent, const struct qstr *name)
{
	struct dentry *d = __d_alloc(parent->d_sb, name);

	if (d)
		d->d_parent = dget(parent);
	return d;
}

struct dentry *d_make_root(struct super_block *sb, struct inode *root)
{
	static const struct qstr slash = { "/", 1, 0 };
	struct dentry *d;

	if (IS_ERR_OR_NULL(root))
		return NULL;
	d = __d_alloc(sb, &slash);
	if (d)
		d->d_inode = root;
	else
		iput(root);
	return d;
}

struct dentry *d_alloc_pseudo(struct super_block *sb, const char *name, struct inode *inode)
{
	struct qstr q;
	struct dentry *d;

	qstr_init(&q, name, strlen(name));
	d = __d_alloc(sb, &q);
	if (d) {
		d->d_inode = inode;
		d->d_flags |= DCACHE_PSEUDO;
	}
	return d;
}

struct dentry *dget(struct dentry *d)
{
	spin_lock(&dcache_lock);
	d->d_count++;
	spin_unlock(&dcache_lock);
	return d;
}

struct dentry *dget_parent(struct dentry *d)
{
	struct dentry *p;

	spin_lock(&dcache_lock);
	p = d->d_parent;
	p->d_count++;
	spin_unlock(&dcache_lock);
	return p;
}

/* Caller holds dcache_lock. */
static void __d_rehash(struct dentry *d)
{
	list_add_tail(&d->d_hash, d_bucket(d->d_parent, d->d_name.hash));
	list_add_tail(&d->d_child, &d->d_parent->d_subdirs);
	d->d_flags |= DCACHE_HASHED;
}

/* Caller holds dcache_lock. */
static void __d_drop(struct dentry *d)
{
	if (!(d->d_flags & DCACHE_HASHED))
		return;
	list_del_init(&d->d_hash);
	list_del_init(&d->d_child);
	d->d_flags &= ~DCACHE_HASHED;
}

void dput(struct dentry *d)
{
	while (d) {
		struct dentry *parent;
		struct inode *inode;

		spin_lock(&dcache_lock);
		if (--d->d_count > 0 || (d->d_inode && !d_unhashed(d))) {
			spin_unlock(&dcache_lock);
			return;
		}
		__d_drop(d);
		parent = d->d_parent;
		inode = d->d_inode;
		spin_unlock(&dcache_lock);
		d_free(d);
		if (inode)
			iput(inode);
		d = parent == d ? NULL : parent;
	}
}

void d_add(struct dentry *d, struct inode *inode)
{
	spin_lock(&dcache_lock);
	d->d_inode = inode;
	__d_rehash(d);
	spin_unlock(&dcache_lock);
}

void d_instantiate(struct dentry *d, struct inode *inode)
{
	spin_lock(&dcache_lock);
	d->d_inode = inode;
	spin_unlock(&dcache_lock);
}

void d_instantiate_at(struct dentry *d, struct inode *inode, u64 pos)
{
	spin_lock(&dcache_lock);
	d->d_inode = inode;
	d->d_dir_pos = pos;
	if (!d_unhashed(d))
		list_move_tail(&d->d_child, &d->d_parent->d_subdirs);
	spin_unlock(&dcache_lock);
}

struct dentry *d_next_positive(struct dentry *parent, struct dentry *prev, u64 pos)
{
	struct list_head *p;
	struct dentry *found = NULL;

	spin_lock(&dcache_lock);
	for (p = prev ? prev->d_child.next : parent->d_subdirs.next; p != &parent->d_subdirs;
	     p = p->next) {
		struct dentry *d = list_entry(p, struct dentry, d_child);

		if (d->d_inode && d->d_dir_pos >= pos) {
			found = d;
			break;
		}
	}
	spin_unlock(&dcache_lock);
	return found;
}

static bool d_name_eq(const struct dentry *d, const struct qstr *name)
{
	return d->d_name.hash == name->hash && d->d_name.len == name->len &&
	       memcmp(d->d_name.name, name->name, name->len) == 0;
}

struct dentry *d_lookup(struct dentry *parent, const struct qstr *name)
{
	struct list_head *bucket = d_bucket(parent, name->hash);
	struct dentry *d;

	spin_lock(&dcache_lock);
	list_for_each_entry(d, bucket, d_hash) {
		if (d->d_parent == parent && d_name_eq(d, name)) {
			d->d_count++;
			spin_unlock(&dcache_lock);
			return d;
		}
	}
	spin_unlock(&dcache_lock);
	return NULL;
}

void d_drop(struct dentry *d)
{
	spin_lock(&dcache_lock);
	__d_drop(d);
	spin_unlock(&dcache_lock);
}

void d_pin(struct dentry *d)
{
	spin_lock(&dcache_lock);
	d->d_count++;
	d->d_flags |= DCACHE_PINNED;
	spin_unlock(&dcache_lock);
}

void d_unpin(struct dentry *d)
{
	spin_lock(&dcache_lock);
	d->d_flags &= ~DCACHE_PINNED;
	spin_unlock(&dcache_lock);
	dput(d);
}

bool simple_empty(struct dentry *dir)
{
	struct dentry *child;
	bool empty = true;

	spin_lock(&dcache_lock);
	list_for_each_entry(child, &dir->d_subdirs, d_child) {
		if (child->d_inode) {
			empty = false;
			break;
		}
	}
	spin_unlock(&dcache_lock);
	return empty;
}

/* Exchange the names of @a and @b (inline names are copied, external ones swapped). */
static void swap_names(struct dentry *a, struct dentry *b)
{
	bool a_inline = a->d_name.name == a->d_iname, b_inline = b->d_name.name == b->d_iname;
	const char *a_ext = a->d_name.name, *b_ext = b->d_name.name;
	char tmp[DNAME_INLINE_LEN];
	struct qstr q;

	memcpy(tmp, a->d_iname, sizeof(tmp));
	if (b_inline)
		memcpy(a->d_iname, b->d_iname, sizeof(tmp));
	if (a_inline)
		memcpy(b->d_iname, tmp, sizeof(tmp));
	q = a->d_name;
	a->d_name = b->d_name;
	b->d_name = q;
	a->d_name.name = b_inline ? a->d_iname : b_ext;
	b->d_name.name = a_inline ? b->d_iname : a_ext;
}

/* Swap the places of @a and @b in the tree.  Each keeps its reference on the parent it
 * held, which the other now has, so counts stay balanced.  Caller holds dcache_lock. */
static void swap_places(struct dentry *a, struct dentry *b)
{
	struct dentry *pa = a->d_parent;
	bool a_hashed = !d_unhashed(a), b_hashed = !d_unhashed(b);

	__d_drop(a);
	__d_drop(b);
	swap_names(a, b);
	a->d_parent = b->d_parent;
	b->d_parent = pa;
	if (b_hashed)
		__d_rehash(a);
	if (a_hashed)
		__d_rehash(b);
}

void d_move(struct dentry *d, struct dentry *target)
{
	spin_lock(&dcache_lock);
	swap_places(d, target);
	__d_drop(target);
	spin_unlock(&dcache_lock);
}

void d_exchange(struct dentry *a, struct dentry *b)
{
	spin_lock(&dcache_lock);
	swap_places(a, b);
	spin_unlock(&dcache_lock);
}

struct dentry *d_ancestor(struct dentry *p1, struct dentry *p2)
{
	struct dentry *p, *found = NULL;

	spin_lock(&dcache_lock);
	for (p = p2; p->d_parent != p; p = p->d_parent) {
		if (p->d_parent == p1) {
			found = p;
			break;
		}
	}
	spin_unlock(&dcache_lock);
	return found;
}

bool is_subdir(struct dentry *d, struct dentry *ancestor)
{
	bool found = false;

	spin_lock(&dcache_lock);
	for (;;) {
		if (d == ancestor) {
			found = true;
			break;
		}
		if (d->d_parent == d)
			break;
		d = d->d_parent;
	}
	spin_unlock(&dcache_lock);
	return found;
}

/* Unhash @d and drop its pin and its reference on its parent if that was the last.
 * Returns true if freed.  Caller holds dcache_lock; it is dropped around iput. */
static bool shrink_one(struct dentry *d)
{
	struct inode *inode = d->d_inode;

	__d_drop(d);
	if (d->d_flags & DCACHE_PINNED) {
		d->d_flags &= ~DCACHE_PINNED;
		d->d_count--;
	}
	if (d->d_count > 0) {
		pr_warn("vfs: dentry '%s' still in use at unmount\n", d->d_name.name);
		return false;
	}
	d->d_parent->d_count--;
	spin_unlock(&dcache_lock);
	d_free(d);
	if (inode)
		iput(inode);
	spin_lock(&dcache_lock);
	return true;
}

void shrink_dcache_for_umount(struct dentry *root)
{
	struct dentry *d = root;

	spin_lock(&dcache_lock);
	for (;;) {
		struct dentry *parent;

		if (!list_empty(&d->d_subdirs)) {
			d = list_first_entry(&d->d_subdirs, struct dentry, d_child);
			continue;
		}
		if (d == root)
			break;
		parent = d->d_parent;
		shrink_one(d);
		d = parent;
	}
	spin_unlock(&dcache_lock);
}
