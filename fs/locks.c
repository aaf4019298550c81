/* POSIX record locks (fcntl F_GETLK, F_SETLK, F_SETLKW), owned by a process's fd table
 * as POSIX says: any close of the file by the owner drops all its locks on it, and
 * they are not inherited by fork.  Each inode keeps a list of locks; an owner's locks
 * never overlap each other (a new lock first carves the range out of the owner's old
 * ones).  Not implemented: deadlock detection (EDEADLK) and open-file-description
 * locks (F_OFD_*, rejected in fcntl.c).
 * Lock: inode->i_lock protects i_flock; F_SETLKW sleeps on inode->i_flock_wait.
 * Relies on: kmalloc, wait queues, signals. */
#include <anvil/fs.h>
#include <anvil/slab.h>
#include <anvil/sched.h>
#include <anvil/signal.h>
#include <anvil/uaccess.h>
#include <anvil/errno.h>
#include <linux/fs.h>
#include "internal.h"

#define OFFSET_MAX	((loff_t)0x7fffffffffffffffLL)

struct file_lock {
	struct list_head fl_list;	/* inode->i_flock */
	struct files_struct *fl_owner;
	pid_t fl_pid;			/* owning process, for F_GETLK */
	int fl_type;			/* F_RDLCK or F_WRLCK */
	loff_t fl_start, fl_end;	/* inclusive; fl_end OFFSET_MAX: to end of file */
};

struct lock_req {
	struct files_struct *owner;
	int type;
	loff_t start, end;
};

/* Range of a struct flock relative to @f (fcntl(2) rules for l_whence and l_len). */
static int flock_to_req(struct file *f, const struct flock *fl, struct lock_req *r)
{
	loff_t base, start, end;

	switch (fl->l_whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->f_pos;
		break;
	case SEEK_END:
		base = f->f_inode->i_size;
		break;
	default:
		return -EINVAL;
	}
	if (__builtin_add_overflow(base, fl->l_start, &start))
		return -EOVERFLOW;
	if (fl->l_len > 0) {
		if (__builtin_add_overflow(start, fl->l_len - 1, &end))
			return -EOVERFLOW;
	} else if (fl->l_len == 0) {
		end = OFFSET_MAX;
	} else {
		end = start - 1;
		start += fl->l_len;
	}
	if (start < 0)
		return -EINVAL;
	r->start = start;
	r->end = end;
	r->type = fl->l_type;
	r->owner = current->files;
	return 0;
}

static bool conflicts(const struct file_lock *l, const struct lock_req *r)
{
	return l->fl_owner != r->owner && l->fl_start <= r->end && r->start <= l->fl_end &&
	       (l->fl_type == F_WRLCK || r->type == F_WRLCK);
}

/* First lock blocking @r, or NULL.  i_lock held. */
static struct file_lock *find_conflict(struct inode *inode, const struct lock_req *r)
{
	struct file_lock *l;

	list_for_each_entry(l, &inode->i_flock, fl_list)
		if (conflicts(l, r))
			return l;
	return NULL;
}

long fcntl_getlk(struct file *f, void __user *arg)
{
	struct inode *inode = f->f_inode;
	struct file_lock *l;
	struct lock_req r;
	struct flock fl;
	int err;

	if (copy_from_user(&fl, arg, sizeof(fl)))
		return -EFAULT;
	if (fl.l_type != F_RDLCK && fl.l_type != F_WRLCK)
		return -EINVAL;
	err = flock_to_req(f, &fl, &r);
	if (err)
		return err;
	spin_lock(&inode->i_lock);
	l = find_conflict(inode, &r);
	if (l) {
		fl.l_type = l->fl_type;
		fl.l_whence = SEEK_SET;
		fl.l_start = l->fl_start;
		fl.l_len = l->fl_end == OFFSET_MAX ? 0 : l->fl_end - l->fl_start + 1;
		fl.l_pid = l->fl_pid;
	} else {
		fl.l_type = F_UNLCK;
	}
	spin_unlock(&inode->i_lock);
	return copy_to_user(arg, &fl, sizeof(fl)) ? -EFAULT : 0;
}

