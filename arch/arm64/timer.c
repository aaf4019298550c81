/*
 * Arm generic timer (Arm ARM D11): CNTVCT_EL0 is the monotonic clock; the EL1 virtual
 * timer (CNTV_CVAL_EL0, a PPI) is the clock-event device, programmed one-shot for the
 * earlier of the next scheduler tick (HZ) and the next kernel timer.
 */
#include <anvil/timer.h>
#include <anvil/time.h>
#include <anvil/irq.h>
#include <anvil/of.h>
#include <anvil/printk.h>
#include <anvil/errno.h>
#include <anvil/spinlock.h>
#include <arch/sysreg.h>

static u64 cntfrq;
static u64 next_tick;		/* ns */
static s64 realtime_offset;	/* CLOCK_REALTIME - CLOCK_MONOTONIC, ns */

void scheduler_tick(void);

static u64 cycles_to_ns(u64 c)
{
	return c / cntfrq * NSEC_PER_SEC + c % cntfrq * NSEC_PER_SEC / cntfrq;
}

static u64 ns_to_cycles(u64 ns)
{
	return ns / NSEC_PER_SEC * cntfrq + ns % NSEC_PER_SEC * cntfrq / NSEC_PER_SEC;
}

u64 ktime_get_ns(void)
{
	if (!cntfrq)
		return 0;
	isb();
	return cycles_to_ns(read_sysreg(cntvct_el0));
}

u64 ktime_get_real_ns(void)
{
	return ktime_get_ns() + READ_ONCE(realtime_offset);
}

void ktime_set_real_ns(u64 ns)
{
	WRITE_ONCE(realtime_offset, (s64)(ns - ktime_get_ns()));
}

static void program(u64 expires_ns)
{
	write_sysreg(ns_to_cycles(expires_ns), cntv_cval_el0);
	write_sysreg(1, cntv_ctl_el0);		/* enabled, not masked */
	isb();
}

void clockevent_reprogram(u64 expires)
{
	unsigned long flags;

	local_irq_save(flags);
	if (expires < next_tick)
		program(expires);
	local_irq_restore(flags);
}

static void timer_interrupt(int irq, void *data)
{
	u64 now = ktime_get_ns(), next;

	if (now >= next_tick) {
		next_tick = now + NSEC_PER_SEC / HZ;
		scheduler_tick();
	}
	next = run_timers(now);
	program(next < next_tick ? next : next_tick);
}

int arch_timer_init(void)
{
	int node = of_find_compatible(-1, "arm,armv8-timer");
	int irq;

	cntfrq = read_sysreg(cntfrq_el0);
	if (node < 0 || !cntfrq)
		return -ENODEV;
	irq = of_irq(node, 2);		/* entries: secure phys, phys, virtual, hyp */
	if (irq < 0)
		return irq;
	next_tick = ktime_get_ns() + NSEC_PER_SEC / HZ;
	program(next_tick);
	pr_info("timer: %lu Hz counter, virtual timer IRQ %d, tick %d Hz\n", cntfrq, irq, HZ);
	return request_irq(irq, timer_interrupt, NULL);
}

/* Early, before the timer interrupt: lets printk time-stamp from the first line. */
void arch_timer_early_init(void)
{
	cntfrq = read_sysreg(cntfrq_el0);
}
