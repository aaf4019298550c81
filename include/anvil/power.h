/* Machine power control (arch/arm64/psci.c). */
#ifndef ANVIL_POWER_H
#define ANVIL_POWER_H

#include <anvil/compiler.h>

void psci_init(void);
__noreturn void machine_power_off(void);
__noreturn void machine_restart(void);
__noreturn void machine_halt(void);

#endif
