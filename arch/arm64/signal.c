/*
 * The arm64 signal frame, laid out as Linux does (arch/arm64/kernel/signal.c ABI):
 * struct rt_sigframe { siginfo_t info; struct ucontext uc; } with the FP/SIMD registers
 * in uc_mcontext.__reserved as an fpsimd_context record followed by a null terminator,
 * plus a frame record {fp, lr} above it so unwinders can walk through handlers.
 * The handler returns through sa_restorer (glibc and musl always set SA_RESTORER),
 * which calls rt_sigreturn.
 */
#include <anvil/sched.h>
#include <anvil/signal.h>
#include <anvil/uaccess.h>
#include <anvil/syscall.h>
#include <anvil/errno.h>
#include <anvil/string.h>
#include <anvil/slab.h>
#include <arch/ptrace.h>
#include <arch/sysreg.h>
#include <asm/sigcontext.h>
#include <asm/ucontext.h>

struct rt_sigframe {
	siginfo_t info;
	struct ucontext uc;
};

struct frame_record {
	u64 fp, lr;
};

void fpsimd_save(struct fpsimd_state *st);
void fpsimd_load(const struct fpsimd_state *st);
void set_current_blocked(const sigset_t *newset);

static int setup_sigcontext(struct rt_sigframe __user *sf, struct pt_regs *regs, sigset_t *set)
{
	struct rt_sigframe *k;
	struct fpsimd_context *fp;
	struct _aarch64_ctx *end;
	int err;

	/* build the frame in kernel memory, then copy it out in one go */
	k = kzalloc(sizeof(*k), GFP_KERNEL);
	if (!k)
		return -ENOMEM;
	memcpy(k->uc.uc_mcontext.regs, regs->regs, sizeof(regs->regs));
	k->uc.uc_mcontext.sp = regs->sp;
	k->uc.uc_mcontext.pc = regs->pc;
	k->uc.uc_mcontext.pstate = regs->pstate;
	k->uc.uc_mcontext.fault_address = 0;
	k->uc.uc_sigmask = *set;
	k->uc.uc_stack.ss_sp = (void __user *)current->sas_ss_sp;
	k->uc.uc_stack.ss_size = current->sas_ss_size;
	k->uc.uc_stack.ss_flags = current->sas_ss_size ? 0 : SS_DISABLE;

	fpsimd_save(&current->thread.fpsimd);
	fp = (struct fpsimd_context *)k->uc.uc_mcontext.__reserved;
	fp->head.magic = FPSIMD_MAGIC;
	fp->head.size = sizeof(*fp);
	fp->fpsr = current->thread.fpsimd.fpsr;
	fp->fpcr = current->thread.fpsimd.fpcr;
	memcpy(fp->vregs, current->thread.fpsimd.vregs, sizeof(fp->vregs));
	end = (struct _aarch64_ctx *)(fp + 1);
	end->magic = 0;
	end->size = 0;

	err = copy_to_user(&sf->uc, &k->uc, sizeof(k->uc));
	kfree(k);
	return err;
}

int setup_rt_frame(int sig, struct k_sigaction *ka, siginfo_t *info, sigset_t *oldset, struct pt_regs *regs)
{
	unsigned long sp = regs->sp;
	struct frame_record __user *rec;
	struct rt_sigframe __user *sf;
	struct frame_record r = { regs->regs[29], regs->regs[30] };

	if ((ka->sa.sa_flags & SA_ONSTACK) && current->sas_ss_size &&
	    !(sp - current->sas_ss_sp < current->sas_ss_size)) {
		sp = current->sas_ss_sp + current->sas_ss_size;
		if (current->sas_ss_flags & SS_AUTODISARM)
			current->sas_ss_size = 0;
	}
	sp = ALIGN_DOWN(sp - sizeof(struct frame_record), 16);
	rec = (struct frame_record __user *)sp;
	sp = ALIGN_DOWN(sp - sizeof(struct rt_sigframe), 16);
	sf = (struct rt_sigframe __user *)sp;

	if (!(ka->sa.sa_flags & SA_RESTORER))
		return -EFAULT;		/* no vDSO trampoline to return through */
	if (copy_to_user(rec, &r, sizeof(r)) || copy_to_user(&sf->info, info, sizeof(*info)) ||
	    setup_sigcontext(sf, regs, oldset))
		return -EFAULT;

	regs->regs[0] = sig;
	regs->sp = sp;
	regs->regs[29] = (unsigned long)&rec->fp;
	regs->regs[30] = (unsigned long)ka->sa.sa_restorer;
	regs->pc = (unsigned long)ka->sa.sa_handler;
	if (ka->sa.sa_flags & SA_SIGINFO) {
		regs->regs[1] = (unsigned long)&sf->info;
		regs->regs[2] = (unsigned long)&sf->uc;
	}
	return 0;
}

long sys_rt_sigreturn(void)
{
	struct pt_regs *regs = task_pt_regs(current);
	struct rt_sigframe __user *sf = (struct rt_sigframe __user *)regs->sp;
	struct ucontext *uc;
	struct fpsimd_context *fp;
	long ret;

	current->restart_block.fn = NULL;
	if (regs->sp & 15)
		goto badframe;
	uc = kmalloc(sizeof(*uc), GFP_KERNEL);
	if (!uc)
		goto badframe;
	if (copy_from_user(uc, &sf->uc, sizeof(*uc)))
		goto badframe_free;
	/* only user-mode AArch64 state with no illegal bits may be restored */
	if ((uc->uc_mcontext.pstate & ~(PSR_NZCV_MASK | PSR_D_BIT | PSR_A_BIT | PSR_I_BIT | PSR_F_BIT)) != PSR_MODE_EL0t)
		goto badframe_free;
	if (uc->uc_mcontext.pstate & (PSR_D_BIT | PSR_A_BIT | PSR_I_BIT | PSR_F_BIT))
		goto badframe_free;
	fp = (struct fpsimd_context *)uc->uc_mcontext.__reserved;
	if (fp->head.magic != FPSIMD_MAGIC || fp->head.size != sizeof(*fp))
		goto badframe_free;

	memcpy(regs->regs, uc->uc_mcontext.regs, sizeof(regs->regs));
	regs->sp = uc->uc_mcontext.sp;
	regs->pc = uc->uc_mcontext.pc;
	regs->pstate = uc->uc_mcontext.pstate;
	regs->syscallno = -1;	/* never restart anything on the way out */
	current->thread.fpsimd.fpsr = fp->fpsr;
	current->thread.fpsimd.fpcr = fp->fpcr;
	memcpy(current->thread.fpsimd.vregs, fp->vregs, sizeof(fp->vregs));
	fpsimd_load(&current->thread.fpsimd);
	set_current_blocked(&uc->uc_sigmask);
	ret = regs->regs[0];
	kfree(uc);
	return ret;

badframe_free:
	kfree(uc);
badframe:
	force_sig_fault(SIGSEGV, SI_KERNEL, 0);
	return 0;
}
SYSCALL(rt_sigreturn, sys_rt_sigreturn);
