/* printk: formats into a 64 KiB log ring (kept for dmesg) and writes to the boot console,
 * each line prefixed with the time since boot like Linux: "[    1.234567] ". */
#include <anvil/printk.h>
#include <anvil/console.h>
#include <anvil/spinlock.h>
#include <anvil/string.h>
#include <anvil/time.h>

#define LOG_BUF_SIZE (64 * 1024)

static char log_buf[LOG_BUF_SIZE];
static size_t log_head;			/* total bytes ever written */
static DEFINE_SPINLOCK(logbuf_lock);	/* protects log_buf, log_head, line_start */
static struct console *boot_console;
static bool line_start = true;
int console_loglevel = 7;

void register_console(struct console *con)
{
	boot_console = con;
}

static void log_store(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		log_buf[(log_head + i) % LOG_BUF_SIZE] = s[i];
	log_head += n;
}

size_t log_buf_copy(char *dst, size_t n)
{
	unsigned long flags;
	size_t start, len;

	spin_lock_irqsave(&logbuf_lock, flags);
	len = log_head < LOG_BUF_SIZE ? log_head : LOG_BUF_SIZE;
	if (len > n)
		len = n;
	start = log_head - len;
	for (size_t i = 0; i < len; i++)
		dst[i] = log_buf[(start + i) % LOG_BUF_SIZE];
	spin_unlock_irqrestore(&logbuf_lock, flags);
	return len;
}

static void emit(int level, const char *s, size_t n)
{
	log_store(s, n);
	if (boot_console && level < console_loglevel)
		boot_console->write(boot_console, s, n);
}

void vprintk_level(int level, const char *fmt, va_list ap)
{
	char msg[512], stamp[24];
	unsigned long flags;
	int n = vsnprintf(msg, sizeof(msg), fmt, ap);
	const char *p = msg, *end = msg + (n < (int)sizeof(msg) ? n : (int)sizeof(msg) - 1);

	spin_lock_irqsave(&logbuf_lock, flags);
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		const char *stop = nl ? nl + 1 : end;

		if (line_start) {
			u64 ns = ktime_get_ns();
			int m = snprintf(stamp, sizeof(stamp), "[%5lu.%06lu] ",
					 (unsigned long)(ns / NSEC_PER_SEC),
					 (unsigned long)(ns % NSEC_PER_SEC / 1000));
			emit(level, stamp, m);
		}
		emit(level, p, stop - p);
		line_start = nl != NULL;
		p = stop;
	}
	spin_unlock_irqrestore(&logbuf_lock, flags);
}

void printk_level(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk_level(level, fmt, ap);
	va_end(ap);
}

/* syslog(2) / klogctl: read the kernel log for dmesg.  Reading never consumes it
 * (READ_ALL semantics for READ too would lose Linux's "wait for new messages"; so
 * SYSLOG_ACTION_READ is refused rather than faked). */
#include <anvil/uaccess.h>
#include <anvil/syscall.h>
#include <anvil/errno.h>
#include <anvil/slab.h>

#define SYSLOG_ACTION_CLOSE		0
#define SYSLOG_ACTION_OPEN		1
#define SYSLOG_ACTION_READ_ALL		3
#define SYSLOG_ACTION_READ_CLEAR	4
#define SYSLOG_ACTION_CLEAR		5
#define SYSLOG_ACTION_CONSOLE_OFF	6
#define SYSLOG_ACTION_CONSOLE_ON	7
#define SYSLOG_ACTION_CONSOLE_LEVEL	8
#define SYSLOG_ACTION_SIZE_UNREAD	9
#define SYSLOG_ACTION_SIZE_BUFFER	10

static size_t log_clear_point;		/* log_head at the last clear */

long sys_syslog(int type, char __user *ubuf, int len)
{
	char *kbuf;
	size_t n, start;
	long ret;

	switch (type) {
	case SYSLOG_ACTION_CLOSE:
	case SYSLOG_ACTION_OPEN:
		return 0;
	case SYSLOG_ACTION_SIZE_BUFFER:
		return LOG_BUF_SIZE;
	case SYSLOG_ACTION_SIZE_UNREAD:
		return log_head - log_clear_point < LOG_BUF_SIZE ? log_head - log_clear_point : LOG_BUF_SIZE;
	case SYSLOG_ACTION_CLEAR:
		log_clear_point = log_head;
		return 0;
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		if (len < 1 || len > 8)
			return -EINVAL;
		console_loglevel = len < 1 ? 1 : len;
		return 0;
	case SYSLOG_ACTION_CONSOLE_OFF:
		console_loglevel = 1;
		return 0;
	case SYSLOG_ACTION_CONSOLE_ON:
		console_loglevel = 7;
		return 0;
	case SYSLOG_ACTION_READ_ALL:
	case SYSLOG_ACTION_READ_CLEAR:
		if (len < 0)
			return -EINVAL;
		if (!len)
			return 0;
		kbuf = kmalloc(LOG_BUF_SIZE, GFP_KERNEL);
		if (!kbuf)
			return -ENOMEM;
		n = log_buf_copy(kbuf, LOG_BUF_SIZE);
		/* only what came after the last clear */
		start = log_head - log_clear_point < n ? n - (log_head - log_clear_point) : 0;
		n -= start;
		if (n > (size_t)len) {
			start += n - len;
			n = len;
		}
		ret = copy_to_user(ubuf, kbuf + start, n) ? -EFAULT : (long)n;
		kfree(kbuf);
		if (type == SYSLOG_ACTION_READ_CLEAR && ret >= 0)
			log_clear_point = log_head;
		return ret;
	default:
		return -EINVAL;
	}
}
SYSCALL(syslog, sys_syslog);
