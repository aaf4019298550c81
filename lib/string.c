/* Freestanding string and memory routines.  memcpy/memset work a word at a time when
 * both ends allow it; everything is portable C (also used by host unit tests' kernel
 * sources via the host libc instead). */
#include <anvil/string.h>
#include <anvil/types.h>

void *memcpy(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0) {
		for (; n >= 32; n -= 32, d += 32, s += 32) {
			u64 a = ((const u64 *)s)[0], b = ((const u64 *)s)[1];
			u64 c = ((const u64 *)s)[2], e = ((const u64 *)s)[3];
			((u64 *)d)[0] = a;
			((u64 *)d)[1] = b;
			((u64 *)d)[2] = c;
			((u64 *)d)[3] = e;
		}
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(u64 *)d = *(const u64 *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

#ifdef __aarch64__
/* Zero whole DC ZVA blocks (Arm ARM D7.4.8 "DC ZVA"): the fastest way to clear pages. */
static size_t zero_blocks(u8 *d, size_t n)
{
	static unsigned int block;
	size_t done = 0;

	if (!block) {
		u64 dczid;
		__asm__ ("mrs %0, dczid_el0" : "=r"(dczid));
		block = (dczid & 0x10) ? ~0u : 4u << (dczid & 0xf);	/* DZP: prohibited */
	}
	if (block == ~0u || ((uintptr_t)d & (block - 1)))
		return 0;
	for (; n - done >= block; done += block)
		__asm__ __volatile__("dc zva, %0" :: "r"(d + done) : "memory");
	return done;
}
#endif

void *memset(void *p, int c, size_t n)
{
	u8 *d = p;
	u64 v = (u8)c;

#ifdef __aarch64__
	if (c == 0 && n >= 256) {
		size_t done = zero_blocks(d, n);
		d += done;
		n -= done;
	}
#endif

	v |= v << 8;
	v |= v << 16;
	v |= v << 32;
	while (n && ((uintptr_t)d & 7)) {
		*d++ = (u8)c;
		n--;
	}
	for (; n >= 32; n -= 32, d += 32) {
		((u64 *)d)[0] = v;
		((u64 *)d)[1] = v;
		((u64 *)d)[2] = v;
		((u64 *)d)[3] = v;
	}
	for (; n >= 8; n -= 8, d += 8)
		*(u64 *)d = v;
	while (n--)
		*d++ = (u8)c;
	return p;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const u8 *p = s;

	for (; n; n--, p++)
		if (*p == (u8)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (u8)*a - (u8)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (u8)*a - (u8)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *strcpy(char *dst, const char *src)
{
	char *d = dst;

	while ((*d++ = *src++))
		;
	return dst;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

char *strsep(char **sp, const char *delim)
{
	char *s = *sp, *p;

	if (!s)
		return NULL;
	for (p = s; *p; p++) {
		if (strchr(delim, *p)) {
			*p = '\0';
			*sp = p + 1;
			return s;
		}
	}
	*sp = NULL;
	return s;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

unsigned long strtoul(const char *s, char **end, int base)
{
	unsigned long v = 0;
	int d;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '+')
		s++;
	if ((base == 0 || base == 16) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		base = 16;
	} else if (base == 0) {
		base = s[0] == '0' ? 8 : 10;
	}
	while ((d = digit_value(*s)) < base) {
		v = v * base + d;
		s++;
	}
	if (end)
		*end = (char *)s;
	return v;
}

long strtol(const char *s, char **end, int base)
{
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '-')
		return -(long)strtoul(s + 1, end, base);
	return (long)strtoul(s, end, base);
}
