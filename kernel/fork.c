/*
 * Task creation: clone(2)/clone3(2) with the flags glibc and musl use for fork, vfork
 * and threads (CLONE_VM, FS, FILES, SIGHAND, THREAD, SYSVSEM, SETTLS, PARENT_SETTID,
 * CHILD_SETTID, CHILD_CLEARTID, VFORK, PARENT), plus kernel threads.
 */
#include <anvil/sched.h>
#include <anvil/signal.h>
#include <anvil/mman.h>
#include <anvil/fs.h>
#include <anvil/tty.h>
#include <anvil/slab.h>
#include <anvil/uaccess.h>
#include <anvil/syscall.h>
#include <anvil/errno.h>
#include <anvil/err.h>
#include <anvil/string.h>
#include <anvil/time.h>
#include <arch/ptrace.h>
#include <arch/sysreg.h>
#include <linux/sched.h>

void ret_from_fork(void);
void fpsimd_save(struct fpsimd_state *st);
void wake_up_new_task(struct task_struct *t);

DEFINE_SPINLOCK(tasklist_lock);
LIST_HEAD(task_list);

int pid_max = PID_MAX_DEFAULT;
static pid_t last_pid;			/* under tasklist_lock */
static unsigned long total_forks;	/* under tasklist_lock */

struct task_struct *find_thread_by_tid(pid_t tid)
{
	struct task_struct *t;

	list_for_each_entry(t, &task_list, tasks)
		if (t->pid == tid && t->exit_state != EXIT_DEAD)
			return t;
	return NULL;
}

struct task_struct *find_task_by_pid(pid_t pid)
{
	struct task_struct *t = find_thread_by_tid(pid);

	return t && t->group_leader == t ? t : NULL;
}

/* Next free pid (not used as a pid, tgid, pgrp or session).  Caller holds tasklist_lock. */
static pid_t alloc_pid(void)
{
	for (int tries = 0; tries < pid_max; tries++) {
		struct task_struct *t;
		bool used = false;

		last_pid = last_pid + 1 >= pid_max ? 2 : last_pid + 1;
		list_for_each_entry(t, &task_list, tasks) {
			if (t->pid == last_pid || t->signal->pgrp == last_pid || t->signal->session == last_pid) {
				used = true;
				break;
			}
		}
		if (!used)
			return last_pid;
	}
	return -EAGAIN;
}

unsigned long nr_forks(void)
{
	return READ_ONCE(total_forks);
}

pid_t last_allocated_pid(void)
{
	return READ_ONCE(last_pid);
}

void put_task_struct(struct task_struct *t)
{
	if (atomic_dec_and_test(&t->usage))
		kfree(t);
}

void free_dead_task_stack(struct task_struct *t)
{
	if (t->stack) {
		free_pages(t->stack, KERNEL_STACK_ORDER);
		t->stack = NULL;
	}
	put_task_struct(t);	/* the reference the task held on itself while running */
}

static struct sighand_struct *copy_sighand(struct sighand_struct *old)
{
	struct sighand_struct *sh = kmalloc(sizeof(*sh), GFP_KERNEL);

	if (!sh)
		return NULL;
	atomic_set(&sh->count, 1);
	spin_lock_init(&sh->siglock);
	memcpy(sh->action, old->action, sizeof(sh->action));
	return sh;
}

static struct signal_struct *copy_signal(struct signal_struct *old)
{
	struct signal_struct *s = kzalloc(sizeof(*s), GFP_KERNEL);
	unsigned long flags;

	if (!s)
		return NULL;
	atomic_set(&s->count, 1);
	INIT_LIST_HEAD(&s->thread_head);
	INIT_LIST_HEAD(&s->shared_pending.list);
	init_waitqueue_head(&s->wait_chldexit);
	INIT_LIST_HEAD(&s->real_timer.entry);
	s->pgrp = old->pgrp;
	s->session = old->session;
	spin_lock_irqsave(&tasklist_lock, flags);	/* signal->tty is under tasklist_lock */
	s->tty = old->tty ? tty_kref_get(old->tty) : NULL;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	memcpy(s->rlim, old->rlim, sizeof(s->rlim));
	return s;
}

void put_signal_struct(struct signal_struct *s)
{
	if (atomic_dec_and_test(&s->count)) {
		if (s->tty)
			tty_kref_put(s->tty);
		kfree(s);
	}
}

void put_sighand(struct sighand_struct *sh)
{
	if (atomic_dec_and_test(&sh->count))
		kfree(sh);
}

struct clone_req {
	u64 flags;
	int __user *parent_tid;
	int __user *child_tid;
	unsigned long stack;
	unsigned long tls;
	int exit_signal;
};

