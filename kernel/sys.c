/*
 * Miscellaneous process syscalls: identity (uname, ids, credentials), process groups
 * and sessions, resource limits and usage, reboot, sysinfo, prctl, and the small
 * thread bookkeeping calls glibc makes at start-up.
 */
#include <anvil/sched.h>
#include <anvil/signal.h>
#include <anvil/mman.h>
#include <anvil/tty.h>
#include <anvil/uaccess.h>
#include <anvil/syscall.h>
#include <anvil/errno.h>
#include <anvil/string.h>
#include <anvil/time.h>
#include <anvil/power.h>
#include <anvil/printk.h>
#include <anvil/mm.h>
#include <anvil/utsname.h>
#include <linux/reboot.h>
#include <linux/resource.h>
#include <linux/sysinfo.h>
#include <linux/times.h>
#include <linux/prctl.h>
#include <linux/capability.h>

#define UTS_RELEASE "6.1.0-anvil"
#define UTS_VERSION "#1 SMP PREEMPT Anvil"

static struct new_utsname utsname = {
	.sysname = "Linux",
	.nodename = "(none)",
	.release = UTS_RELEASE,
	.version = UTS_VERSION,
	.machine = "aarch64",
	.domainname = "(none)",
};
static DEFINE_SPINLOCK(uts_lock);	/* protects utsname */

void get_utsname(struct new_utsname *out)
{
	unsigned long flags;

	spin_lock_irqsave(&uts_lock, flags);
	*out = utsname;
	spin_unlock_irqrestore(&uts_lock, flags);
}

long sys_uname(struct new_utsname __user *name)
{
	struct new_utsname u;

	get_utsname(&u);
	return copy_to_user(name, &u, sizeof(u)) ? -EFAULT : 0;
}
SYSCALL(uname, sys_uname);

static int set_uts_field(char *field, const char *name, size_t len)
{
	unsigned long flags;

	if (len > __NEW_UTS_LEN)
		return -EINVAL;
	spin_lock_irqsave(&uts_lock, flags);
	memcpy(field, name, len);
	field[len] = '\0';
	spin_unlock_irqrestore(&uts_lock, flags);
	return 0;
}

int set_hostname(const char *name, size_t len)
{
	return set_uts_field(utsname.nodename, name, len);
}

int set_domainname(const char *name, size_t len)
{
	return set_uts_field(utsname.domainname, name, len);
}

/* sethostname(2)/setdomainname(2): root only; the name need not be NUL-terminated. */
static long set_uts_from_user(int (*set)(const char *name, size_t len),
			      const char __user *name, int len)
{
	char buf[__NEW_UTS_LEN];

	if (current->cred.euid != 0)
		return -EPERM;
	if (len < 0 || len > __NEW_UTS_LEN)
		return -EINVAL;
	if (copy_from_user(buf, name, len))
		return -EFAULT;
	return set(buf, len);
}

long sys_sethostname(const char __user *name, int len)
{
	return set_uts_from_user(set_hostname, name, len);
}
SYSCALL(sethostname, sys_sethostname);

long sys_setdomainname(const char __user *name, int len)
{
	return set_uts_from_user(set_domainname, name, len);
}
SYSCALL(setdomainname, sys_setdomainname);

long sys_getpid(void) { return current->tgid; }
SYSCALL(getpid, sys_getpid);
long sys_gettid(void) { return current->pid; }
SYSCALL(gettid, sys_gettid);
long sys_getppid(void)
{
	struct task_struct *p = current->group_leader->parent;
	return p ? p->tgid : 0;
}
SYSCALL(getppid, sys_getppid);
long sys_getuid(void) { return current->cred.uid; }
SYSCALL(getuid, sys_getuid);
long sys_geteuid(void) { return current->cred.euid; }
SYSCALL(geteuid, sys_geteuid);
long sys_getgid(void) { return current->cred.gid; }
SYSCALL(getgid, sys_getgid);
long sys_getegid(void) { return current->cred.egid; }
SYSCALL(getegid, sys_getegid);

