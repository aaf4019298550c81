/*
 * Arm PrimeCell PL011 UART (DDI 0183): the boot console (polled transmit, usable from
 * any context) and the ttyAMA0 tty (interrupt-driven receive: RX and RX-timeout
 * interrupts drain the FIFO into the tty layer).
 */
#include <anvil/console.h>
#include <anvil/tty.h>
#include <anvil/irq.h>
#include <anvil/of.h>
#include <anvil/pgtable.h>
#include <anvil/printk.h>
#include <anvil/err.h>
#include <anvil/spinlock.h>
#include <arch/sysreg.h>

#define UARTDR		0x00
#define UARTFR		0x18
#define UARTIMSC	0x38
#define UARTICR		0x44
#define UARTCR		0x30
#define FR_TXFF		(1 << 5)
#define FR_RXFE		(1 << 4)
#define INT_RX		(1 << 4)
#define INT_RT		(1 << 6)
#define CR_UARTEN	(1 << 0)
#define CR_TXE		(1 << 8)
#define CR_RXE		(1 << 9)

struct pl011 {
	volatile u32 *base;
	spinlock_t tx_lock;		/* one writer at a time on the FIFO */
	struct tty_struct *tty;
	int irq;
};

static struct pl011 uart0 = { .tx_lock = SPIN_LOCK_UNLOCKED };

static inline u32 rd(struct pl011 *u, u32 off) { return u->base[off / 4]; }
static inline void wr(struct pl011 *u, u32 off, u32 v) { u->base[off / 4] = v; }

static void pl011_put(struct pl011 *u, const u8 *s, size_t n)
{
	unsigned long flags;

	spin_lock_irqsave(&u->tx_lock, flags);
	for (size_t i = 0; i < n; i++) {
		while (rd(u, UARTFR) & FR_TXFF)
			cpu_relax();
		wr(u, UARTDR, s[i]);
	}
	spin_unlock_irqrestore(&u->tx_lock, flags);
}

static void pl011_console_write(struct console *con, const char *s, size_t n)
{
	struct pl011 *u = con->data;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			pl011_put(u, (const u8 *)"\r", 1);
		pl011_put(u, (const u8 *)&s[i], 1);
	}
}

static struct console pl011_console = { .name = "ttyAMA0", .write = pl011_console_write, .data = &uart0 };

static ssize_t pl011_tty_write(struct tty_struct *tty, const u8 *buf, size_t n)
{
	pl011_put(tty_driver_data(tty), buf, n);
	return n;
}

static const struct tty_operations pl011_tty_ops = { .write = pl011_tty_write };

static void pl011_interrupt(int irq, void *data)
{
	struct pl011 *u = data;
	u8 buf[64];
	size_t n = 0;

	wr(u, UARTICR, INT_RX | INT_RT);
	while (!(rd(u, UARTFR) & FR_RXFE)) {
		buf[n++] = rd(u, UARTDR) & 0xff;
		if (n == sizeof(buf)) {
			tty_receive_buf(u->tty, buf, n);
			n = 0;
		}
	}
	if (n)
		tty_receive_buf(u->tty, buf, n);
}

/* Find the UART (the DTB's stdout-path, else the first PL011) and print through it. */
int pl011_early_init(void)
{
	int node = of_find_compatible(-1, "arm,pl011");
	u64 addr, size;

	if (node < 0 || of_reg(node, 0, &addr, &size))
		return -1;
	uart0.base = ioremap(addr, size);
	if (!uart0.base)
		return -1;
	uart0.irq = of_irq(node, 0);
	wr(&uart0, UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
	register_console(&pl011_console);
	return 0;
}

/* Register ttyAMA0 (204:64) with the tty layer and start receive interrupts. */
int pl011_tty_init(void)
{
	struct tty_struct *tty;

	if (!uart0.base)
		return -1;
	tty = tty_register("ttyAMA0", MKDEV(204, 64), &pl011_tty_ops, &uart0);
	if (IS_ERR(tty))
		return PTR_ERR(tty);
	uart0.tty = tty;
	tty_set_console(tty);
	if (uart0.irq >= 0 && request_irq(uart0.irq, pl011_interrupt, &uart0) == 0)
		wr(&uart0, UARTIMSC, INT_RX | INT_RT);
	else
		pr_err("pl011: no receive interrupt; console input disabled\n");
	return 0;
}
