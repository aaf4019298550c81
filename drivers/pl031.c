/* Arm PrimeCell PL031 real-time clock (DDI 0224): read once at boot to set
 * CLOCK_REALTIME.  Data register = seconds since the epoch. */
#include <anvil/of.h>
#include <anvil/pgtable.h>
#include <anvil/time.h>
#include <anvil/printk.h>

#define RTCDR 0x00

void pl031_init(void)
{
	int node = of_find_compatible(-1, "arm,pl031");
	u64 addr, size;
	volatile u32 *base;

	if (node < 0 || of_reg(node, 0, &addr, &size) || !(base = ioremap(addr, size))) {
		pr_warn("rtc: no PL031; CLOCK_REALTIME starts at the epoch\n");
		return;
	}
	ktime_set_real_ns((u64)base[RTCDR / 4] * NSEC_PER_SEC);
}
