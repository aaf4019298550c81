/* procfs access to processes: finding the task an inode names, taking references on
 * its address space, fd table and fs context, permission checks, reading its memory.
 *
 * A task's mm, files and fs pointers are cleared by exit (and mm replaced by exec)
 * without a lock of their own, so they are read and referenced under tasklist_lock, and
 * a task that has started exiting (PF_EXITING, set before any of them is released) is
 * treated as having none.  This is sound while the kernel is not preemptible and runs
 * on one CPU (the owner cannot run between our read and our reference); SMP needs a
 * per-task lock taken by exit/exec around those stores (Linux's task_lock), see
 * docs/procfs.md.  signal/sighand are freed when the task is reaped, so they too are
 * only read under tasklist_lock while the task is not EXIT_DEAD.
 * Lock order: dcache_lock > tasklist_lock > files->file_lock, fs->lock.
 * Relies on: the task list (kernel/fork.c), page tables (pgtable.h). */
#include <anvil/fs.h>
#include <anvil/sched.h>
#include <anvil/mman.h>
#include <anvil/pgtable.h>
#include <anvil/string.h>
#include <anvil/err.h>
#include <anvil/errno.h>
#include "internal.h"

/* The task @pi names, if it is still the same one.  tasklist_lock held. */
static struct task_struct *find_proc_task(const struct proc_inode *pi)
{
	struct task_struct *t = pi->tid ? find_thread_by_tid(pi->tid) : find_task_by_pid(pi->tgid);

	if (!t || t->tgid != pi->tgid || t->start_time != pi->start_time)
		return NULL;
	return t;
}

struct task_struct *proc_get_task(struct inode *inode)
{
	struct task_struct *t;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	t = find_proc_task(PROC_I(inode));
	if (t) {
		get_task_struct(t);
		/* set*id and setuid exec change who owns the process's entries */
		inode->i_uid = t->cred.euid;
		inode->i_gid = t->cred.egid;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return t;
}

struct task_struct *proc_task_or_esrch(struct inode *inode)
{
	struct task_struct *t = proc_get_task(inode);

	return t ? t : ERR_PTR(-ESRCH);
}

/* Take tasklist_lock; true if @t still has its mm, files and fs (not exiting). */
static bool lock_task_state(struct task_struct *t, unsigned long *flags)
{
	spin_lock_irqsave(&tasklist_lock, *flags);
	return !(t->flags & PF_EXITING);
}

struct mm_struct *proc_task_mm(struct task_struct *t)
{
	struct mm_struct *mm = NULL;
	unsigned long flags;

	if (lock_task_state(t, &flags) && t->mm) {
		mm = t->mm;
		atomic_inc(&mm->mm_users);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return mm;
}

struct mm_struct *proc_inode_mm(struct inode *inode, bool check_access)
{
	struct task_struct *t = proc_task_or_esrch(inode);
	struct mm_struct *mm;

	if (IS_ERR(t))
		return (struct mm_struct *)t;
	mm = check_access && !proc_may_access(t) ? ERR_PTR(-EACCES) : proc_task_mm(t);
	put_task_struct(t);
	return mm;
}

struct files_struct *proc_task_files(struct task_struct *t)
{
	struct files_struct *files = NULL;
	unsigned long flags;

	if (lock_task_state(t, &flags) && t->files) {
		files = t->files;
		get_files(files);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return files;
}

struct fs_struct *proc_task_fs(struct task_struct *t)
{
	struct fs_struct *fs = NULL;
	unsigned long flags;

