/* procfs regular files: contents are generated into a kernel buffer by the entry's
 * ->show (once per read at offset 0, so a reader that rewinds sees fresh values and a
 * reader going through a file in pieces sees one consistent snapshot), then copied out
 * at the file offset.  SEEK_SET and SEEK_CUR only, as Linux's seq_file.  Writable
 * entries (comm, hostname) get the written bytes as one kernel string.
 * Locks: proc_file->lock (mutex) serialises generation and copies for one open file;
 * ->show runs under it and may sleep.
 * Relies on: kmalloc, vsnprintf, iobuf copies (fs/read_write.c). */
#include <anvil/fs.h>
#include <anvil/mm.h>
#include <anvil/slab.h>
#include <anvil/string.h>
#include <anvil/printk.h>
#include <anvil/uaccess.h>
#include <anvil/errno.h>
#include <stdarg.h>
#include <linux/fs.h>
#include "internal.h"

#define PROC_BUF_MAX	(4UL << 20)	/* largest generated file (a huge maps) */

struct proc_file {
	struct mutex lock;		/* protects buf and valid */
	struct proc_buf buf;
	bool valid;			/* buf holds a complete generation */
};

void pb_write(struct proc_buf *b, const void *p, size_t n)
{
	if (b->len < b->size)
		memcpy(b->data + b->len, p, min(n, b->size - b->len));
	b->len += n;
}

void pb_puts(struct proc_buf *b, const char *s)
{
	pb_write(b, s, strlen(s));
}

void pb_putc(struct proc_buf *b, char c)
{
	pb_write(b, &c, 1);
}

void pb_printf(struct proc_buf *b, const char *fmt, ...)
{
	size_t room = b->len < b->size ? b->size - b->len : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, ap);
	va_end(ap);
	b->len += n;
}

void pb_escape(struct proc_buf *b, const char *s, const char *esc)
{
	for (; *s; s++) {
		if (strchr(esc, *s))
			pb_printf(b, "\\%03o", (unsigned char)*s);
		else
			pb_putc(b, *s);
	}
}

void pb_pad(struct proc_buf *b, size_t col)
{
	while (b->len < col)
		pb_putc(b, ' ');
}

/* Run ->show until its output fits.  pf->lock held. */
static int generate(struct proc_file *pf, struct inode *inode)
{
	const struct proc_entry *e = PROC_I(inode)->entry;
	struct proc_buf *b = &pf->buf;
	int err;

	pf->valid = false;
	for (;;) {
		if (!b->data) {
			b->data = kmalloc(b->size, GFP_KERNEL);
			if (!b->data)
				return -ENOMEM;
		}
		b->len = 0;
		err = e->show(b, inode);
		if (err)
			return err;
		if (b->len <= b->size)
			break;
		while (b->size < b->len)
			b->size *= 2;
		if (b->size > PROC_BUF_MAX)
			return -ENOMEM;
		kfree(b->data);
		b->data = NULL;
	}
	pf->valid = true;
	return 0;
}

static ssize_t proc_read_iob(struct file *f, struct iobuf *b, size_t n, loff_t *ppos)
{
	struct proc_file *pf = f->private_data;
	loff_t pos = *ppos;
	ssize_t ret = 0;

	mutex_lock(&pf->lock);
	if (pos == 0 || !pf->valid) {
		ret = generate(pf, f->f_inode);
		if (ret)
			goto out;
	}
	if ((size_t)pos >= pf->buf.len)
		goto out;
	n = min(n, pf->buf.len - (size_t)pos);
	ret = iobuf_copy_to(b, 0, pf->buf.data + pos, n);
	if (!ret) {
		*ppos = pos + n;
		ret = n;
	}
out:
	mutex_unlock(&pf->lock);
	return ret;
}

static ssize_t proc_read(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	struct iobuf b = iobuf_user(buf);

	return proc_read_iob(f, &b, n, pos);
}

static ssize_t proc_read_kernel(struct file *f, void *buf, size_t n, loff_t *pos)
{
	struct iobuf b = iobuf_kernel(buf);

	return proc_read_iob(f, &b, n, pos);
}

/* The whole write is the new value (at most a page, as Linux's sysctl strings). */
static ssize_t proc_write(struct file *f, const char __user *ubuf, size_t n, loff_t *pos)
{
	struct proc_file *pf = f->private_data;
	size_t len = min(n, PAGE_SIZE);
	char *kbuf;
	int err;

	if (!PROC_I(f->f_inode)->entry->write)
		return -EIO;
	kbuf = kmalloc(len + 1, GFP_KERNEL);
	if (!kbuf)
		return -ENOMEM;
	err = copy_from_user(kbuf, ubuf, len) ? -EFAULT : 0;
	if (!err) {
		kbuf[len] = '\0';
		err = PROC_I(f->f_inode)->entry->write(f->f_inode, kbuf, len);
	}
	kfree(kbuf);
	if (err)
		return err;
	mutex_lock(&pf->lock);
	pf->valid = false;
	mutex_unlock(&pf->lock);
	*pos += n;
	return n;
}

loff_t proc_llseek(struct file *f, loff_t off, int whence)
{
	if (whence == SEEK_CUR)
		off += f->f_pos;
	else if (whence != SEEK_SET)
		return -EINVAL;
	if (off < 0)
		return -EINVAL;
	f->f_pos = off;
	return off;
}

static int proc_reg_open(struct inode *inode, struct file *f)
{
	struct proc_file *pf = kzalloc(sizeof(*pf), GFP_KERNEL);

	if (!pf)
		return -ENOMEM;
	mutex_init(&pf->lock);
	pf->buf.size = PAGE_SIZE;
	f->private_data = pf;
	return 0;
}

static int proc_reg_release(struct inode *inode, struct file *f)
{
	struct proc_file *pf = f->private_data;

	kfree(pf->buf.data);
	kfree(pf);
	return 0;
}

const struct file_operations proc_reg_fops = {
	.open = proc_reg_open,
	.release = proc_reg_release,
	.read = proc_read,
	.read_kernel = proc_read_kernel,
	.llseek = proc_llseek,
};

const struct file_operations proc_rw_fops = {
	.open = proc_reg_open,
	.release = proc_reg_release,
	.read = proc_read,
	.read_kernel = proc_read_kernel,
	.write = proc_write,
	.llseek = proc_llseek,
};
