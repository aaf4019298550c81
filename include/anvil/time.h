/* Clocks (kernel/time.c on the Arm generic timer). */
#ifndef ANVIL_TIME_H
#define ANVIL_TIME_H

#include <anvil/types.h>

#define NSEC_PER_SEC	1000000000LL
#define NSEC_PER_MSEC	1000000LL
#define NSEC_PER_USEC	1000LL
#define HZ		100	/* scheduler tick rate; also the /proc clock tick (USER_HZ) */

/* Nanoseconds since boot (CLOCK_MONOTONIC; also BOOTTIME: nothing suspends). */
u64 ktime_get_ns(void);
/* Nanoseconds since the epoch (CLOCK_REALTIME). */
u64 ktime_get_real_ns(void);
/* Set CLOCK_REALTIME. */
void ktime_set_real_ns(u64 ns);

#endif
