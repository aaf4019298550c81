/*
 * Synchronous exceptions: system calls, page faults, undefined instructions (Arm ARM
 * D1.10, ESR_EL1 syndromes D17.2.37).  Faults in user mode become signals; faults in
 * kernel mode are either user-access faults with an exception-table fixup or a kernel
 * bug: registers, a symbolized backtrace, and all CPUs stop.
 */
#include <anvil/sched.h>
#include <anvil/signal.h>
#include <anvil/printk.h>
#include <anvil/kallsyms.h>
#include <anvil/uaccess.h>
#include <anvil/mmfault.h>
#include <anvil/power.h>
#include <arch/ptrace.h>
#include <arch/sysreg.h>

void do_syscall(struct pt_regs *regs);
void do_signal(struct pt_regs *regs);
bool signal_work_pending(void);

struct exception_table_entry {
	unsigned long insn, fixup;
};
extern const struct exception_table_entry __start_ex_table[], __stop_ex_table[];

static unsigned long search_exception_table(unsigned long pc)
{
	for (const struct exception_table_entry *e = __start_ex_table; e < __stop_ex_table; e++)
		if (e->insn == pc)
			return e->fixup;
	return 0;
}

static void print_symbol(const char *prefix, unsigned long addr)
{
	unsigned long off;
	const char *name = kallsyms_lookup(addr, &off);

	if (name)
		pr_err("%s%016lx %s+%#lx\n", prefix, addr, name, off);
	else
		pr_err("%s%016lx\n", prefix, addr);
}

/* Walk the frame-record chain (x29) from @fp. */
void dump_backtrace(unsigned long fp, unsigned long pc)
{
	struct task_struct *t = current;
	unsigned long lo = (unsigned long)t->stack, hi = lo + KERNEL_STACK_SIZE;

	pr_err("Call trace:\n");
	print_symbol("  ", pc);
	for (int depth = 0; depth < 32 && fp; depth++) {
		unsigned long next, ret;

		if (fp & 0xf || ((fp < lo || fp + 16 > hi) && t != &init_task))
			break;
		next = ((unsigned long *)fp)[0];
		ret = ((unsigned long *)fp)[1];
		if (!ret)
			break;
		print_symbol("  ", ret - 4);
		if (next <= fp)
			break;
		fp = next;
	}
}

void show_regs(const struct pt_regs *regs)
{
	print_symbol("pc : ", regs->pc);
	print_symbol("lr : ", regs->regs[30]);
	pr_err("sp : %016lx pstate: %08lx\n", (unsigned long)regs->sp, (unsigned long)regs->pstate);
	for (int i = 29; i >= 0; i -= 2) {
		if (i == 29)
			pr_err("x29: %016lx\n", (unsigned long)regs->regs[29]);
		else
			pr_err("x%-2d: %016lx x%-2d: %016lx\n", i + 1, (unsigned long)regs->regs[i + 1],
			       i, (unsigned long)regs->regs[i]);
	}
}

__noreturn void die(const char *msg, struct pt_regs *regs, unsigned long esr)
{
	local_irq_disable();
	pr_err("Internal error: %s: esr %#lx far %#lx [pid %d, %s]\n", msg, esr,
	       read_sysreg(far_el1), current->pid, current->comm);
	show_regs(regs);
	dump_backtrace(regs->regs[29], regs->pc);
	pr_err("---[ end Kernel panic - halting all CPUs ]---\n");
	machine_halt();
}

/* Linux's show_unhandled_signals: log faults that will kill the task. */
static void show_signal(struct pt_regs *regs, int sig, unsigned long esr, unsigned long far)
{
	void __user *h = current->sighand->action[sig - 1].sa.sa_handler;

	if (h == SIG_DFL || h == SIG_IGN || sigismember(&current->blocked, sig))
		pr_info("%s[%d]: unhandled signal %d at 0x%016lx, esr 0x%08lx, pc 0x%016lx, lr 0x%016lx, sp 0x%016lx\n",
			current->comm, current->pid, sig, far, esr, (unsigned long)regs->pc,
			(unsigned long)regs->regs[30], (unsigned long)regs->sp);
}

