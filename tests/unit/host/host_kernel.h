/* Host-side kernel services for unit tests (host_kernel.c, linked into every test):
 * printk into a capture buffer, panic as abort(), kmalloc on malloc, and user-memory
 * copies that treat "user" pointers as ordinary host memory except the first page,
 * which faults (-EFAULT) like an unmapped NULL page.  Each service is a weak
 * definition, so a test or a kernel file that defines the real one wins. */
#ifndef HOST_KERNEL_H
#define HOST_KERNEL_H

#include <stddef.h>

/* Everything printk'd since the last host_log_reset(), NUL-terminated (truncated at
 * HOST_LOG_SIZE - 1 bytes).  Set UNIT_VERBOSE=1 in the environment to also see it on
 * stderr as it is logged. */
#define HOST_LOG_SIZE	65536
extern char host_log[HOST_LOG_SIZE];
void host_log_reset(void);
/* Non-zero when @needle occurs in the captured log. */
int host_log_contains(const char *needle);

#endif
