/* /proc/PID/stat, status and statm (and the same under task/TID), in Linux 6.1's
 * formats (proc(5)).  The process-wide fields are read in one snapshot under
 * tasklist_lock (the signal and sighand structures go away when the task is reaped),
 * the memory figures from the address space (task_mmu.c).
 * Not tracked by Anvil, reported as 0: page-fault counts, context-switch counts
 * (omitted from status).  Capabilities follow the
 * ids (root has them all), as there are no capability sets.
 * Relies on: processes (task.c), mm statistics (task_mmu.c). */
#include <anvil/fs.h>
#include <anvil/signal.h>
#include <anvil/time.h>
#include <anvil/string.h>
#include <anvil/err.h>
#include <anvil/tty.h>
#include <anvil/errno.h>
#include <linux/capability.h>
#include <linux/resource.h>
#include "internal.h"

#define NS_PER_TICK	(NSEC_PER_SEC / HZ)
#define CAP_FULL	((1ULL << (CAP_LAST_CAP + 1)) - 1)

/* What stat and status say about a task, copied under tasklist_lock. */
struct task_snapshot {
	pid_t pid, tgid, ppid, pgrp, sid;
	u32 tty_nr;			/* controlling tty, userspace dev_t encoding; 0: none */
	pid_t tpgid;			/* its foreground process group; -1: none */
	char state;
	char comm[TASK_COMM_LEN];
	struct cred cred;
	unsigned int flags;
	int nr_threads, exit_signal, exit_code, cpu;
	u64 utime, stime, cutime, cstime, start_time;	/* ns */
	unsigned long rsslim, sigq_limit;
	unsigned int sigq;
	sigset_t pending, shared_pending, blocked, ignored, caught;
};

static unsigned int list_length(const struct list_head *head)
{
	const struct list_head *p;
	unsigned int n = 0;

	for (p = head->next; p != head; p = p->next)
		n++;
	return n;
}

/* Handlers of @t's process: ignored and caught signals.  siglock held. */
static void collect_handlers(struct task_struct *t, struct task_snapshot *s)
{
	sigemptyset(&s->ignored);
	sigemptyset(&s->caught);
	for (int sig = 1; sig <= _NSIG; sig++) {
		__sighandler_t h = t->sighand->action[sig - 1].sa.sa_handler;

		if (h == SIG_IGN)
			sigaddset(&s->ignored, sig);
		else if (h != SIG_DFL)
			sigaddset(&s->caught, sig);
	}
}

/* Copy @t's state; with @whole, times are summed over the thread group (the process
 * view).  -ESRCH if it has been reaped meanwhile. */
static int snapshot_task(struct task_struct *t, bool whole, struct task_snapshot *s)
{
	unsigned long flags;
	struct task_struct *th;

	spin_lock_irqsave(&tasklist_lock, flags);
	if (t->exit_state == EXIT_DEAD) {
		spin_unlock_irqrestore(&tasklist_lock, flags);
		return -ESRCH;
	}
	s->pid = t->pid;
	s->tgid = t->tgid;
	s->ppid = t->parent ? t->parent->tgid : 0;
	s->pgrp = t->signal->pgrp;
	s->sid = t->signal->session;
	s->tty_nr = t->signal->tty ? new_encode_dev(tty_devnum(t->signal->tty)) : 0;
	s->tpgid = t->signal->tty ? tty_fg_pgrp(t->signal->tty) : -1;
	s->state = proc_task_state(t);
	memcpy(s->comm, t->comm, sizeof(s->comm));
	s->comm[sizeof(s->comm) - 1] = '\0';
	s->cred = t->cred;
	s->flags = t->flags;
	s->nr_threads = t->signal->nr_threads;
	s->exit_signal = t->exit_signal;
	s->exit_code = t->exit_code;
	s->cpu = t->cpu;
	s->start_time = t->start_time;
	s->utime = s->stime = 0;
	if (whole) {
		list_for_each_entry(th, &t->signal->thread_head, thread_node) {
			s->utime += th->utime;
			s->stime += th->stime;
		}
	} else {
		s->utime = t->utime;
		s->stime = t->stime;
	}
	s->cutime = t->signal->cutime;
	s->cstime = t->signal->cstime;
	s->rsslim = t->signal->rlim[RLIMIT_RSS].rlim_cur;
	s->sigq_limit = t->signal->rlim[RLIMIT_SIGPENDING].rlim_cur;
	spin_lock(&t->sighand->siglock);
	s->pending = t->pending.signal;
	s->shared_pending = t->signal->shared_pending.signal;
	s->blocked = t->blocked;
	s->sigq = list_length(&t->pending.list) + list_length(&t->signal->shared_pending.list);
	collect_handlers(t, s);
	spin_unlock(&t->sighand->siglock);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return 0;
}