bool in_group_p(gid_t gid)
{
	const struct cred *c = &current->cred;

	if (c->fsgid == gid)
		return true;
	for (int i = 0; i < c->ngroups; i++)
		if (c->groups[i] == gid)
			return true;
	return false;
}

/* The four ids of one kind in struct cred: real, effective, saved, file-system. */
struct idset {
	unsigned int *r, *e, *s, *fs;
};

static struct idset user_ids(struct cred *c) { return (struct idset){ &c->uid, &c->euid, &c->suid, &c->fsuid }; }
static struct idset group_ids(struct cred *c) { return (struct idset){ &c->gid, &c->egid, &c->sgid, &c->fsgid }; }
static bool privileged(void) { return current->cred.euid == 0; }

/* One of the caller's current ids (or -1 = leave alone), or anything for root. */
static bool id_allowed(struct idset ids, unsigned int id)
{
	return id == (unsigned int)-1 || privileged() || id == *ids.r || id == *ids.e || id == *ids.s;
}

/* setresuid(2)/setresgid(2): -1 leaves a field unchanged; the fs id follows the effective. */
static long set_res(struct idset ids, unsigned int r, unsigned int e, unsigned int s)
{
	if (!id_allowed(ids, r) || !id_allowed(ids, e) || !id_allowed(ids, s))
		return -EPERM;
	if (r != (unsigned int)-1)
		*ids.r = r;
	if (e != (unsigned int)-1)
		*ids.e = e;
	if (s != (unsigned int)-1)
		*ids.s = s;
	*ids.fs = *ids.e;
	return 0;
}

/* setreuid(2)/setregid(2): the saved id becomes the new effective one when the real id
 * is set or the effective one changes away from the real one. */
static long set_re(struct idset ids, unsigned int r, unsigned int e)
{
	unsigned int old_r = *ids.r;
	long ret = set_res(ids, r, e, -1);

	if (!ret && (r != (unsigned int)-1 || (e != (unsigned int)-1 && e != old_r)))
		*ids.s = *ids.e;
	return ret;
}

/* setuid(2)/setgid(2): root sets all ids; others only the effective one, to the real or
 * saved id. */
static long set_one(struct idset ids, unsigned int id)
{
	if (privileged()) {
		*ids.r = *ids.e = *ids.s = *ids.fs = id;
		return 0;
	}
	if (id != *ids.r && id != *ids.s)
		return -EPERM;
	*ids.e = *ids.fs = id;
	return 0;
}

/* setfsuid(2)/setfsgid(2): returns the previous fs id whether or not it changed. */
static long set_fs(struct idset ids, unsigned int id)
{
	unsigned int old = *ids.fs;

	if (id != (unsigned int)-1 && (id_allowed(ids, id) || id == *ids.fs))
		*ids.fs = id;
	return old;
}

long sys_setresuid(uid_t r, uid_t e, uid_t s) { return set_res(user_ids(&current->cred), r, e, s); }
SYSCALL(setresuid, sys_setresuid);
long sys_setresgid(gid_t r, gid_t e, gid_t s) { return set_res(group_ids(&current->cred), r, e, s); }
SYSCALL(setresgid, sys_setresgid);
long sys_setreuid(uid_t r, uid_t e) { return set_re(user_ids(&current->cred), r, e); }
SYSCALL(setreuid, sys_setreuid);
long sys_setregid(gid_t r, gid_t e) { return set_re(group_ids(&current->cred), r, e); }
SYSCALL(setregid, sys_setregid);
long sys_setuid(uid_t uid) { return set_one(user_ids(&current->cred), uid); }
SYSCALL(setuid, sys_setuid);
long sys_setgid(gid_t gid) { return set_one(group_ids(&current->cred), gid); }
SYSCALL(setgid, sys_setgid);
long sys_setfsuid(uid_t uid) { return set_fs(user_ids(&current->cred), uid); }
SYSCALL(setfsuid, sys_setfsuid);
long sys_setfsgid(gid_t gid) { return set_fs(group_ids(&current->cred), gid); }
SYSCALL(setfsgid, sys_setfsgid);

