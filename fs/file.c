/* File descriptor tables (files_struct): fd -> struct file, with close-on-exec bits.
 * Tables start with 64 embedded slots and grow in powers of two up to RLIMIT_NOFILE;
 * new descriptors take the lowest free number.  A slot is "reserved" (open_fds bit set,
 * no file yet) between get_unused_fd_flags() and fd_install(), so open(2) can fail with
 * EMFILE before it creates anything.  dup, dup3, close, close_range, fork/exec hooks.
 * Lock: files->file_lock (spinlock) protects the table; it is dropped to allocate and
 * is never held while a file is released.
 * Relies on: kmalloc, struct file refcounts (fs/file_table.c), POSIX locks. */
#include <anvil/fs.h>
#include <anvil/slab.h>
#include <anvil/string.h>
#include <anvil/sched.h>
#include <anvil/syscall.h>
#include <anvil/errno.h>
#include <linux/close_range.h>
#include "internal.h"

#define BITS_PER_LONG	(8 * sizeof(long))

static bool fd_test(const unsigned long *map, unsigned int fd)
{
	return (map[fd / BITS_PER_LONG] >> (fd % BITS_PER_LONG)) & 1;
}

static void fd_assign(unsigned long *map, unsigned int fd, bool on)
{
	unsigned long bit = 1UL << (fd % BITS_PER_LONG);

	if (on)
		map[fd / BITS_PER_LONG] |= bit;
	else
		map[fd / BITS_PER_LONG] &= ~bit;
}

static unsigned int find_next_zero(const unsigned long *map, unsigned int max, unsigned int from)
{
	while (from < max && fd_test(map, from)) {
		if (map[from / BITS_PER_LONG] == ~0UL)
			from = ALIGN(from + 1, BITS_PER_LONG);
		else
			from++;
	}
	return from < max ? from : max;
}

unsigned long current_nofile_limit(void)
{
	unsigned long lim = current->signal->rlim[RLIMIT_NOFILE].rlim_cur;

	return lim < NR_OPEN_MAX ? lim : NR_OPEN_MAX;
}

static void files_init(struct files_struct *files)
{
	atomic_set(&files->count, 1);
	spin_lock_init(&files->file_lock);
	files->fdt.max_fds = NR_OPEN_DEFAULT;
	files->fdt.fd = files->fd_array;
	files->fdt.open_fds = files->open_fds_init;
	files->fdt.close_on_exec = files->cloexec_init;
}

struct files_struct *files_alloc_init(void)
{
	struct files_struct *files = kzalloc(sizeof(*files), GFP_KERNEL);

	if (files)
		files_init(files);
	return files;
}

/* Arrays for a table of @nr slots (a multiple of BITS_PER_LONG), zeroed. */
static bool fdt_alloc(struct fdtable *t, unsigned int nr)
{
	size_t map = nr / BITS_PER_LONG * sizeof(long);

	t->max_fds = nr;
	t->fd = kzalloc(nr * sizeof(struct file *), GFP_KERNEL);
	t->open_fds = kzalloc(map, GFP_KERNEL);
	t->close_on_exec = kzalloc(map, GFP_KERNEL);
	if (t->fd && t->open_fds && t->close_on_exec)
		return true;
	kfree(t->fd);
	kfree(t->open_fds);
	kfree(t->close_on_exec);
	return false;
}

static void fdt_free(struct files_struct *files, struct fdtable *t)
{
	if (t->fd == files->fd_array)
		return;
	kfree(t->fd);
	kfree(t->open_fds);
	kfree(t->close_on_exec);
}

static void fdt_copy(struct fdtable *dst, const struct fdtable *src)
{
	size_t map = src->max_fds / BITS_PER_LONG * sizeof(long);

	memcpy(dst->fd, src->fd, src->max_fds * sizeof(struct file *));
	memcpy(dst->open_fds, src->open_fds, map);
	memcpy(dst->close_on_exec, src->close_on_exec, map);
}

static unsigned int table_size_for(unsigned int fd)
{
	unsigned int n = NR_OPEN_DEFAULT;

	while (n <= fd)
		n *= 2;
	return n < NR_OPEN_MAX ? n : NR_OPEN_MAX;
}

/* Make slot @fd exist.  Called and returns with file_lock held, but drops it to
 * allocate: returns 1 if it did (the caller must re-check), 0 if nothing was needed,
 * -EMFILE or -ENOMEM. */
static int expand_files(struct files_struct *files, unsigned int fd)
{
	struct fdtable new, old;

	if (fd < files->fdt.max_fds)
		return 0;
	if (fd >= NR_OPEN_MAX)
		return -EMFILE;
	spin_unlock(&files->file_lock);
	if (!fdt_alloc(&new, table_size_for(fd))) {
		spin_lock(&files->file_lock);
		return -ENOMEM;
	}
	spin_lock(&files->file_lock);
	if (files->fdt.max_fds >= new.max_fds) {
		fdt_free(files, &new);
		return 1;
	}
	old = files->fdt;
	fdt_copy(&new, &old);
	files->fdt = new;
	fdt_free(files, &old);
	return 1;
}

