/* Range-checked wrappers around the fault-tolerant user copies in usercopy.S. */
#include <anvil/uaccess.h>
#include <anvil/errno.h>
#include <anvil/string.h>

unsigned long __arch_copy_from_user(void *dst, const void __user *src, size_t n);
unsigned long __arch_copy_to_user(void __user *dst, const void *src, size_t n);
unsigned long __arch_clear_user(void __user *dst, size_t n);
long __arch_strncpy_from_user(char *dst, const char __user *src, long count);
long __arch_strnlen_user(const char __user *s, long n);

long copy_from_user(void *dst, const void __user *src, size_t n)
{
	if (!access_ok(src, n) || __arch_copy_from_user(dst, src, n)) {
		memset(dst, 0, n);	/* never leave stale kernel data for the caller to leak */
		return -EFAULT;
	}
	return 0;
}

long copy_to_user(void __user *dst, const void *src, size_t n)
{
	if (!access_ok(dst, n) || __arch_copy_to_user(dst, src, n))
		return -EFAULT;
	return 0;
}

long clear_user(void __user *dst, size_t n)
{
	if (!access_ok(dst, n) || __arch_clear_user(dst, n))
		return -EFAULT;
	return 0;
}

long strncpy_from_user(char *dst, const char __user *src, long count)
{
	unsigned long a = (unsigned long)src;
	long n;

	if (count <= 0)
		return 0;
	if (a >= TASK_SIZE)
		return -EFAULT;
	if ((unsigned long)count > TASK_SIZE - a)
		count = TASK_SIZE - a;
	n = __arch_strncpy_from_user(dst, src, count);
	if (n < 0)
		return -EFAULT;
	return n == count ? -ENAMETOOLONG : n;
}

long strnlen_user(const char __user *s, long n)
{
	unsigned long a = (unsigned long)s;

	if (n <= 0 || a >= TASK_SIZE)
		return 0;
	if ((unsigned long)n > TASK_SIZE - a)
		n = TASK_SIZE - a;
	return __arch_strnlen_user(s, n);
}
