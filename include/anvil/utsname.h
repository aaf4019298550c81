/* The system's uname(2) identity (kernel/sys.c), for the syscalls and procfs. */
#ifndef ANVIL_UTSNAME_H
#define ANVIL_UTSNAME_H

#include <anvil/types.h>
#include <linux/utsname.h>

/* A consistent copy of every field. */
void get_utsname(struct new_utsname *out);
/* Set nodename or domainname to @len bytes of @name (no NUL needed): 0, or -EINVAL if
 * longer than __NEW_UTS_LEN.  The caller has checked the privileges. */
int set_hostname(const char *name, size_t len);
int set_domainname(const char *name, size_t len);

#endif