static void user_fault_signal(struct pt_regs *regs, unsigned long esr, unsigned long far, int result)
{
	if (result == VM_FAULT_OOM) {
		/* no memory to resolve the fault: this process goes, the kernel stays */
		pr_err("Out of memory: Killed process %d (%s)\n", current->tgid, current->comm);
		send_sig(SIGKILL, current, 1);
		return;
	}
	show_signal(regs, result == VM_FAULT_SIGBUS ? SIGBUS : SIGSEGV, esr, far);
	if (result == VM_FAULT_SIGBUS)
		force_sig_fault(SIGBUS, BUS_ADRERR, far);
	else
		force_sig_fault(SIGSEGV, result == VM_FAULT_BADACCESS ? SEGV_ACCERR : SEGV_MAPERR, far);
}

static unsigned int fault_flags(unsigned long esr, bool instr)
{
	if (instr)
		return FAULT_FLAG_INSTRUCTION;
	return (esr & ESR_ISS_WNR) ? FAULT_FLAG_WRITE : 0;
}

void el0_sync_handler(struct pt_regs *regs)
{
	unsigned long esr = read_sysreg(esr_el1), far = read_sysreg(far_el1);
	unsigned int ec = ESR_EC(esr);
	int r;

	local_irq_enable();
	switch (ec) {
	case ESR_EC_SVC64:
		do_syscall(regs);
		return;
	case ESR_EC_DABT_LOW:
	case ESR_EC_IABT_LOW:
		if (ESR_ISS_FSC(esr) == FSC_ALIGN) {
			force_sig_fault(SIGBUS, BUS_ADRALN, far);
			return;
		}
		r = handle_user_fault(far, fault_flags(esr, ec == ESR_EC_IABT_LOW) | FAULT_FLAG_USER);
		if (r)
			user_fault_signal(regs, esr, far, r);
		return;
	case ESR_EC_PC_ALIGN:
		force_sig_fault(SIGBUS, BUS_ADRALN, regs->pc);
		return;
	case ESR_EC_SP_ALIGN:
		force_sig_fault(SIGBUS, BUS_ADRALN, regs->sp);
		return;
	case ESR_EC_FP_EXC64:
		force_sig_fault(SIGFPE, FPE_FLTINV, regs->pc);
		return;
	case ESR_EC_BRK64:
		force_sig_fault(SIGTRAP, TRAP_BRKPT, regs->pc);
		return;
	default:
		show_signal(regs, SIGILL, esr, regs->pc);
		force_sig_fault(SIGILL, ILL_ILLOPC, regs->pc);
		return;
	}
}

void el1_sync_handler(struct pt_regs *regs)
{
	unsigned long esr = read_sysreg(esr_el1), far = read_sysreg(far_el1);
	unsigned long fixup;

	if (ESR_EC(esr) == ESR_EC_DABT_CUR && far < TASK_SIZE) {
		fixup = search_exception_table(regs->pc);
		if (fixup) {
			/* a user access: resolve the fault like user mode would, else fail it */
			if (!(regs->pstate & PSR_I_BIT))
				local_irq_enable();
			if (handle_user_fault(far, fault_flags(esr, false)) == 0)
				return;
			regs->pc = fixup;
			return;
		}
		die(far < PAGE_SIZE ? "Unable to handle kernel NULL pointer dereference" :
		    "Unable to handle kernel access to user address", regs, esr);
	}
	if (ESR_EC(esr) == ESR_EC_DABT_CUR)
		die("Unable to handle kernel paging request", regs, esr);
	die("Oops - unexpected synchronous exception in kernel", regs, esr);
}

void bad_mode_handler(struct pt_regs *regs)
{
	die("Oops - bad mode (unexpected exception vector)", regs, read_sysreg(esr_el1));
}

/* Last stop before returning to EL0, called with IRQs off: reschedule and deliver
 * signals until neither is pending. */
void exit_to_user_mode(struct pt_regs *regs)
{
	for (;;) {
		bool resched = this_cpu()->need_resched;
		bool sig = signal_work_pending();

		if (!resched && !sig)
			break;
		local_irq_enable();
		if (resched)
			schedule();
		if (sig)
			do_signal(regs);
		local_irq_disable();
	}
}
