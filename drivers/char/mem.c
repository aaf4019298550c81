/* The memory character devices of major 1 (Linux's drivers/char/mem.c): /dev/null (1:3)
 * discards writes and reads EOF, /dev/zero (1:5) reads zeros, /dev/full (1:7) reads
 * zeros and refuses writes with ENOSPC, /dev/random (1:8) and /dev/urandom (1:9) read
 * the kernel CSPRNG and mix written data into it.  Mapping /dev/zero is not supported
 * (mmap gives ENODEV).
 * Relies on: register_chrdev/devtmpfs (fs/), the CSPRNG (drivers/char/random.c). */
#include <anvil/fs.h>
#include <anvil/random.h>
#include <anvil/string.h>
#include <anvil/sched.h>
#include <anvil/signal.h>
#include <anvil/uaccess.h>
#include <anvil/printk.h>
#include <anvil/errno.h>
#include <linux/random.h>

#define MEM_MAJOR	1

/* Seeking any of these devices is allowed and always lands at 0, as on Linux. */
static loff_t zero_lseek(struct file *f, loff_t off, int whence)
{
	f->f_pos = 0;
	return 0;
}

static ssize_t read_null(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	return 0;
}

static ssize_t write_null(struct file *f, const char __user *buf, size_t n, loff_t *pos)
{
	return n;
}

static ssize_t read_null_kernel(struct file *f, void *buf, size_t n, loff_t *pos)
{
	return 0;
}

static ssize_t write_null_kernel(struct file *f, const void *buf, size_t n, loff_t *pos)
{
	return n;
}

/* Zeros in page-sized steps, stopping early for a signal once something was read. */
static ssize_t read_zero(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	size_t done = 0;

	while (done < n) {
		size_t chunk = n - done < 4096 ? n - done : 4096;

		if (clear_user(buf + done, chunk))
			return done ? (ssize_t)done : -EFAULT;
		done += chunk;
		if (done < n && signal_pending(current))
			break;
	}
	return done;
}

static ssize_t read_zero_kernel(struct file *f, void *buf, size_t n, loff_t *pos)
{
	memset(buf, 0, n);
	return n;
}

static ssize_t write_full(struct file *f, const char __user *buf, size_t n, loff_t *pos)
{
	return -ENOSPC;
}

static ssize_t write_full_kernel(struct file *f, const void *buf, size_t n, loff_t *pos)
{
	return -ENOSPC;
}

static ssize_t read_random(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	return copy_random_to_user(buf, n);
}

static ssize_t write_random(struct file *f, const char __user *buf, size_t n, loff_t *pos)
{
	u8 tmp[256];
	size_t done = 0;

	while (done < n) {
		size_t chunk = n - done < sizeof(tmp) ? n - done : sizeof(tmp);

		if (copy_from_user(tmp, buf + done, chunk))
			return done ? (ssize_t)done : -EFAULT;
		add_device_randomness(tmp, chunk);
		done += chunk;
	}
	return done;
}

static unsigned int random_poll(struct file *f, struct poll_table *pt)
{
	return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM;
}

/* RNDGETENTCNT reports a full pool (the generator never blocks once seeded);
 * RNDADDENTROPY mixes data in (root only).  Other commands: -EINVAL, as Linux. */
static long random_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	int __user *p = (int __user *)arg;
	int hdr[2];
	long n;

	switch (cmd) {
	case RNDGETENTCNT:
		return put_user(256, p);
	case RNDADDENTROPY:
		if (current_euid() != 0)
			return -EPERM;
		if (copy_from_user(hdr, p, sizeof(hdr)))
			return -EFAULT;
		if (hdr[1] < 0)
			return -EINVAL;
		n = write_random(f, (const char __user *)(p + 2), hdr[1], NULL);
		return n < 0 ? n : 0;
	default:
		return -EINVAL;
	}
}

static const struct file_operations null_fops = {
	.llseek = zero_lseek,
	.read = read_null,
	.write = write_null,
	.read_kernel = read_null_kernel,
	.write_kernel = write_null_kernel,
};

static const struct file_operations zero_fops = {
	.llseek = zero_lseek,
	.read = read_zero,
	.write = write_null,
	.read_kernel = read_zero_kernel,
	.write_kernel = write_null_kernel,
};

static const struct file_operations full_fops = {
	.llseek = zero_lseek,
	.read = read_zero,
	.write = write_full,
	.read_kernel = read_zero_kernel,
	.write_kernel = write_full_kernel,
};

static const struct file_operations random_fops = {
	.llseek = zero_lseek,
	.read = read_random,
	.write = write_random,
	.poll = random_poll,
	.ioctl = random_ioctl,
};

static const struct mem_dev {
	const char *name;
	unsigned int minor;
	const struct file_operations *fops;
} devices[] = {
	{ "null", 3, &null_fops },
	{ "zero", 5, &zero_fops },
	{ "full", 7, &full_fops },
	{ "random", 8, &random_fops },
	{ "urandom", 9, &random_fops },
};

void chr_mem_init(void)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(devices); i++) {
		const struct mem_dev *d = &devices[i];
		int err = register_chrdev(MEM_MAJOR, d->minor, 1, d->name, d->fops);

		if (!err)
			err = devtmpfs_create_node(d->name, S_IFCHR | 0666, MKDEV(MEM_MAJOR, d->minor));
		if (err)
			pr_err("mem: cannot create /dev/%s (%d)\n", d->name, err);
	}
}
