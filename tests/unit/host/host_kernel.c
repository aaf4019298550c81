/* Host-side kernel services for unit tests: see host_kernel.h.  Relies on the host C
 * library only; all definitions are weak so real kernel code linked into a test
 * (mm/slab.c, kernel/printk.c, ...) replaces them. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <anvil/printk.h>
#include <anvil/slab.h>
#include <anvil/uaccess.h>
#include "host_kernel.h"

/* <stdlib.h> would bring glibc's dev_t and loff_t, which differ from the kernel's. */
void *malloc(size_t size);
void *calloc(size_t n, size_t size);
void free(void *p);
char *getenv(const char *name);
__attribute__((noreturn)) void abort(void);

#define WEAK __attribute__((weak))
#define HOST_FAULT_LIMIT 4096UL		/* "user" addresses below this fault */

char host_log[HOST_LOG_SIZE];
static size_t host_log_len;

WEAK void host_log_reset(void)
{
	host_log_len = 0;
	host_log[0] = '\0';
}

WEAK int host_log_contains(const char *needle)
{
	return strstr(host_log, needle) != NULL;
}

WEAK void vprintk_level(int level, const char *fmt, va_list ap)
{
	size_t room = HOST_LOG_SIZE - 1 - host_log_len;
	va_list copy;
	int n;

	va_copy(copy, ap);
	n = vsnprintf(host_log + host_log_len, room + 1, fmt, ap);
	if (n > 0)
		host_log_len += (size_t)n < room ? (size_t)n : room;
	if (getenv("UNIT_VERBOSE"))
		vfprintf(stderr, fmt, copy);
	va_end(copy);
}

WEAK void printk_level(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk_level(level, fmt, ap);
	va_end(ap);
}

WEAK void panic(const char *fmt, ...)
{
	va_list ap;

	fputs("panic: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

WEAK void *kmalloc(size_t size, gfp_t gfp)
{
	return (gfp & __GFP_ZERO) ? calloc(1, size ? size : 1) : malloc(size ? size : 1);
}

WEAK void kfree(const void *p)
{
	free((void *)p);
}

WEAK char *kstrdup(const char *s, gfp_t gfp)
{
	size_t n = strlen(s) + 1;
	char *p = kmalloc(n, gfp);

	if (p)
		memcpy(p, s, n);
	return p;
}

static int host_user_bad(const void *p, size_t n)
{
	return n && ((unsigned long)p < HOST_FAULT_LIMIT || !access_ok(p, n));
}

WEAK long copy_from_user(void *dst, const void __user *src, size_t n)
{
	if (host_user_bad(src, n))
		return -EFAULT;
	memcpy(dst, src, n);
	return 0;
}

WEAK long copy_to_user(void __user *dst, const void *src, size_t n)
{
	if (host_user_bad(dst, n))
		return -EFAULT;
	memcpy(dst, src, n);
	return 0;
}

WEAK long clear_user(void __user *dst, size_t n)
{
	if (host_user_bad(dst, n))
		return -EFAULT;
	memset(dst, 0, n);
	return 0;
}

WEAK long strncpy_from_user(char *dst, const char __user *src, long count)
{
	long i;

	if ((unsigned long)src < HOST_FAULT_LIMIT)
		return -EFAULT;
	for (i = 0; i < count; i++) {
		dst[i] = src[i];
		if (!src[i])
			return i;
	}
	return -ENAMETOOLONG;
}

/* glibc before 2.38 has no strlcpy; lib/string.c's contract (include/anvil/string.h). */
WEAK size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}