/* The task of a stat/status/statm file and whether that file is per-process. */
static struct task_struct *file_task(struct inode *inode, bool *whole)
{
	*whole = PROC_I(inode)->tid == 0;
	return proc_task_or_esrch(inode);
}

static unsigned long long ticks(u64 ns)
{
	return ns / NS_PER_TICK;
}

/* ---- stat ----------------------------------------------------------------------------- */

int proc_pid_stat(struct proc_buf *b, struct inode *inode)
{
	struct task_struct *t;
	struct task_snapshot s;
	struct proc_mm_stats st = { 0 };
	struct mm_struct *mm;
	unsigned long code[2] = { 0, 0 }, stack = 0, data[7] = { 0 };
	bool whole, permitted;
	int err;

	t = file_task(inode, &whole);
	if (IS_ERR(t))
		return PTR_ERR(t);
	err = snapshot_task(t, whole, &s);
	permitted = proc_may_access(t);
	mm = proc_task_mm(t);
	put_task_struct(t);
	if (err)
		goto out;
	if (mm) {
		proc_mm_stats(mm, &st, false);
		if (permitted) {
			code[0] = mm->start_code;
			code[1] = mm->end_code;
			stack = mm->start_stack;
			data[0] = mm->start_data;
			data[1] = mm->end_data;
			data[2] = mm->start_brk;
			data[3] = mm->arg_start;
			data[4] = mm->arg_end;
			data[5] = mm->env_start;
			data[6] = mm->env_end;
		}
	}
	pb_printf(b, "%d (%s) %c %d %d %d %u %d %u 0 0 0 0 %llu %llu %llu %llu 20 0 %d 0 %llu ",
		  s.pid, s.comm, s.state, s.ppid, s.pgrp, s.sid, s.tty_nr, s.tpgid, s.flags,
		  ticks(s.utime), ticks(s.stime), ticks(s.cutime), ticks(s.cstime),
		  s.nr_threads, ticks(s.start_time));
	pb_printf(b, "%lu %lu %lu %lu %lu %lu 0 0 ", st.total_vm << PAGE_SHIFT, st.rss, s.rsslim,
		  code[0], code[1], stack);
	pb_printf(b, "%lu %lu %lu %lu %d 0 0 %d %d 0 0 0 0 0 ",
		  s.pending.sig[0] & 0x7fffffffUL, s.blocked.sig[0] & 0x7fffffffUL,
		  s.ignored.sig[0] & 0x7fffffffUL, s.caught.sig[0] & 0x7fffffffUL,
		  s.state == 'S' || s.state == 'D', s.exit_signal, s.cpu);
	pb_printf(b, "%lu %lu %lu %lu %lu %lu %lu %d\n", data[0], data[1], data[2], data[3],
		  data[4], data[5], data[6], permitted ? s.exit_code : 0);
out:
	if (mm)
		mmput(mm);
	return err;
}

/* ---- status --------------------------------------------------------------------------- */

static const char *const state_names[] = {
	"R (running)", "S (sleeping)", "D (disk sleep)", "T (stopped)", "Z (zombie)", "X (dead)",
};

static const char *state_name(char state)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(state_names); i++)
		if (state_names[i][0] == state)
			return state_names[i];
	return state_names[0];
}

static void show_kb(struct proc_buf *b, const char *name, unsigned long pages)
{
	pb_printf(b, "%s:\t%8lu kB\n", name, pages << (PAGE_SHIFT - 10));
}

/* The Vm and Rss lines (processes with an address space only). */
static void show_mm(struct proc_buf *b, struct mm_struct *mm)
{
	struct proc_mm_stats st;
	unsigned long text, lib;

	proc_mm_stats(mm, &st, true);
	text = (PAGE_ALIGN(mm->end_code) - (mm->start_code & PAGE_MASK)) >> PAGE_SHIFT;
	text = min(text, st.exec_vm);
	lib = st.exec_vm - text;
	show_kb(b, "VmPeak", st.total_vm);
	show_kb(b, "VmSize", st.total_vm);
	show_kb(b, "VmLck", 0);
	show_kb(b, "VmPin", 0);
	show_kb(b, "VmHWM", st.rss);
	show_kb(b, "VmRSS", st.rss);
	show_kb(b, "RssAnon", st.rss_anon);
	show_kb(b, "RssFile", st.rss_file);
	show_kb(b, "RssShmem", st.rss_shmem);
	show_kb(b, "VmData", st.data_vm);
	show_kb(b, "VmStk", st.stack_vm);
	show_kb(b, "VmExe", text);
	show_kb(b, "VmLib", lib);
	show_kb(b, "VmPTE", st.pgtables);
	show_kb(b, "VmSwap", 0);
}

static void show_sigset(struct proc_buf *b, const char *name, const sigset_t *set)
{
	pb_printf(b, "%s:\t%016lx\n", name, set->sig[0]);
}

