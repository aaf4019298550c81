/* Super blocks and file system types.  A super block lives while s_active > 0: each
 * vfsmount of it holds one (kernel users such as devtmpfs hold their own); when the
 * count drops to zero the type's kill_sb tears it down.  Anonymous device numbers
 * (major 0) give every super block its own st_dev.
 * Relies on: kmalloc; dcache (shrink_dcache_for_umount) for kill_litter_super. */
#include <anvil/fs.h>
#include <anvil/slab.h>
#include <anvil/string.h>
#include <anvil/printk.h>
#include <anvil/errno.h>
#include "internal.h"

static DEFINE_SPINLOCK(sb_lock);	/* protects super_blocks, s_active, file_systems */
static LIST_HEAD(super_blocks);
static struct file_system_type *file_systems;
static unsigned int last_anon_minor;

int register_filesystem(struct file_system_type *fs)
{
	struct file_system_type *p;
	int err = 0;

	spin_lock(&sb_lock);
	for (p = file_systems; p; p = p->next)
		if (strcmp(p->name, fs->name) == 0)
			err = -EBUSY;
	if (!err) {
		fs->next = file_systems;
		file_systems = fs;
	}
	spin_unlock(&sb_lock);
	return err;
}

void iterate_filesystems(void (*fn)(struct file_system_type *fs, void *arg), void *arg)
{
	struct file_system_type *p;

	spin_lock(&sb_lock);
	for (p = file_systems; p; p = p->next)
		fn(p, arg);
	spin_unlock(&sb_lock);
}

struct file_system_type *get_fs_type(const char *name)
{
	struct file_system_type *p;

	spin_lock(&sb_lock);
	for (p = file_systems; p; p = p->next)
		if (strcmp(p->name, name) == 0)
			break;
	spin_unlock(&sb_lock);
	return p;
}

struct super_block *alloc_super(struct file_system_type *type, const struct super_operations *ops)
{
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);

	if (!sb)
		return NULL;
	sb->s_type = type;
	sb->s_op = ops;
	sb->s_blocksize = PAGE_SIZE;
	sb->s_maxbytes = (loff_t)1 << 40;
	sb->s_active = 1;
	spin_lock_init(&sb->s_inode_lock);
	INIT_LIST_HEAD(&sb->s_inodes);
	spin_lock(&sb_lock);
	sb->s_dev = MKDEV(0, ++last_anon_minor);
	list_add_tail(&sb->s_list, &super_blocks);
	spin_unlock(&sb_lock);
	return sb;
}

void get_super_active(struct super_block *sb)
{
	spin_lock(&sb_lock);
	sb->s_active++;
	spin_unlock(&sb_lock);
}

void deactivate_super(struct super_block *sb)
{
	spin_lock(&sb_lock);
	if (--sb->s_active > 0) {
		spin_unlock(&sb_lock);
		return;
	}
	list_del(&sb->s_list);
	spin_unlock(&sb_lock);
	sb->s_type->kill_sb(sb);
}

/* kill_sb for file systems whose dcache is the whole tree (tmpfs): drop every pinned
 * name, the root, then the super block. */
void kill_litter_super(struct super_block *sb)
{
	if (sb->s_root) {
		shrink_dcache_for_umount(sb->s_root);
		dput(sb->s_root);
	}
	if (!list_empty(&sb->s_inodes))
		pr_warn("vfs: %s: inodes still in use after unmount\n", sb->s_type->name);
	if (sb->s_op->put_super)
		sb->s_op->put_super(sb);
	kfree(sb);
}

/* Call @fn on every live super block.  @fn may sleep: each super block is held active
 * across the call. */
void iterate_supers(void (*fn)(struct super_block *sb, void *arg), void *arg)
{
	struct super_block *sb, *prev = NULL;

	spin_lock(&sb_lock);
	list_for_each_entry(sb, &super_blocks, s_list) {
		sb->s_active++;
		spin_unlock(&sb_lock);
		fn(sb, arg);
		if (prev)
			deactivate_super(prev);
		prev = sb;
		spin_lock(&sb_lock);
	}
	spin_unlock(&sb_lock);
	if (prev)
		deactivate_super(prev);
}
