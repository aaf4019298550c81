/* Per-process file-system context: root directory (chroot), current directory and
 * umask, shared between threads created with CLONE_FS.  umask(2).
 * Relies on: mounts/dentries (path_get/path_put), kmalloc. */
#include <anvil/fs.h>
#include <anvil/slab.h>
#include <anvil/sched.h>
#include <anvil/syscall.h>
#include "internal.h"

static struct fs_struct *alloc_fs(const struct path *root, const struct path *pwd, int umask)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs), GFP_KERNEL);

	if (!fs)
		return NULL;
	atomic_set(&fs->users, 1);
	spin_lock_init(&fs->lock);
	fs->umask = umask;
	fs->root = *root;
	fs->pwd = *pwd;
	path_get(&fs->root);
	path_get(&fs->pwd);
	return fs;
}

struct fs_struct *fs_struct_alloc_init(void)
{
	struct fs_struct *fs;
	struct path root;

	get_init_root(&root);
	fs = alloc_fs(&root, &root, 0022);
	path_put(&root);
	return fs;
}

struct fs_struct *copy_fs_struct(struct fs_struct *old)
{
	struct fs_struct *fs;
	struct path root, pwd;

	spin_lock(&old->lock);
	root = old->root;
	pwd = old->pwd;
	path_get(&root);
	path_get(&pwd);
	spin_unlock(&old->lock);
	fs = alloc_fs(&root, &pwd, READ_ONCE(old->umask));
	path_put(&root);
	path_put(&pwd);
	return fs;
}

void get_fs_struct(struct fs_struct *fs)
{
	atomic_inc(&fs->users);
}

void put_fs_struct(struct fs_struct *fs)
{
	if (!fs || !atomic_dec_and_test(&fs->users))
		return;
	path_put(&fs->root);
	path_put(&fs->pwd);
	kfree(fs);
}

/* Early in boot (no fs_struct yet) the rootfs root stands in for both. */
static void get_fs_path(bool root, struct path *out)
{
	struct fs_struct *fs = current->fs;

	if (!fs) {
		get_init_root(out);
		return;
	}
	spin_lock(&fs->lock);
	*out = root ? fs->root : fs->pwd;
	path_get(out);
	spin_unlock(&fs->lock);
}

void current_root(struct path *root)
{
	get_fs_path(true, root);
}

void current_pwd(struct path *pwd)
{
	get_fs_path(false, pwd);
}

int current_umask(void)
{
	return current->fs ? READ_ONCE(current->fs->umask) : 0;
}

/* Replace current's root or cwd (@which points into current->fs) with @path. */
void set_fs_path(struct path *which, const struct path *path)
{
	struct fs_struct *fs = current->fs;
	struct path old;

	path_get(path);
	spin_lock(&fs->lock);
	old = *which;
	*which = *path;
	spin_unlock(&fs->lock);
	path_put(&old);
}

long sys_umask(int mask)
{
	struct fs_struct *fs = current->fs;
	int old;

	spin_lock(&fs->lock);
	old = fs->umask;
	fs->umask = mask & S_IRWXUGO;
	spin_unlock(&fs->lock);
	return old;
}
SYSCALL(umask, sys_umask);