/* comm with newlines and backslashes escaped, as Linux's status "Name:". */
static void show_name(struct proc_buf *b, const char *comm)
{
	pb_puts(b, "Name:\t");
	for (; *comm; comm++) {
		if (*comm == '\n')
			pb_puts(b, "\\n");
		else if (*comm == '\\')
			pb_puts(b, "\\\\");
		else
			pb_putc(b, *comm);
	}
	pb_putc(b, '\n');
}

static void show_ids(struct proc_buf *b, const struct task_snapshot *s, int fdsize)
{
	const struct cred *c = &s->cred;

	pb_printf(b, "State:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n",
		  state_name(s->state), s->tgid, s->pid, s->ppid);
	pb_printf(b, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\nFDSize:\t%d\nGroups:\t",
		  c->uid, c->euid, c->suid, c->fsuid, c->gid, c->egid, c->sgid, c->fsgid, fdsize);
	for (int i = 0; i < c->ngroups; i++)
		pb_printf(b, i ? " %u" : "%u", c->groups[i]);
	pb_printf(b, " \nNStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n",
		  s->tgid, s->pid, s->pgrp, s->sid);
}

static void show_signals(struct proc_buf *b, const struct task_snapshot *s)
{
	const struct cred *c = &s->cred;
	unsigned long long prm = (c->uid == 0 || c->euid == 0 || c->suid == 0) ? CAP_FULL : 0;

	pb_printf(b, "Threads:\t%d\nSigQ:\t%u/%lu\n", s->nr_threads, s->sigq, s->sigq_limit);
	show_sigset(b, "SigPnd", &s->pending);
	show_sigset(b, "ShdPnd", &s->shared_pending);
	show_sigset(b, "SigBlk", &s->blocked);
	show_sigset(b, "SigIgn", &s->ignored);
	show_sigset(b, "SigCgt", &s->caught);
	pb_printf(b, "CapInh:\t%016llx\nCapPrm:\t%016llx\nCapEff:\t%016llx\nCapBnd:\t%016llx\n"
		  "CapAmb:\t%016llx\nNoNewPrivs:\t0\n", 0ULL, prm, c->euid == 0 ? CAP_FULL : 0,
		  CAP_FULL, 0ULL);
	pb_printf(b, "Cpus_allowed:\t%x\nCpus_allowed_list:\t0", (1U << PROC_NR_CPUS) - 1);
	if (PROC_NR_CPUS > 1)
		pb_printf(b, "-%d", PROC_NR_CPUS - 1);
	pb_putc(b, '\n');
}

int proc_pid_status(struct proc_buf *b, struct inode *inode)
{
	struct task_snapshot s;
	struct task_struct *t;
	struct files_struct *files;
	struct fs_struct *fs;
	struct mm_struct *mm;
	int fdsize = 0, umask = -1, err;
	bool whole;

	t = file_task(inode, &whole);
	if (IS_ERR(t))
		return PTR_ERR(t);
	err = snapshot_task(t, whole, &s);
	mm = proc_task_mm(t);
	files = proc_task_files(t);
	fs = proc_task_fs(t);
	put_task_struct(t);
	if (files) {
		spin_lock(&files->file_lock);
		fdsize = files->fdt.max_fds;
		spin_unlock(&files->file_lock);
		put_files(files);
	}
	if (fs) {
		umask = READ_ONCE(fs->umask);
		put_fs_struct(fs);
	}
	if (!err) {
		show_name(b, s.comm);
		if (umask >= 0)
			pb_printf(b, "Umask:\t%04o\n", umask);
		show_ids(b, &s, fdsize);
		if (mm)
			show_mm(b, mm);
		pb_puts(b, "CoreDumping:\t0\n");
		show_signals(b, &s);
	}
	if (mm)
		mmput(mm);
	return err;
}

/* ---- statm ---------------------------------------------------------------------------- */

/* "size resident shared text lib data dt" in pages (lib and dt are always 0). */
int proc_pid_statm(struct proc_buf *b, struct inode *inode)
{
	struct task_struct *t = proc_task_or_esrch(inode);
	struct proc_mm_stats st = { 0 };
	struct mm_struct *mm;
	unsigned long text = 0;

	if (IS_ERR(t))
		return PTR_ERR(t);
	mm = proc_task_mm(t);
	put_task_struct(t);
	if (mm) {
		proc_mm_stats(mm, &st, true);
		text = (PAGE_ALIGN(mm->end_code) - (mm->start_code & PAGE_MASK)) >> PAGE_SHIFT;
		mmput(mm);
	}
	pb_printf(b, "%lu %lu %lu %lu 0 %lu 0\n", st.total_vm, st.rss, st.rss_file + st.rss_shmem,
		  text, st.data_vm + st.stack_vm);
	return 0;
}
