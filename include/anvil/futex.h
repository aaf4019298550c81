/* Fast user-space mutexes (kernel/futex.c, futex(2)). */
#ifndef ANVIL_FUTEX_H
#define ANVIL_FUTEX_H

#include <anvil/types.h>
#include <linux/futex.h>

/* Wake up to @n waiters on @uaddr in current's address space whose bitset matches. */
int futex_wake(u32 __user *uaddr, int n, u32 bitset);

#endif
