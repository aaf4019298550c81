/* Boot console: where printk output goes (a polled UART write). */
#ifndef ANVIL_CONSOLE_H
#define ANVIL_CONSOLE_H

#include <stddef.h>

struct console {
	const char *name;
	/* Write @n bytes synchronously; callable from any context, IRQs off. */
	void (*write)(struct console *con, const char *s, size_t n);
	void *data;
};

void register_console(struct console *con);
extern int console_loglevel;	/* messages with level < this are printed */

/* Copy out the kernel log ring (oldest first) for dmesg/syslog.  Returns bytes copied. */
size_t log_buf_copy(char *dst, size_t n);

#endif
