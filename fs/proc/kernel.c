/* Kernel identity and boot information: /proc/version (Linux's format, from the same
 * utsname fields as uname(2)), /proc/cmdline (the boot arguments as the boot loader
 * passed them in the device tree's /chosen/bootargs) and /proc/partitions (the header
 * only: there are no block devices yet).
 * Relies on: utsname (kernel/sys.c), the device tree (drivers/of.c, libfdt). */
#include <anvil/fs.h>
#include <anvil/of.h>
#include <libfdt.h>
#include "internal.h"

int proc_version_show(struct proc_buf *b, struct inode *inode)
{
	struct new_utsname u;

	get_utsname(&u);
	pb_printf(b, "%s version %s (anvil@anvil) (gcc version %s) %s\n", u.sysname, u.release,
		  __VERSION__, u.version);
	return 0;
}

int proc_cmdline_show(struct proc_buf *b, struct inode *inode)
{
	int node = fdt_path_offset(fdt, "/chosen");
	const char *args = node >= 0 ? of_get_string(node, "bootargs") : NULL;

	pb_printf(b, "%s\n", args ? args : "");
	return 0;
}

int proc_partitions_show(struct proc_buf *b, struct inode *inode)
{
	pb_puts(b, "major minor  #blocks  name\n\n");
	return 0;
}
