/* Kernel log: printk into the log buffer and the boot console. */
#ifndef ANVIL_PRINTK_H
#define ANVIL_PRINTK_H

#include <anvil/compiler.h>
#include <stdarg.h>
#include <stddef.h>

#define LOGLEVEL_ERR	3
#define LOGLEVEL_WARN	4
#define LOGLEVEL_NOTICE	5
#define LOGLEVEL_INFO	6
#define LOGLEVEL_DEBUG	7

/* Log a message at @level (LOGLEVEL_*); printed on the console if below console_loglevel. */
__printf(2, 3) void printk_level(int level, const char *fmt, ...);
void vprintk_level(int level, const char *fmt, va_list ap);
#define printk(...)	printk_level(LOGLEVEL_INFO, __VA_ARGS__)
#define pr_err(...)	printk_level(LOGLEVEL_ERR, __VA_ARGS__)
#define pr_warn(...)	printk_level(LOGLEVEL_WARN, __VA_ARGS__)
#define pr_notice(...)	printk_level(LOGLEVEL_NOTICE, __VA_ARGS__)
#define pr_info(...)	printk_level(LOGLEVEL_INFO, __VA_ARGS__)
#define pr_debug(...)	do { if (0) printk_level(LOGLEVEL_DEBUG, __VA_ARGS__); } while (0)

__printf(3, 4) int snprintf(char *buf, size_t size, const char *fmt, ...);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* Print a message, a register dump and backtrace of the caller, stop all CPUs. */
__printf(1, 2) __noreturn void panic(const char *fmt, ...);
#define BUG_ON(c) do { if (unlikely(c)) panic("BUG at %s:%d: %s", __FILE__, __LINE__, #c); } while (0)
#define BUG() panic("BUG at %s:%d", __FILE__, __LINE__)
#define WARN_ON(c) ({ int __w = !!(c); if (unlikely(__w)) pr_warn("WARNING at %s:%d: %s\n", __FILE__, __LINE__, #c); __w; })

#endif
