/* libc-style <limits.h> for libfdt. */
#ifndef ANVIL_LIBC_LIMITS_H
#define ANVIL_LIBC_LIMITS_H
#define INT_MAX		__INT_MAX__
#define INT_MIN		(-INT_MAX - 1)
#define UINT_MAX	(INT_MAX * 2U + 1U)
#define LONG_MAX	__LONG_MAX__
#define LONG_MIN	(-LONG_MAX - 1L)
#define ULONG_MAX	(LONG_MAX * 2UL + 1UL)
#define CHAR_BIT	8
#endif
