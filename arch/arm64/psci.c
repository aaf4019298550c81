/* PSCI (Arm DEN 0022): power off and reset through the firmware, via HVC or SMC as the
 * device tree's /psci "method" says. */
#include <anvil/of.h>
#include <anvil/printk.h>
#include <anvil/string.h>
#include <anvil/power.h>
#include <arch/sysreg.h>

#define PSCI_SYSTEM_OFF		0x84000008
#define PSCI_SYSTEM_RESET	0x84000009

static bool use_smc;
static bool have_psci;

void psci_init(void)
{
	int node = of_find_compatible(-1, "arm,psci-1.0");
	const char *m;

	if (node < 0)
		node = of_find_compatible(-1, "arm,psci-0.2");
	if (node < 0)
		return;
	m = of_get_string(node, "method");
	have_psci = m != NULL;
	use_smc = m && !strcmp(m, "smc");
}

static void psci_call(unsigned long fn)
{
	register unsigned long x0 __asm__("x0") = fn;

	if (use_smc)
		__asm__ __volatile__("smc #0" : "+r"(x0) :: "x1", "x2", "x3", "memory");
	else
		__asm__ __volatile__("hvc #0" : "+r"(x0) :: "x1", "x2", "x3", "memory");
}

void machine_power_off(void)
{
	if (have_psci)
		psci_call(PSCI_SYSTEM_OFF);
	pr_err("power off failed; halting\n");
	machine_halt();
}

void machine_restart(void)
{
	if (have_psci)
		psci_call(PSCI_SYSTEM_RESET);
	pr_err("reset failed; halting\n");
	machine_halt();
}

void machine_halt(void)
{
	__asm__ __volatile__("msr daifset, #0xf");
	for (;;)
		wfi();
}