	if (lock_task_state(t, &flags) && t->fs) {
		fs = t->fs;
		get_fs_struct(fs);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return fs;
}

/* Linux's ptrace_may_access(PTRACE_MODE_READ_FSCREDS): the same process, root, or
 * matching real, effective and saved ids. */
bool proc_may_access(struct task_struct *t)
{
	const struct cred *c = &current->cred, *tc = &t->cred;

	if (t->tgid == current->tgid || c->euid == 0)
		return true;
	return c->fsuid == tc->uid && c->fsuid == tc->euid && c->fsuid == tc->suid &&
	       c->fsgid == tc->gid && c->fsgid == tc->egid && c->fsgid == tc->sgid;
}

char proc_task_state(struct task_struct *t)
{
	long state = READ_ONCE(t->state);

	if (t->exit_state & EXIT_ZOMBIE)
		return 'Z';
	if (t->exit_state & EXIT_DEAD)
		return 'X';
	if (state & TASK_STOPPED)
		return 'T';
	if (state & TASK_UNINTERRUPTIBLE)
		return 'D';
	if (state & TASK_INTERRUPTIBLE)
		return 'S';
	return 'R';
}

size_t proc_access_vm(struct mm_struct *mm, unsigned long addr, void *buf, size_t len)
{
	size_t done = 0;

	mutex_lock(&mm->mmap_lock);
	while (done < len) {
		unsigned long va = addr + done, pfn;
		size_t off = va & ~PAGE_MASK, chunk = min(PAGE_SIZE - off, len - done);
		pte_t *ptep;

		if (va < addr || va >= STACK_TOP)
			break;
		ptep = pte_offset(mm->pgd, va, false);
		if (!ptep || !pte_present(*ptep))
			break;
		pfn = pte_pfn(*ptep);
		if (pfn < mem_base_pfn || pfn >= mem_base_pfn + mem_nr_pages)
			break;
		memcpy((char *)buf + done, (char *)page_address(pfn_to_page(pfn)) + off, chunk);
		done += chunk;
	}
	mutex_unlock(&mm->mmap_lock);
	return done;
}

/* Is fd @fd open in @t?  tasklist_lock held (so @t's files cannot go away). */
static bool fd_open(struct task_struct *t, int fd)
{
	struct files_struct *files = t->files;
	bool open;

	if (!files || (t->flags & PF_EXITING))
		return false;
	spin_lock(&files->file_lock);
	open = (unsigned int)fd < files->fdt.max_fds && files->fdt.fd[fd];
	spin_unlock(&files->file_lock);
	return open;
}

bool proc_inode_stale(struct inode *inode)
{
	const struct proc_inode *pi = PROC_I(inode);
	struct task_struct *t;
	unsigned long flags;
	bool stale;

	if (!pi->tgid)
		return false;
	spin_lock_irqsave(&tasklist_lock, flags);
	t = find_proc_task(pi);
	stale = !t || (pi->entry == &proc_fd_link_entry && !fd_open(t, pi->fd));
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return stale;
}

struct file *proc_fget(struct files_struct *files, unsigned int fd)
{
	struct file *f = NULL;

	spin_lock(&files->file_lock);
	if (fd < files->fdt.max_fds && files->fdt.fd[fd])
		f = get_file(files->fdt.fd[fd]);
	spin_unlock(&files->file_lock);
	return f;
}

int proc_next_fd(struct files_struct *files, unsigned int from)
{
	int fd = -1;

	spin_lock(&files->file_lock);
	for (; from < files->fdt.max_fds; from++) {
		if (files->fdt.fd[from]) {
			fd = from;
			break;
		}
	}
	spin_unlock(&files->file_lock);
	return fd;
}

int proc_collect_ids(pid_t from, pid_t tgid, pid_t *out, int max)
{
	struct task_struct *t;
	unsigned long flags;
	int n = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	list_for_each_entry(t, &task_list, tasks) {
		pid_t id = tgid ? t->pid : t->tgid;
		int i;

		if (tgid ? t->tgid != tgid : t->group_leader != t)
			continue;
		if (id < from || (n == max && id >= out[n - 1]))
			continue;
		i = n < max ? n++ : n - 1;	/* full: the largest one drops out */
		for (; i > 0 && out[i - 1] > id; i--)
			out[i] = out[i - 1];
		out[i] = id;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return n;
}

void proc_count_tasks(struct proc_task_counts *c)
{
	struct task_struct *t;
	unsigned long flags;

	memset(c, 0, sizeof(*c));
	spin_lock_irqsave(&tasklist_lock, flags);
	list_for_each_entry(t, &task_list, tasks) {
		long state = READ_ONCE(t->state);

		c->total++;
		if (t->exit_state)
			continue;
		if (state == TASK_RUNNING)
			c->running++;
		else if (state & TASK_UNINTERRUPTIBLE)
			c->uninterruptible++;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
}