static struct file_lock *new_lock(struct file_lock **spare, const struct lock_req *r,
				  loff_t start, loff_t end, int type)
{
	struct file_lock *l = spare[0] ? spare[0] : spare[1];

	if (l == spare[0])
		spare[0] = NULL;
	else
		spare[1] = NULL;
	l->fl_owner = r->owner;
	l->fl_pid = current->tgid;
	l->fl_type = type;
	l->fl_start = start;
	l->fl_end = end;
	return l;
}

/* Carve @r's range out of the owner's locks, then add the new lock unless unlocking.
 * At most two new records are needed (one split, one insert); @spare holds them.
 * i_lock held. */
static void apply_lock(struct inode *inode, const struct lock_req *r, struct file_lock **spare)
{
	struct file_lock *l, *tmp;

	list_for_each_entry_safe(l, tmp, &inode->i_flock, fl_list) {
		if (l->fl_owner != r->owner || l->fl_end < r->start || l->fl_start > r->end)
			continue;
		if (l->fl_start < r->start && l->fl_end > r->end) {
			struct file_lock *tail = new_lock(spare, r, r->end + 1, l->fl_end, l->fl_type);

			list_add(&tail->fl_list, &l->fl_list);
			l->fl_end = r->start - 1;
		} else if (l->fl_start < r->start) {
			l->fl_end = r->start - 1;
		} else if (l->fl_end > r->end) {
			l->fl_start = r->end + 1;
		} else {
			list_del(&l->fl_list);
			kfree(l);
		}
	}
	if (r->type != F_UNLCK)
		list_add_tail(&new_lock(spare, r, r->start, r->end, r->type)->fl_list, &inode->i_flock);
}

static bool lock_free(struct inode *inode, const struct lock_req *r)
{
	bool free;

	spin_lock(&inode->i_lock);
	free = !find_conflict(inode, r);
	spin_unlock(&inode->i_lock);
	return free;
}

long fcntl_setlk(struct file *f, unsigned int cmd, void __user *arg)
{
	struct inode *inode = f->f_inode;
	struct file_lock *spare[2];
	struct lock_req r;
	struct flock fl;
	int err;

	if (copy_from_user(&fl, arg, sizeof(fl)))
		return -EFAULT;
	if ((fl.l_type == F_RDLCK && !(f->f_mode & FMODE_READ)) ||
	    (fl.l_type == F_WRLCK && !(f->f_mode & FMODE_WRITE)))
		return -EBADF;
	if (fl.l_type != F_RDLCK && fl.l_type != F_WRLCK && fl.l_type != F_UNLCK)
		return -EINVAL;
	err = flock_to_req(f, &fl, &r);
	if (err)
		return err;
	spare[0] = kmalloc(sizeof(struct file_lock), GFP_KERNEL);
	spare[1] = kmalloc(sizeof(struct file_lock), GFP_KERNEL);
	err = -ENOLCK;
	if (!spare[0] || !spare[1])
		goto out;
	for (;;) {
		spin_lock(&inode->i_lock);
		if (r.type == F_UNLCK || !find_conflict(inode, &r))
			break;
		spin_unlock(&inode->i_lock);
		err = -EAGAIN;
		if (cmd != F_SETLKW)
			goto out;
		err = wait_event_interruptible(inode->i_flock_wait, lock_free(inode, &r));
		if (err)
			goto out;
	}
	apply_lock(inode, &r, spare);
	spin_unlock(&inode->i_lock);
	wake_up(&inode->i_flock_wait);
	err = 0;
out:
	kfree(spare[0]);
	kfree(spare[1]);
	return err;
}

void locks_remove_posix(struct file *f, struct files_struct *owner)
{
	struct inode *inode = f->f_inode;
	struct file_lock *l, *tmp;
	bool removed = false;

	if (!inode || list_empty(&inode->i_flock))
		return;
	spin_lock(&inode->i_lock);
	list_for_each_entry_safe(l, tmp, &inode->i_flock, fl_list) {
		if (l->fl_owner == owner) {
			list_del(&l->fl_list);
			kfree(l);
			removed = true;
		}
	}
	spin_unlock(&inode->i_lock);
	if (removed)
		wake_up(&inode->i_flock_wait);
}
