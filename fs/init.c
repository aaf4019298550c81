/* VFS start-up: the dentry hash, the file system types, the rootfs mounted as "/",
 * pipefs, the devtmpfs instance (filled by drivers, mounted by userspace) and procfs.
 * Called once by the boot CPU before the first task uses files. */
#include <anvil/fs.h>
#include <anvil/proc.h>
#include "internal.h"

void vfs_init(void)
{
	dcache_init();
	tmpfs_init();
	mnt_init();
	pipe_init();
	devtmpfs_init();
	proc_root_init();
}
