/* Character devices: drivers register file operations for a range of minors of a
 * major; opening a S_IFCHR inode looks up its i_rdev here and switches the file to the
 * driver's operations (ENXIO if none).  Block device nodes and socket inodes cannot be
 * opened yet (ENXIO, as Linux for an unbound socket file).
 * Lock: chrdevs_lock protects the region list.
 * Relies on: kmalloc. */
#include <anvil/fs.h>
#include <anvil/slab.h>
#include <anvil/errno.h>
#include "internal.h"

struct char_device_region {
	struct list_head list;
	unsigned int major, minor_first, count;
	const char *name;
	const struct file_operations *fops;
};

static DEFINE_SPINLOCK(chrdevs_lock);
static LIST_HEAD(chrdevs);

static bool overlaps(const struct char_device_region *r, unsigned int major,
		     unsigned int first, unsigned int count)
{
	return r->major == major && first < r->minor_first + r->count &&
	       r->minor_first < first + count;
}

int register_chrdev(unsigned int major, unsigned int minor_first, unsigned int count,
		    const char *name, const struct file_operations *fops)
{
	struct char_device_region *r, *new;
	int err = 0;

	if (!count || major >= (1U << (32 - MINORBITS)) || minor_first + count - 1 > MINORMASK ||
	    minor_first + count < minor_first)
		return -EINVAL;
	new = kzalloc(sizeof(*new), GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	new->major = major;
	new->minor_first = minor_first;
	new->count = count;
	new->name = name;
	new->fops = fops;
	spin_lock(&chrdevs_lock);
	list_for_each_entry(r, &chrdevs, list)
		if (overlaps(r, major, minor_first, count))
			err = -EBUSY;
	if (!err)
		list_add_tail(&new->list, &chrdevs);
	spin_unlock(&chrdevs_lock);
	if (err)
		kfree(new);
	return err;
}

const struct file_operations *chrdev_fops(dev_t dev)
{
	const struct file_operations *fops = NULL;
	struct char_device_region *r;

	spin_lock(&chrdevs_lock);
	list_for_each_entry(r, &chrdevs, list) {
		if (overlaps(r, MAJOR(dev), MINOR(dev), 1)) {
			fops = r->fops;
			break;
		}
	}
	spin_unlock(&chrdevs_lock);
	return fops;
}

static int chrdev_open(struct inode *inode, struct file *f)
{
	const struct file_operations *fops = chrdev_fops(inode->i_rdev);

	if (!fops)
		return -ENXIO;
	f->f_op = fops;
	return fops->open ? fops->open(inode, f) : 0;
}

static int no_device_open(struct inode *inode, struct file *f)
{
	return -ENXIO;
}

const struct file_operations def_chr_fops = { .open = chrdev_open };
const struct file_operations def_blk_fops = { .open = no_device_open };
const struct file_operations bad_sock_fops = { .open = no_device_open };