static long get_res(struct idset ids, unsigned int __user *r, unsigned int __user *e, unsigned int __user *s)
{
	return put_user(*ids.r, r) || put_user(*ids.e, e) || put_user(*ids.s, s) ? -EFAULT : 0;
}

long sys_getresuid(uid_t __user *r, uid_t __user *e, uid_t __user *s) { return get_res(user_ids(&current->cred), r, e, s); }
SYSCALL(getresuid, sys_getresuid);
long sys_getresgid(gid_t __user *r, gid_t __user *e, gid_t __user *s) { return get_res(group_ids(&current->cred), r, e, s); }
SYSCALL(getresgid, sys_getresgid);

long sys_getgroups(int size, gid_t __user *list)
{
	const struct cred *c = &current->cred;

	if (size < 0)
		return -EINVAL;
	if (size == 0)
		return c->ngroups;
	if (size < c->ngroups)
		return -EINVAL;
	return copy_to_user(list, c->groups, c->ngroups * sizeof(gid_t)) ? -EFAULT : c->ngroups;
}
SYSCALL(getgroups, sys_getgroups);

long sys_setgroups(int size, const gid_t __user *list)
{
	struct cred *c = &current->cred;
	gid_t g[32];

	if (c->euid != 0)
		return -EPERM;
	if (size < 0 || size > 32)
		return -EINVAL;
	if (copy_from_user(g, list, size * sizeof(gid_t)))
		return -EFAULT;
	memcpy(c->groups, g, size * sizeof(gid_t));
	c->ngroups = size;
	return 0;
}
SYSCALL(setgroups, sys_setgroups);

long sys_capget(void __user *hdr, void __user *data)
{
	struct __user_cap_header_struct h;
	struct __user_cap_data_struct d[2];
	bool root = current->cred.euid == 0;

	if (copy_from_user(&h, hdr, sizeof(h)))
		return -EFAULT;
	if (h.version != _LINUX_CAPABILITY_VERSION_3) {
		h.version = _LINUX_CAPABILITY_VERSION_3;
		return copy_to_user(hdr, &h, sizeof(h)) ? -EFAULT : -EINVAL;
	}
	memset(d, 0, sizeof(d));
	if (root) {	/* uid 0 holds every capability, as with Linux's default root */
		d[0].effective = d[0].permitted = 0xffffffff;
		d[1].effective = d[1].permitted = (1u << (CAP_LAST_CAP - 31)) - 1;
	}
	return data && copy_to_user(data, d, sizeof(d)) ? -EFAULT : 0;
}
SYSCALL(capget, sys_capget);

/* ---- process groups and sessions (setpgid(2), setsid(2)) */

/* A zombie still belongs to its process group until it is reaped, as on Linux: a shell
 * may hand the terminal to a pipeline whose first member has already exited. */
static bool session_has_pgrp(pid_t sid, pid_t pgrp)
{
	struct task_struct *t;

	for_each_process(t)
		if (t->signal->pgrp == pgrp && t->signal->session == sid)
			return true;
	return false;
}

bool pgrp_exists_in_session(pid_t pgrp, pid_t sid)
{
	unsigned long flags;
	bool r;

	spin_lock_irqsave(&tasklist_lock, flags);
	r = session_has_pgrp(sid, pgrp);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return r;
}

