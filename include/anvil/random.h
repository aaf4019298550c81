/* Kernel random numbers (drivers/char/random.c): a ChaCha20-based CSPRNG seeded from
 * device data (the DTB's rng-seed, timer jitter).  Also getrandom(2), /dev/random and
 * /dev/urandom (drivers/char/mem.c). */
#ifndef ANVIL_RANDOM_H
#define ANVIL_RANDOM_H

#include <anvil/types.h>

/* Fill @buf with @n cryptographically secure random bytes.  Never blocks; if nothing
 * has seeded the generator yet it first seeds itself from timer jitter.  Any context. */
void get_random_bytes(void *buf, size_t n);
/* Mix @n bytes of device data (seeds, jitter) into the pool; credits no entropy, but
 * 32 bytes in total mark the generator seeded.  Any context. */
void add_device_randomness(const void *buf, size_t n);
/* For read(2) of /dev/[u]random and getrandom(2): bytes copied or -EFAULT. */
long copy_random_to_user(void __user *ubuf, size_t count);

#endif
