/* devtmpfs: one tmpfs instance shared by every `mount -t devtmpfs`, filled by drivers
 * through devtmpfs_create_node().  It is not mounted anywhere by the kernel (as Linux
 * without CONFIG_DEVTMPFS_MOUNT when booting an initramfs): userspace mounts it on
 * /dev.  Mount options are ignored, since the instance already exists.
 * Relies on: tmpfs (tmpfs_mount_sb), kernel-side directory operations (fs/dirops.c). */
#include <anvil/fs.h>
#include <anvil/slab.h>
#include <anvil/string.h>
#include <anvil/sched.h>
#include <anvil/printk.h>
#include <anvil/err.h>
#include <anvil/errno.h>
#include "internal.h"

static struct vfsmount *devtmpfs_mnt;	/* internal mount holding the instance */

static struct dentry *devtmpfs_mount(struct file_system_type *type, unsigned long flags,
				     const char *dev_name, char *data)
{
	struct super_block *sb = devtmpfs_mnt->mnt_sb;

	get_super_active(sb);
	return dget(sb->s_root);
}

static struct file_system_type devtmpfs_type = {
	.name = "devtmpfs",
	.mount = devtmpfs_mount,
	.kill_sb = kill_litter_super,
};

/* Create the directories leading to @name (mkdir -p), mode 0755. */
static int create_parents(const struct path *base, const char *name)
{
	char *copy = kstrdup(name, GFP_KERNEL), *slash;
	int err = 0;

	if (!copy)
		return -ENOMEM;
	for (slash = strchr(copy, '/'); slash && !err; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (*copy) {
			err = vfs_mkdirat(AT_FDCWD, base, copy, 0755, LOOKUP_NOPERM);
			if (err == -EEXIST)
				err = 0;
		}
		*slash = '/';
	}
	kfree(copy);
	return err;
}

/* Nodes belong to root whoever triggers their creation (Linux creates them from a
 * kernel thread): the caller's fs ids are switched to 0 for the duration. */
int devtmpfs_create_node(const char *name, umode_t mode, dev_t dev)
{
	struct path base;
	struct cred *cred = &current->cred;
	uid_t fsuid = cred->fsuid;
	gid_t fsgid = cred->fsgid;
	int err;

	if (!devtmpfs_mnt)
		return -ENODEV;
	base.mnt = devtmpfs_mnt;
	base.dentry = devtmpfs_mnt->mnt_root;
	cred->fsuid = 0;
	cred->fsgid = 0;
	err = create_parents(&base, name);
	if (!err)
		err = vfs_mknodat(AT_FDCWD, &base, name, mode, dev, LOOKUP_NOPERM);
	cred->fsuid = fsuid;
	cred->fsgid = fsgid;
	return err;
}

void devtmpfs_init(void)
{
	static char opts[] = "mode=0755";
	struct dentry *root = tmpfs_mount_sb(&devtmpfs_type, 0, "devtmpfs", opts);

	if (IS_ERR(root) || !(devtmpfs_mnt = vfs_create_mount(root, "devtmpfs")))
		panic("devtmpfs: cannot create the instance");
	register_filesystem(&devtmpfs_type);
}
