/* /proc/sys: the kernel.* sysctls that programs read (hostname, domainname, ostype,
 * osrelease, version, pid_max, ngroups_max).  hostname and domainname are writable by
 * root (file mode 0644, so the VFS permission check decides), as sethostname(2) and
 * setdomainname(2); a write is taken up to its first newline and cut at 64 bytes, as
 * Linux's string sysctls.  Everything else is read-only.
 * Relies on: utsname (kernel/sys.c), pid_max (kernel/fork.c). */
#include <anvil/fs.h>
#include <anvil/sched.h>
#include <anvil/string.h>
#include "internal.h"

/* The utsname field at offset ->data of struct new_utsname. */
static int uts_show(struct proc_buf *b, struct inode *inode)
{
	struct new_utsname u;

	get_utsname(&u);
	pb_printf(b, "%s\n", (const char *)&u + PROC_I(inode)->entry->data);
	return 0;
}

/* Length of the value in a write: up to a newline, at most __NEW_UTS_LEN. */
static size_t uts_value_len(const char *buf, size_t len)
{
	size_t n = 0;

	while (n < len && n < __NEW_UTS_LEN && buf[n] != '\n' && buf[n])
		n++;
	return n;
}

static int hostname_write(struct inode *inode, const char *buf, size_t len)
{
	return set_hostname(buf, uts_value_len(buf, len));
}

static int domainname_write(struct inode *inode, const char *buf, size_t len)
{
	return set_domainname(buf, uts_value_len(buf, len));
}

static int pid_max_show(struct proc_buf *b, struct inode *inode)
{
	pb_printf(b, "%d\n", pid_max);
	return 0;
}

static int ngroups_max_show(struct proc_buf *b, struct inode *inode)
{
	pb_printf(b, "%zu\n", ARRAY_SIZE(current->cred.groups));
	return 0;
}

static const struct proc_entry kernel_entries[] = {
	{ .name = "domainname", .mode = S_IFREG | 0644, .show = uts_show,
	  .write = domainname_write, .data = offsetof(struct new_utsname, domainname) },
	{ .name = "hostname", .mode = S_IFREG | 0644, .show = uts_show,
	  .write = hostname_write, .data = offsetof(struct new_utsname, nodename) },
	{ .name = "ngroups_max", .mode = S_IFREG | 0444, .show = ngroups_max_show },
	{ .name = "osrelease", .mode = S_IFREG | 0444, .show = uts_show,
	  .data = offsetof(struct new_utsname, release) },
	{ .name = "ostype", .mode = S_IFREG | 0444, .show = uts_show,
	  .data = offsetof(struct new_utsname, sysname) },
	{ .name = "pid_max", .mode = S_IFREG | 0444, .show = pid_max_show },
	{ .name = "version", .mode = S_IFREG | 0444, .show = uts_show,
	  .data = offsetof(struct new_utsname, version) },
};

static const struct proc_dir proc_sys_kernel_dir = {
	.id = 2,
	.entries = kernel_entries,
	.nr_entries = ARRAY_SIZE(kernel_entries),
};

static const struct proc_entry sys_entries[] = {
	{ .name = "kernel", .mode = S_IFDIR | 0555, .dir = &proc_sys_kernel_dir },
};

const struct proc_dir proc_sys_dir = {
	.id = 1,
	.entries = sys_entries,
	.nr_entries = ARRAY_SIZE(sys_entries),
};