/* Reserve the lowest free descriptor >= @start and below @limit. */
static int alloc_fd(unsigned int start, unsigned long limit, unsigned int flags)
{
	struct files_struct *files = current->files;
	unsigned int fd;
	int err;

	spin_lock(&files->file_lock);
	do {
		fd = find_next_zero(files->fdt.open_fds, files->fdt.max_fds,
				    start > files->next_fd ? start : files->next_fd);
		if (fd >= limit) {
			err = -EMFILE;
			goto out;
		}
		err = expand_files(files, fd);
		if (err < 0)
			goto out;
	} while (err > 0);
	fd_assign(files->fdt.open_fds, fd, true);
	fd_assign(files->fdt.close_on_exec, fd, flags & O_CLOEXEC);
	if (start <= files->next_fd)
		files->next_fd = fd + 1;
	err = fd;
out:
	spin_unlock(&files->file_lock);
	return err;
}

int get_unused_fd_flags(unsigned int flags)
{
	return alloc_fd(0, current_nofile_limit(), flags);
}

/* Caller holds file_lock. */
static void __put_unused_fd(struct files_struct *files, unsigned int fd)
{
	fd_assign(files->fdt.open_fds, fd, false);
	fd_assign(files->fdt.close_on_exec, fd, false);
	if (fd < files->next_fd)
		files->next_fd = fd;
}

void put_unused_fd(int fd)
{
	struct files_struct *files = current->files;

	spin_lock(&files->file_lock);
	__put_unused_fd(files, fd);
	spin_unlock(&files->file_lock);
}

void fd_install(int fd, struct file *f)
{
	struct files_struct *files = current->files;

	spin_lock(&files->file_lock);
	files->fdt.fd[fd] = f;
	spin_unlock(&files->file_lock);
}

int fd_install_new(struct file *f, unsigned int o_flags)
{
	int fd = get_unused_fd_flags(o_flags);

	if (fd >= 0)
		fd_install(fd, f);
	return fd;
}

struct file *fget_raw(int fd)
{
	struct files_struct *files = current->files;
	struct file *f = NULL;

	spin_lock(&files->file_lock);
	if (fd >= 0 && (unsigned int)fd < files->fdt.max_fds && files->fdt.fd[fd])
		f = get_file(files->fdt.fd[fd]);
	spin_unlock(&files->file_lock);
	return f;
}

struct file *fget(int fd)
{
	struct file *f = fget_raw(fd);

	if (f && (f->f_mode & FMODE_PATH)) {
		fput(f);
		return NULL;
	}
	return f;
}

/* Take the file out of slot @fd.  Caller holds file_lock. */
static struct file *pick_file(struct files_struct *files, unsigned int fd)
{
	struct file *f;

	if (fd >= files->fdt.max_fds || !(f = files->fdt.fd[fd]))
		return NULL;
	files->fdt.fd[fd] = NULL;
	__put_unused_fd(files, fd);
	return f;
}

void filp_close(struct file *f, struct files_struct *files)
{
	locks_remove_posix(f, files);
	fput(f);
}

static int close_fd(struct files_struct *files, unsigned int fd)
{
	struct file *f;

	spin_lock(&files->file_lock);
	f = pick_file(files, fd);
	spin_unlock(&files->file_lock);
	if (!f)
		return -EBADF;
	filp_close(f, files);
	return 0;
}

long sys_close(int fd)
{
	return close_fd(current->files, fd);
}
SYSCALL(close, sys_close);

/* Grow the table of @files, which no one else can see yet, to @nr slots. */
static int resize_private(struct files_struct *files, unsigned int nr)
{
	struct fdtable new;

	if (!fdt_alloc(&new, nr))
		return -ENOMEM;
	fdt_free(files, &files->fdt);
	files->fdt = new;
	return 0;
}

struct files_struct *dup_files(struct files_struct *old, int *err)
{
	struct files_struct *files = files_alloc_init();
	struct fdtable *t;

	*err = -ENOMEM;
	if (!files)
		return NULL;
	for (;;) {
		unsigned int need;

		spin_lock(&old->file_lock);
		need = old->fdt.max_fds;
		if (need <= files->fdt.max_fds)
			break;
		spin_unlock(&old->file_lock);
		if (resize_private(files, need)) {
			put_files(files);
			return NULL;
		}
	}
	fdt_copy(&files->fdt, &old->fdt);
	spin_unlock(&old->file_lock);
	t = &files->fdt;
	for (unsigned int fd = 0; fd < t->max_fds; fd++) {
		if (t->fd[fd])
			get_file(t->fd[fd]);
		else if (fd_test(t->open_fds, fd))
			__put_unused_fd(files, fd);	/* reserved by an open in flight */
	}
	files->next_fd = 0;
	*err = 0;
	return files;
}