void for_each_process_in_session(pid_t sid, void (*fn)(struct task_struct *, void *), void *arg)
{
	struct task_struct *t;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(t)
		if (t->signal->session == sid)
			fn(t, arg);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

long sys_setpgid(pid_t pid, pid_t pgid)
{
	struct task_struct *t;
	unsigned long flags;
	long ret;

	if (pgid < 0)
		return -EINVAL;
	spin_lock_irqsave(&tasklist_lock, flags);
	t = pid ? find_task_by_pid(pid) : current->group_leader;
	ret = -ESRCH;
	if (!t)
		goto out;
	if (t != current->group_leader) {
		if (t->parent != current->group_leader && t->parent->tgid != current->tgid)
			goto out;
		ret = -EPERM;
		if (t->signal->session != current->signal->session)
			goto out;
		ret = -EACCES;
		if (!(t->flags & PF_FORKNOEXEC))
			goto out;
	}
	ret = -EPERM;
	if (t->signal->leader)
		goto out;
	if (!pgid)
		pgid = t->tgid;
	if (pgid != t->tgid && !session_has_pgrp(current->signal->session, pgid))
		goto out;
	t->signal->pgrp = pgid;
	ret = 0;
out:
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}
SYSCALL(setpgid, sys_setpgid);

/* Process group (@session false) or session of process @pid (0: the caller), or -ESRCH. */
static long pgrp_or_session_of(pid_t pid, bool session)
{
	struct task_struct *t;
	unsigned long flags;
	long ret;

	spin_lock_irqsave(&tasklist_lock, flags);
	t = pid ? find_task_by_pid(pid) : current;
	ret = !t ? -ESRCH : session ? t->signal->session : t->signal->pgrp;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

long sys_getpgid(pid_t pid) { return pgrp_or_session_of(pid, false); }
SYSCALL(getpgid, sys_getpgid);
long sys_getsid(pid_t pid) { return pgrp_or_session_of(pid, true); }
SYSCALL(getsid, sys_getsid);

long sys_setsid(void)
{
	struct task_struct *t;
	struct signal_struct *s = current->signal;
	struct tty_struct *tty = NULL;
	pid_t sid = current->tgid;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(t) {
		if (t->signal->pgrp == sid) {	/* already a group leader: POSIX says EPERM */
			if (t->signal != s || s->pgrp == sid) {
				spin_unlock_irqrestore(&tasklist_lock, flags);
				return -EPERM;
			}
		}
	}
	s->leader = true;
	s->session = s->pgrp = sid;
	tty = s->tty;
	s->tty = NULL;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (tty)
		tty_kref_put(tty);
	return sid;
}
SYSCALL(setsid, sys_setsid);

/* ---- resource limits and usage */

long sys_prlimit64(pid_t pid, unsigned int res, const struct rlimit64 __user *new, struct rlimit64 __user *old)
{
	struct task_struct *t;
	struct rlimit64 r;
	struct rlimit *lim;
	unsigned long flags;

	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	spin_lock_irqsave(&tasklist_lock, flags);
	t = pid ? find_task_by_pid(pid) : current;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (!t)
		return -ESRCH;
	lim = &t->signal->rlim[res];
	if (old) {
		r.rlim_cur = lim->rlim_cur == RLIM_INFINITY ? RLIM64_INFINITY : lim->rlim_cur;
		r.rlim_max = lim->rlim_max == RLIM_INFINITY ? RLIM64_INFINITY : lim->rlim_max;
		if (copy_to_user(old, &r, sizeof(r)))
			return -EFAULT;
	}
	if (new) {
		if (copy_from_user(&r, new, sizeof(r)))
			return -EFAULT;
		if (r.rlim_cur > r.rlim_max)
			return -EINVAL;
		if (r.rlim_max > lim->rlim_max && current->cred.euid != 0)
			return -EPERM;
		if (res == RLIMIT_NOFILE && r.rlim_max > 1024 * 1024)
			return -EPERM;
		lim->rlim_cur = r.rlim_cur;
		lim->rlim_max = r.rlim_max;
	}
	return 0;
}
SYSCALL(prlimit64, sys_prlimit64);

long sys_getrlimit(unsigned int res, struct rlimit __user *rl)
{
	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	return copy_to_user(rl, &current->signal->rlim[res], sizeof(*rl)) ? -EFAULT : 0;
}
SYSCALL(getrlimit, sys_getrlimit);

long sys_setrlimit(unsigned int res, const struct rlimit __user *rl)
{
	struct rlimit64 r;
	struct rlimit k;

	if (copy_from_user(&k, rl, sizeof(k)))
		return -EFAULT;
	r.rlim_cur = k.rlim_cur;
	r.rlim_max = k.rlim_max;
	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	if (r.rlim_cur > r.rlim_max)
		return -EINVAL;
	if (r.rlim_max > current->signal->rlim[res].rlim_max && current->cred.euid != 0)
		return -EPERM;
	current->signal->rlim[res] = k;
	return 0;
}
SYSCALL(setrlimit, sys_setrlimit);

static void ns_to_timeval(u64 ns, struct __kernel_old_timeval *tv)
{
	tv->tv_sec = ns / NSEC_PER_SEC;
	tv->tv_usec = ns % NSEC_PER_SEC / 1000;
}

long sys_getrusage(int who, struct rusage __user *ru)
{
	struct rusage r;
	u64 ut = 0, st = 0;
	struct task_struct *t;

	memset(&r, 0, sizeof(r));
	switch (who) {
	case RUSAGE_SELF:
		list_for_each_entry(t, &current->signal->thread_head, thread_node) {
			ut += t->utime;
			st += t->stime;
		}
		break;
	case RUSAGE_THREAD:
		ut = current->utime;
		st = current->stime;
		break;
	case RUSAGE_CHILDREN:
		ut = current->signal->cutime;
		st = current->signal->cstime;
		break;
	default:
		return -EINVAL;
	}
	ns_to_timeval(ut, (struct __kernel_old_timeval *)&r.ru_utime);
	ns_to_timeval(st, (struct __kernel_old_timeval *)&r.ru_stime);
	return copy_to_user(ru, &r, sizeof(r)) ? -EFAULT : 0;
}
SYSCALL(getrusage, sys_getrusage);

long sys_times(struct tms __user *tbuf)
{
	struct tms t;
	u64 ut = 0, st = 0;
	struct task_struct *th;
	const u64 tick = NSEC_PER_SEC / HZ;

	list_for_each_entry(th, &current->signal->thread_head, thread_node) {
		ut += th->utime;
		st += th->stime;
	}
	t.tms_utime = ut / tick;
	t.tms_stime = st / tick;
	t.tms_cutime = current->signal->cutime / tick;
	t.tms_cstime = current->signal->cstime / tick;
	if (tbuf && copy_to_user(tbuf, &t, sizeof(t)))
		return -EFAULT;
	return ktime_get_ns() / tick;
}
SYSCALL(times, sys_times);

long sys_sysinfo(struct sysinfo __user *info)
{
	struct sysinfo si;
	struct task_struct *t;
	unsigned long flags;

	memset(&si, 0, sizeof(si));
	si.uptime = ktime_get_ns() / NSEC_PER_SEC;
	si.totalram = nr_total_pages();
	si.freeram = nr_free_pages();
	si.mem_unit = PAGE_SIZE;
	spin_lock_irqsave(&tasklist_lock, flags);
	list_for_each_entry(t, &task_list, tasks)
		si.procs++;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return copy_to_user(info, &si, sizeof(si)) ? -EFAULT : 0;
}
SYSCALL(sysinfo, sys_sysinfo);

/* ---- reboot(2) */

long sys_reboot(int magic1, int magic2, unsigned int cmd, void __user *arg)
{
	if (current->cred.euid != 0)
		return -EPERM;
	if (magic1 != (int)LINUX_REBOOT_MAGIC1 ||
	    (magic2 != LINUX_REBOOT_MAGIC2 && magic2 != LINUX_REBOOT_MAGIC2A &&
	     magic2 != LINUX_REBOOT_MAGIC2B && magic2 != LINUX_REBOOT_MAGIC2C))
		return -EINVAL;
	switch (cmd) {
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		return 0;	/* there is no Ctrl-Alt-Del key source on this machine to route */
	case LINUX_REBOOT_CMD_POWER_OFF:
		pr_notice("reboot: Power down\n");
		machine_power_off();
	case LINUX_REBOOT_CMD_RESTART:
	case LINUX_REBOOT_CMD_RESTART2:
		pr_notice("reboot: Restarting system\n");
		machine_restart();
	case LINUX_REBOOT_CMD_HALT:
		pr_notice("reboot: System halted\n");
		machine_halt();
	default:
		return -EINVAL;
	}
}
SYSCALL(reboot, sys_reboot);

/* ---- thread bookkeeping */

long sys_set_tid_address(int __user *tidptr)
{
	current->clear_child_tid = tidptr;
	return current->pid;
}
SYSCALL(set_tid_address, sys_set_tid_address);

long sys_set_robust_list(void __user *head, size_t len)
{
	if (len != 24)	/* sizeof(struct robust_list_head) */
		return -EINVAL;
	current->robust_list = head;
	current->robust_list_len = len;
	return 0;
}
SYSCALL(set_robust_list, sys_set_robust_list);

long sys_get_robust_list(int pid, void __user *__user *head, size_t __user *len)
{
	if (pid && pid != current->pid)
		return -EPERM;
	if (put_user(current->robust_list, head) || put_user(current->robust_list_len, len))
		return -EFAULT;
	return 0;
}
SYSCALL(get_robust_list, sys_get_robust_list);

long sys_prctl(int option, unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5)
{
	char name[TASK_COMM_LEN];

	switch (option) {
	case PR_SET_NAME:
		if (strncpy_from_user(name, (const char __user *)a2, sizeof(name)) == -EFAULT)
			return -EFAULT;
		name[sizeof(name) - 1] = '\0';
		memcpy(current->comm, name, sizeof(name));
		return 0;
	case PR_GET_NAME:
		return copy_to_user((void __user *)a2, current->comm, sizeof(current->comm)) ? -EFAULT : 0;
	default:
		return -EINVAL;
	}
}
SYSCALL(prctl, sys_prctl);

long sys_getcpu(unsigned int __user *cpu, unsigned int __user *node, void __user *cache)
{
	if ((cpu && put_user(this_cpu()->id, cpu)) || (node && put_user(0u, node)))
		return -EFAULT;
	return 0;
}
SYSCALL(getcpu, sys_getcpu);

long sys_sched_getaffinity(pid_t pid, unsigned int len, unsigned long __user *mask)
{
	unsigned long m = 1;	/* one CPU online */

	if (len < sizeof(m) || (len & (sizeof(long) - 1)))
		return -EINVAL;
	if (clear_user(mask, len) || copy_to_user(mask, &m, sizeof(m)))
		return -EFAULT;
	return sizeof(m);
}
SYSCALL(sched_getaffinity, sys_sched_getaffinity);

long sys_sched_setaffinity(pid_t pid, unsigned int len, const unsigned long __user *mask)
{
	unsigned long m;

	if (len < sizeof(m))
		return -EINVAL;
	if (copy_from_user(&m, mask, sizeof(m)))
		return -EFAULT;
	return (m & 1) ? 0 : -EINVAL;	/* CPU 0 is the only CPU */
}
SYSCALL(sched_setaffinity, sys_sched_setaffinity);

long sys_sched_getscheduler(pid_t pid)
{
	return pid < 0 ? -EINVAL : 0;	/* SCHED_OTHER */
}
SYSCALL(sched_getscheduler, sys_sched_getscheduler);

long sys_getpriority(int which, int who)
{
	return which > 2 || which < 0 ? -EINVAL : 20;	/* nice 0, as 20 - nice */
}
SYSCALL(getpriority, sys_getpriority);