/* Create a task like current according to @req; kernel threads pass @fn.  Returns the
 * new task (not yet running) or ERR_PTR(-EINVAL/-ENOMEM/-EAGAIN). */
static struct task_struct *copy_process(const struct clone_req *req, int (*fn)(void *), void *arg)
{
	u64 flags = req->flags;
	struct task_struct *p, *cur = current;
	struct pt_regs *regs;
	unsigned long irqf;
	int err = -ENOMEM;
	pid_t pid;

	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return ERR_PTR(-EINVAL);
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return ERR_PTR(-EINVAL);
	if ((flags & (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID |
		      CLONE_NEWNET | CLONE_NEWCGROUP | CLONE_PIDFD | CLONE_PTRACE | CLONE_UNTRACED |
		      CLONE_IO | CLONE_NEWTIME | CLONE_INTO_CGROUP)))
		return ERR_PTR(-EINVAL);	/* namespaces, pidfds, ptrace: not supported */

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return ERR_PTR(-ENOMEM);
	p->stack = get_free_pages(GFP_KERNEL, KERNEL_STACK_ORDER);
	if (!p->stack)
		goto bad_free;
	atomic_set(&p->usage, 2);	/* one for the parent/reaper, one for running */
	INIT_LIST_HEAD(&p->run_list);
	INIT_LIST_HEAD(&p->children);
	INIT_LIST_HEAD(&p->sibling);
	INIT_LIST_HEAD(&p->thread_node);
	INIT_LIST_HEAD(&p->tasks);
	INIT_LIST_HEAD(&p->pending.list);
	init_waitqueue_head(&p->vfork_wait);
	p->cred = cur->cred;
	p->blocked = cur->blocked;
	memcpy(p->comm, cur->comm, sizeof(p->comm));
	p->start_time = ktime_get_ns();
	p->state = TASK_UNINTERRUPTIBLE;
	p->flags = fn ? PF_KTHREAD : PF_FORKNOEXEC;
	p->sas_ss_sp = (flags & CLONE_VM) && !(flags & CLONE_VFORK) ? 0 : cur->sas_ss_sp;
	p->sas_ss_size = (flags & CLONE_VM) && !(flags & CLONE_VFORK) ? 0 : cur->sas_ss_size;

	if (cur->mm) {
		if (flags & CLONE_VM) {
			atomic_inc(&cur->mm->mm_users);
			p->mm = cur->mm;
		} else if (!(p->mm = dup_mm(cur->mm))) {
			goto bad_stack;
		}
	}
	err = 0;
	if (flags & CLONE_FILES) {
		get_files(cur->files);
		p->files = cur->files;
	} else if (!(p->files = dup_files(cur->files, &err))) {
		goto bad_mm;
	}
	if (flags & CLONE_FS) {
		get_fs_struct(cur->fs);
		p->fs = cur->fs;
	} else if (!(p->fs = copy_fs_struct(cur->fs))) {
		err = -ENOMEM;
		goto bad_files;
	}
	err = -ENOMEM;
	if (flags & CLONE_SIGHAND) {
		atomic_inc(&cur->sighand->count);
		p->sighand = cur->sighand;
	} else if (!(p->sighand = copy_sighand(cur->sighand))) {
		goto bad_fs;
	}
	if (flags & CLONE_THREAD) {
		atomic_inc(&cur->signal->count);
		p->signal = cur->signal;
	} else if (!(p->signal = copy_signal(cur->signal))) {
		goto bad_sighand;
	}

	/* registers: the child returns 0 from the syscall, on its own stack if given */
	regs = task_pt_regs(p);
	if (fn) {
		memset(regs, 0, sizeof(*regs));
		p->ctx.x19 = (unsigned long)fn;
		p->ctx.x20 = (unsigned long)arg;
	} else {
		*regs = *task_pt_regs(cur);
		regs->regs[0] = 0;
		if (req->stack)
			regs->sp = req->stack;
		fpsimd_save(&cur->thread.fpsimd);
		p->thread.fpsimd = cur->thread.fpsimd;
	}
	p->thread.tp_value = (flags & CLONE_SETTLS) ? req->tls : read_sysreg(tpidr_el0);
	p->ctx.pc = (unsigned long)ret_from_fork;
	p->ctx.sp = (unsigned long)regs;
	if (flags & CLONE_CHILD_SETTID)
		p->set_child_tid = req->child_tid;
	if (flags & CLONE_CHILD_CLEARTID)
		p->clear_child_tid = req->child_tid;