void get_files(struct files_struct *files)
{
	atomic_inc(&files->count);
}

void put_files(struct files_struct *files)
{
	if (!files || !atomic_dec_and_test(&files->count))
		return;
	for (unsigned int fd = 0; fd < files->fdt.max_fds; fd++)
		if (files->fdt.fd[fd])
			filp_close(files->fdt.fd[fd], files);
	fdt_free(files, &files->fdt);
	kfree(files);
}

void do_close_on_exec(struct files_struct *files)
{
	spin_lock(&files->file_lock);
	for (unsigned int fd = 0; fd < files->fdt.max_fds; fd++) {
		struct file *f;

		if (!fd_test(files->fdt.close_on_exec, fd))
			continue;
		f = pick_file(files, fd);
		if (!f)
			continue;
		spin_unlock(&files->file_lock);
		filp_close(f, files);
		spin_lock(&files->file_lock);
	}
	spin_unlock(&files->file_lock);
}

bool get_close_on_exec(int fd)
{
	struct files_struct *files = current->files;
	bool res;

	spin_lock(&files->file_lock);
	res = fd >= 0 && (unsigned int)fd < files->fdt.max_fds &&
	      fd_test(files->fdt.close_on_exec, fd);
	spin_unlock(&files->file_lock);
	return res;
}

void set_close_on_exec(int fd, bool on)
{
	struct files_struct *files = current->files;

	spin_lock(&files->file_lock);
	if (fd >= 0 && (unsigned int)fd < files->fdt.max_fds && files->fdt.fd[fd])
		fd_assign(files->fdt.close_on_exec, fd, on);
	spin_unlock(&files->file_lock);
}

/* Install @f (a reference the table takes over) at @fd, closing what was there. */
static int do_dup2(struct file *f, unsigned int fd, unsigned int flags)
{
	struct files_struct *files = current->files;
	struct file *old;
	int err;

	spin_lock(&files->file_lock);
	do {
		err = expand_files(files, fd);
		if (err < 0)
			goto out_unlock;
	} while (err > 0);
	old = files->fdt.fd[fd];
	err = -EBUSY;
	if (!old && fd_test(files->fdt.open_fds, fd))
		goto out_unlock;
	files->fdt.fd[fd] = f;
	fd_assign(files->fdt.open_fds, fd, true);
	fd_assign(files->fdt.close_on_exec, fd, flags & O_CLOEXEC);
	spin_unlock(&files->file_lock);
	if (old)
		filp_close(old, files);
	return fd;
out_unlock:
	spin_unlock(&files->file_lock);
	fput(f);
	return err;
}

long sys_dup3(unsigned int oldfd, unsigned int newfd, int flags)
{
	struct file *f;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	if (newfd >= current_nofile_limit())
		return -EBADF;
	f = fget_raw(oldfd);
	if (!f)
		return -EBADF;
	return do_dup2(f, newfd, flags);
}
SYSCALL(dup3, sys_dup3);

/* Duplicate @oldfd to the lowest free descriptor >= @start (dup, F_DUPFD). */
long dupfd(unsigned int oldfd, unsigned long start, unsigned int flags)
{
	struct file *f = fget_raw(oldfd);
	int fd;

	if (!f)
		return -EBADF;
	fd = alloc_fd(start, current_nofile_limit(), flags);
	if (fd < 0) {
		fput(f);
		return fd;
	}
	fd_install(fd, f);
	return fd;
}

long sys_dup(unsigned int oldfd)
{
	return dupfd(oldfd, 0, 0);
}
SYSCALL(dup, sys_dup);

/* CLOSE_RANGE_UNSHARE: give current a private copy of a shared table first. */
static int unshare_files(void)
{
	struct files_struct *old = current->files, *copy;
	int err;

	if (atomic_read(&old->count) == 1)
		return 0;
	copy = dup_files(old, &err);
	if (!copy)
		return err;
	current->files = copy;
	put_files(old);
	return 0;
}

long sys_close_range(unsigned int fd, unsigned int max_fd, unsigned int flags)
{
	struct files_struct *files;
	int err;

	if (flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC) || fd > max_fd)
		return -EINVAL;
	if (flags & CLOSE_RANGE_UNSHARE) {
		err = unshare_files();
		if (err)
			return err;
	}
	files = current->files;
	for (unsigned int i = fd; i <= max_fd && i < files->fdt.max_fds; i++) {
		if (flags & CLOSE_RANGE_CLOEXEC)
			set_close_on_exec(i, true);
		else
			close_fd(files, i);
	}
	return 0;
}
SYSCALL(close_range, sys_close_range);
