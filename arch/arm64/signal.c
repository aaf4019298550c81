/*
 * The arm64 signal frame, laid out as Linux does (arch/arm64/kernel/signal.c ABI):
 * struct rt_sigframe { siginfo_t info; struct ucontext uc; } with the FP/SIMD registers
 * in uc_mcontext.__reserved as an fpsimd_context record followed by a null terminator,
 * plus a frame record {fp, lr} above it so unwinders can walk through handlers.
 * The handler returns through sa_restorer if the caller set SA_RESTORER (musl does),
 * else through the kernel's trampoline page mapped into every process (glibc relies on
 * this, as it does on the vDSO's __kernel_rt_sigreturn under Linux).
 */
#include <anvil/sched.h>
#include <anvil/signal.h>
#include <anvil/uaccess.h>
#include <anvil/syscall.h>
#include <anvil/errno.h>
#include <anvil/string.h>
#include <anvil/slab.h>
#include <anvil/printk.h>
#include <anvil/mman.h>
#include <anvil/pgtable.h>
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

	if (copy_to_user(rec, &r, sizeof(r)) || copy_to_user(&sf->info, info, sizeof(*info)) ||
	    setup_sigcontext(sf, regs, oldset))
		return -EFAULT;

	regs->regs[0] = sig;
	regs->sp = sp;
	regs->regs[29] = (unsigned long)&rec->fp;
	regs->regs[30] = (ka->sa.sa_flags & SA_RESTORER) ? (unsigned long)ka->sa.sa_restorer
							 : current->mm->sigpage;
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

static struct page *sigpage;

/* Boot: build the signal-return trampoline page ("mov x8, #__NR_rt_sigreturn; svc #0"). */
void sigpage_init(void)
{
	u32 *code;

	sigpage = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!sigpage)
		panic("no memory for the signal trampoline");
	code = page_address(sigpage);
	code[0] = 0xd2800008 | (__NR_rt_sigreturn << 5);	/* movz x8, #__NR_rt_sigreturn */
	code[1] = 0xd4000001;					/* svc #0 */
	flush_icache_page(sigpage);
}

/* Map the trampoline into @mm at the top of the mmap area.  Its flags (no VM_MAYWRITE)
 * never match an anonymous VMA, so map_region cannot merge it.  0 or -ENOMEM.
 * Caller holds mm->mmap_lock. */
int arch_setup_sigpage(struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	long addr;

	addr = get_unmapped_area(mm, PAGE_SIZE);
	if (addr < 0)
		return addr;
	if (map_region(mm, addr, PAGE_SIZE, VM_READ | VM_EXEC | VM_MAYREAD | VM_MAYEXEC, NULL, 0))
		return -ENOMEM;
	vma = find_vma(mm, addr);
	vma->vm_special_page = sigpage;
	mm->sigpage = addr;
	return 0;
}
