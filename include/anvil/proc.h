/* procfs (fs/proc): what the rest of the kernel calls. */
#ifndef ANVIL_PROC_H
#define ANVIL_PROC_H

/* Register the "proc" file system type and start the load-average sampling.  Called
 * once at boot by vfs_init(), before userspace can mount anything. */
void proc_root_init(void);

#endif