	spin_lock_irqsave(&tasklist_lock, irqf);
	pid = alloc_pid();
	if (pid < 0) {
		spin_unlock_irqrestore(&tasklist_lock, irqf);
		err = pid;
		goto bad_signal;
	}
	p->pid = pid;
	total_forks++;
	if (flags & CLONE_THREAD) {
		p->tgid = cur->tgid;
		p->group_leader = cur->group_leader;
		p->exit_signal = -1;
		p->parent = cur->parent;
	} else {
		p->tgid = pid;
		p->group_leader = p;
		p->exit_signal = req->exit_signal;
		p->parent = (flags & CLONE_PARENT) ? cur->parent : cur;
		if (flags & CLONE_PARENT)
			p->exit_signal = cur->group_leader->exit_signal;
	}
	if (p->parent && p->group_leader == p)
		list_add_tail(&p->sibling, &p->parent->children);
	list_add_tail(&p->thread_node, &p->signal->thread_head);
	p->signal->nr_threads++;
	list_add_tail(&p->tasks, &task_list);
	spin_unlock_irqrestore(&tasklist_lock, irqf);

	if (flags & CLONE_PARENT_SETTID)
		put_user(pid, req->parent_tid);
	return p;

bad_signal:
	if (flags & CLONE_THREAD)
		atomic_dec(&p->signal->count);
	else
		put_signal_struct(p->signal);
bad_sighand:
	put_sighand(p->sighand);
bad_fs:
	put_fs_struct(p->fs);
bad_files:
	put_files(p->files);
bad_mm:
	if (p->mm)
		mmput(p->mm);
bad_stack:
	free_pages(p->stack, KERNEL_STACK_ORDER);
bad_free:
	kfree(p);
	return ERR_PTR(err ? err : -ENOMEM);
}

static long do_fork(const struct clone_req *req)
{
	struct task_struct *p = copy_process(req, NULL, NULL);
	pid_t pid;

	if (IS_ERR(p))
		return PTR_ERR(p);
	pid = p->pid;
	if (req->flags & CLONE_VFORK) {
		p->vfork_parent = current;
		get_task_struct(p);
	}
	wake_up_new_task(p);
	if (req->flags & CLONE_VFORK) {
		/* the parent sleeps (not interruptibly: the child borrows its memory) until the
		 * child execs or exits */
		wait_event(p->vfork_wait, READ_ONCE(p->vfork_done));
		put_task_struct(p);
	}
	return pid;
}

/* Start a kernel thread running fn(arg); returns its pid or -errno. */
pid_t kernel_thread(int (*fn)(void *), void *arg, unsigned long flags)
{
	struct clone_req req = { .flags = flags, .exit_signal = SIGCHLD };
	struct task_struct *p = copy_process(&req, fn, arg);

	if (IS_ERR(p))
		return PTR_ERR(p);
	wake_up_new_task(p);
	return p->pid;
}

/* Release a vfork parent: the child has exec'd or is exiting. */
void mm_release_vfork(struct task_struct *t)
{
	if (t->vfork_parent) {
		t->vfork_parent = NULL;
		WRITE_ONCE(t->vfork_done, true);
		wake_up(&t->vfork_wait);
	}
}

/* arm64 uses the CLONE_BACKWARDS argument order: flags, stack, parent_tid, tls, child_tid. */
long sys_clone(unsigned long flags, unsigned long newsp, int __user *parent_tid,
	       unsigned long tls, int __user *child_tid)
{
	struct clone_req req = {
		.flags = flags & ~0xffUL, .stack = newsp, .parent_tid = parent_tid,
		.child_tid = child_tid, .tls = tls, .exit_signal = flags & 0xff,
	};

	if (req.exit_signal > _NSIG)
		return -EINVAL;
	return do_fork(&req);
}
SYSCALL(clone, sys_clone);

long sys_clone3(struct clone_args __user *uargs, size_t size)
{
	struct clone_args a;
	struct clone_req req;

	if (size < CLONE_ARGS_SIZE_VER0 || size > sizeof(a))
		return size > sizeof(a) ? -E2BIG : -EINVAL;
	memset(&a, 0, sizeof(a));
	if (copy_from_user(&a, uargs, size))
		return -EFAULT;
	if (a.exit_signal > _NSIG || (a.flags & 0xff) || a.set_tid || a.set_tid_size || a.cgroup)
		return -EINVAL;
	if ((a.stack == 0) != (a.stack_size == 0))
		return -EINVAL;
	req = (struct clone_req){
		.flags = a.flags, .stack = a.stack ? a.stack + a.stack_size : 0,
		.parent_tid = (int __user *)(unsigned long)a.parent_tid,
		.child_tid = (int __user *)(unsigned long)a.child_tid,
		.tls = a.tls, .exit_signal = (int)a.exit_signal,
	};
	return do_fork(&req);
}
SYSCALL(clone3, sys_clone3);
