/* Checked access to user memory (arch/arm64/usercopy.S, uaccess.c; faults resolved by mm/memory.c).
 * Every access uses unprivileged loads/stores (LDTR/STTR) so a user pointer can never
 * reach kernel memory; a fault that the page-fault handler cannot resolve is caught via
 * the exception table and turns into -EFAULT.  Callers may sleep (demand paging). */
#ifndef ANVIL_UACCESS_H
#define ANVIL_UACCESS_H

#include <anvil/types.h>

#define TASK_SIZE	(1UL << 48)	/* user addresses are below this */

static inline bool access_ok(const void __user *p, size_t n)
{
	unsigned long a = (unsigned long)p;
	return n <= TASK_SIZE && a <= TASK_SIZE - n;
}

/* Copy @n bytes; return 0, or -EFAULT if any byte was inaccessible. */
long copy_from_user(void *dst, const void __user *src, size_t n);
long copy_to_user(void __user *dst, const void *src, size_t n);
/* Zero @n bytes of user memory; 0 or -EFAULT. */
long clear_user(void __user *dst, size_t n);
/* Copy a NUL-terminated string of at most @count bytes including the NUL.
 * Returns its length (excluding the NUL), -EFAULT, or -ENAMETOOLONG if no NUL was
 * found within @count bytes. */
long strncpy_from_user(char *dst, const char __user *src, long count);

/* Length of a user string including its NUL, looking at most @n bytes: n + 1 if no NUL
 * was found, 0 if the string is not readable. */
long strnlen_user(const char __user *s, long n);

#define get_user(x, ptr) ({						\
	unsigned char __gu_b[sizeof(*(ptr))] __attribute__((aligned(8)));	\
	long __gu_e = copy_from_user(__gu_b, (ptr), sizeof(*(ptr)));	\
	(x) = __gu_e ? 0 : *(__typeof__(*(ptr)) *)__gu_b;		\
	__gu_e; })
#define put_user(x, ptr) ({						\
	__typeof__(*(ptr)) __pu_v = (x);				\
	copy_to_user((ptr), &__pu_v, sizeof(__pu_v)); })

#endif
