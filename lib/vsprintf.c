/* vsnprintf: the kernel's printf formatting.  Supports %d %i %u %x %X %o %p %s %c %%
 * with flags '-', '0', ' ', '+', '#', field width, precision (also '*'), and length
 * modifiers hh h l ll z t. */
#include <anvil/printk.h>
#include <anvil/string.h>
#include <anvil/types.h>

struct outbuf {
	char *buf;
	size_t size, len;
};

static void out_char(struct outbuf *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_pad(struct outbuf *o, char c, int n)
{
	while (n-- > 0)
		out_char(o, c);
}

#define F_LEFT	1
#define F_ZERO	2
#define F_SPACE	4
#define F_PLUS	8
#define F_ALT	16

static void out_number(struct outbuf *o, unsigned long long v, bool neg, int base, bool upper,
		       int flags, int width, int prec)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, len;
	char sign = neg ? '-' : (flags & F_PLUS) ? '+' : (flags & F_SPACE) ? ' ' : 0;
	const char *prefix = (flags & F_ALT) && v ? (base == 16 ? (upper ? "0X" : "0x") : base == 8 ? "0" : "") : "";

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (prec >= 0)
		flags &= ~F_ZERO;
	len = (n > prec ? n : prec) + (sign ? 1 : 0) + (int)strlen(prefix);
	if (!(flags & (F_LEFT | F_ZERO)))
		out_pad(o, ' ', width - len);
	if (sign)
		out_char(o, sign);
	while (*prefix)
		out_char(o, *prefix++);
	if (flags & F_ZERO)
		out_pad(o, '0', width - len);
	out_pad(o, '0', prec - n);
	while (n)
		out_char(o, tmp[--n]);
	if (flags & F_LEFT)
		out_pad(o, ' ', width - len);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct outbuf o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		int flags = 0, width = -1, prec = -1, lng = 0;

		if (*fmt != '%') {
			out_char(&o, *fmt);
			continue;
		}
		for (;;) {
			char c = *++fmt;
			if (c == '-') flags |= F_LEFT;
			else if (c == '0') flags |= F_ZERO;
			else if (c == ' ') flags |= F_SPACE;
			else if (c == '+') flags |= F_PLUS;
			else if (c == '#') flags |= F_ALT;
			else break;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				flags |= F_LEFT;
				width = -width;
			}
			fmt++;
		} else {
			for (width = 0; *fmt >= '0' && *fmt <= '9'; fmt++)
				width = width * 10 + (*fmt - '0');
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			} else {
				for (prec = 0; *fmt >= '0' && *fmt <= '9'; fmt++)
					prec = prec * 10 + (*fmt - '0');
			}
		}
		for (;; fmt++) {
			if (*fmt == 'l') lng++;
			else if (*fmt == 'z' || *fmt == 't') lng = 1;
			else if (*fmt == 'h') lng = lng > 0 ? 0 : lng - 1;
			else break;
		}
		switch (*fmt) {
		case 'd':
		case 'i': {
			long long v = lng >= 2 ? va_arg(ap, long long) : lng == 1 ? va_arg(ap, long) : va_arg(ap, int);
			if (lng == -1) v = (short)v;
			if (lng <= -2) v = (signed char)v;
			out_number(&o, v < 0 ? -(unsigned long long)v : (unsigned long long)v, v < 0, 10, false, flags, width, prec);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'o': {
			unsigned long long v = lng >= 2 ? va_arg(ap, unsigned long long) : lng == 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			if (lng == -1) v = (unsigned short)v;
			if (lng <= -2) v = (unsigned char)v;
			out_number(&o, v, false, *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16, *fmt == 'X', flags, width, prec);
			break;
		}
		case 'p':
			out_number(&o, (unsigned long)va_arg(ap, void *), false, 16, false, F_ZERO, 16, -1);
			break;
		case 'c':
			if (!(flags & F_LEFT))
				out_pad(&o, ' ', width - 1);
			out_char(&o, (char)va_arg(ap, int));
			if (flags & F_LEFT)
				out_pad(&o, ' ', width - 1);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			int n;
			if (!s)
				s = "(null)";
			n = (int)strnlen(s, prec >= 0 ? (size_t)prec : (size_t)-1);
			if (!(flags & F_LEFT))
				out_pad(&o, ' ', width - n);
			for (int i = 0; i < n; i++)
				out_char(&o, s[i]);
			if (flags & F_LEFT)
				out_pad(&o, ' ', width - n);
			break;
		}
		case '%':
			out_char(&o, '%');
			break;
		default:
			out_char(&o, '%');
			if (*fmt)
				out_char(&o, *fmt);
			else
				fmt--;
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
