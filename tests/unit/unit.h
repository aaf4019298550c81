/* Tiny host unit-test harness.  A test file defines test functions, registers them with
 * UNIT_TEST(), and ends with UNIT_MAIN().  Each CHECK counts one assertion; the program
 * prints failures, then "N passed, N failed" and exits non-zero on any failure.
 * Build convention (tests/tests.mk): tests/unit/test_NAME.c starts with a line
 *   // sources: lib/foo.c fs/bar.c
 * naming the kernel files it links (compiled for the host with -Iinclude and the host
 * shims in tests/unit/host). */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_passed, unit_failed;

#define CHECK(cond) do {							\
	if (cond) unit_passed++;						\
	else { unit_failed++; printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } \
} while (0)
#define CHECK_EQ(a, b) do {							\
	long long __a = (long long)(a), __b = (long long)(b);			\
	if (__a == __b) unit_passed++;						\
	else { unit_failed++; printf("FAIL %s:%d: %s == %s (%lld != %lld)\n",	\
				    __FILE__, __LINE__, #a, #b, __a, __b); }	\
} while (0)

typedef void (*unit_fn)(void);
static unit_fn unit_tests[256];
static const char *unit_names[256];
static int unit_count;
#define UNIT_TEST(fn) \
	__attribute__((constructor)) static void unit_reg_##fn(void) { unit_names[unit_count] = #fn; unit_tests[unit_count++] = fn; }

#define UNIT_MAIN()								\
int main(void)									\
{										\
	for (int i = 0; i < unit_count; i++) {					\
		int before = unit_failed;					\
		unit_tests[i]();						\
		printf("%s %s\n", unit_failed == before ? "ok  " : "FAIL", unit_names[i]); \
	}									\
	printf("%d passed, %d failed\n", unit_passed, unit_failed);		\
	return unit_failed != 0;						\
}

#endif
