/* The kernel's random number generator and getrandom(2).  A ChaCha20 key (RFC 8439
 * block function) is the whole state.  Output uses fast key erasure as Linux's crng:
 * each request takes one block under the lock, whose first half replaces the key and
 * whose second half keys the request's own stream, so earlier output cannot be
 * recomputed from a later state.  Input (add_device_randomness) is absorbed by keying
 * ChaCha20 with key ^ input and folding the block back into the key.  Until 32 bytes of
 * seed have arrived the generator tops itself up from timer jitter on first use, so
 * reads never block (Linux does the same with its jitter entropy); getrandom's flags
 * are accepted (GRND_RANDOM and GRND_INSECURE do not change the output).
 * Lock: crng.lock, IRQ-safe (seeding may come from interrupt handlers).
 * Relies on: ktime_get_ns (jitter), uaccess. */
#include <anvil/random.h>
#include <anvil/spinlock.h>
#include <anvil/string.h>
#include <anvil/sched.h>
#include <anvil/signal.h>
#include <anvil/time.h>
#include <anvil/uaccess.h>
#include <anvil/syscall.h>
#include <anvil/printk.h>
#include <anvil/errno.h>
#include <linux/random.h>

#define CHACHA_BLOCK	64
#define KEY_WORDS	8
#define SEED_BYTES	32		/* input needed before the generator counts as seeded */
#define JITTER_SAMPLES	256

static struct {
	spinlock_t lock;		/* protects everything below */
	u32 key[KEY_WORDS];
	u64 counter;			/* blocks taken for key erasure */
	size_t seeded;			/* bytes of input so far */
} crng = { .lock = SPIN_LOCK_UNLOCKED };

static u32 rol32(u32 v, int s)
{
	return (v << s) | (v >> (32 - s));
}

#define QUARTER(a, b, c, d) do {				\
	a += b; d = rol32(d ^ a, 16);				\
	c += d; b = rol32(b ^ c, 12);				\
	a += b; d = rol32(d ^ a, 8);				\
	c += d; b = rol32(b ^ c, 7);				\
} while (0)

/* One ChaCha20 block: @iv is state words 12..15 (RFC 8439: counter, then nonce). */
static void chacha20_block(const u32 key[KEY_WORDS], const u32 iv[4], u8 out[CHACHA_BLOCK])
{
	static const u32 sigma[4] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };
	u32 in[16], x[16];

	memcpy(in, sigma, sizeof(sigma));
	memcpy(in + 4, key, KEY_WORDS * 4);
	memcpy(in + 12, iv, 16);
	memcpy(x, in, sizeof(x));
	for (int i = 0; i < 10; i++) {
		QUARTER(x[0], x[4], x[8], x[12]);
		QUARTER(x[1], x[5], x[9], x[13]);
		QUARTER(x[2], x[6], x[10], x[14]);
		QUARTER(x[3], x[7], x[11], x[15]);
		QUARTER(x[0], x[5], x[10], x[15]);
		QUARTER(x[1], x[6], x[11], x[12]);
		QUARTER(x[2], x[7], x[8], x[13]);
		QUARTER(x[3], x[4], x[9], x[14]);
	}
	for (int i = 0; i < 16; i++) {
		u32 v = x[i] + in[i];

		out[4 * i] = v;
		out[4 * i + 1] = v >> 8;
		out[4 * i + 2] = v >> 16;
		out[4 * i + 3] = v >> 24;
	}
}

/* Absorb up to 32 bytes: key = ChaCha20(key ^ chunk, domain iv)[0..32) ^ key.  Lock held. */
static void mix_chunk(const u8 *p, size_t n, u64 index)
{
	u32 k[KEY_WORDS], iv[4] = { (u32)index, (u32)(index >> 32), (u32)n, 0x6d697821 };
	u8 block[CHACHA_BLOCK];

	memcpy(k, crng.key, sizeof(k));
	for (size_t i = 0; i < n; i++)
		((u8 *)k)[i] ^= p[i];
	chacha20_block(k, iv, block);
	for (int i = 0; i < KEY_WORDS; i++)
		crng.key[i] ^= ((u32 *)block)[i];
	memset(block, 0, sizeof(block));
	memset(k, 0, sizeof(k));
}

void add_device_randomness(const void *buf, size_t n)
{
	const u8 *p = buf;
	unsigned long flags;
	u64 index = 0;

	spin_lock_irqsave(&crng.lock, flags);
	while (n) {
		size_t chunk = n < 32 ? n : 32;

		mix_chunk(p, chunk, index++ ^ crng.seeded);
		crng.seeded += chunk;
		p += chunk;
		n -= chunk;
	}
	spin_unlock_irqrestore(&crng.lock, flags);
}

/* Seed from the jitter of the clock around a little work, if nobody seeded us. */
static void seed_from_jitter(void)
{
	u64 samples[JITTER_SAMPLES];
	volatile u32 spin = 0;

	for (int i = 0; i < JITTER_SAMPLES; i++) {
		for (u32 j = 0; j < (ktime_get_ns() & 0xff); j++)
			spin += j;
		samples[i] = ktime_get_ns() ^ ((u64)spin << 32);
	}
	add_device_randomness(samples, sizeof(samples));
	pr_notice("random: crng seeded from timer jitter\n");
}

void get_random_bytes(void *buf, size_t n)
{
	u8 block[CHACHA_BLOCK], *out = buf;
	u32 key[KEY_WORDS], iv[4] = { 0, 0, 0, 0 };
	unsigned long flags;

	if (READ_ONCE(crng.seeded) < SEED_BYTES)
		seed_from_jitter();
	spin_lock_irqsave(&crng.lock, flags);
	iv[0] = (u32)crng.counter;
	iv[1] = (u32)(crng.counter >> 32);
	iv[3] = 0x6b657921;
	crng.counter++;
	chacha20_block(crng.key, iv, block);
	memcpy(crng.key, block, sizeof(crng.key));
	spin_unlock_irqrestore(&crng.lock, flags);
	memcpy(key, block + 32, sizeof(key));
	for (u64 ctr = 0; n; ctr++) {
		size_t chunk = n < CHACHA_BLOCK ? n : CHACHA_BLOCK;

		iv[0] = (u32)ctr;
		iv[1] = (u32)(ctr >> 32);
		iv[3] = 0;
		chacha20_block(key, iv, block);
		memcpy(out, block, chunk);
		out += chunk;
		n -= chunk;
	}
	memset(block, 0, sizeof(block));
	memset(key, 0, sizeof(key));
}

/* Copy @count random bytes to user memory; a pending signal ends a long request early
 * (checked between 256-byte chunks, as Linux).  Bytes copied or -EFAULT. */
long copy_random_to_user(void __user *ubuf, size_t count)
{
	u8 tmp[256];
	size_t done = 0;
	long ret = 0;

	while (done < count && !(done && signal_pending(current))) {
		size_t chunk = count - done < sizeof(tmp) ? count - done : sizeof(tmp);

		get_random_bytes(tmp, chunk);
		if (copy_to_user((char __user *)ubuf + done, tmp, chunk)) {
			ret = -EFAULT;
			break;
		}
		done += chunk;
	}
	memset(tmp, 0, sizeof(tmp));
	return done ? (long)done : ret;
}

long sys_getrandom(char __user *buf, size_t count, unsigned int flags)
{
	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & (GRND_INSECURE | GRND_RANDOM)) == (GRND_INSECURE | GRND_RANDOM))
		return -EINVAL;
	if (count > 0x7fffffffUL)
		count = 0x7fffffffUL;
	return copy_random_to_user(buf, count);
}
SYSCALL(getrandom, sys_getrandom);
