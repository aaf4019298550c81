/*
 * execve(2): load a static ELF64 AArch64 image (ET_EXEC, or ET_DYN as static-pie) or a
 * "#!" script, and build the initial user stack exactly as Linux does (argc, argv,
 * envp, auxv; strings and AT_RANDOM bytes above).  Follows the ELF-64 object format
 * and the System V AArch64 psABI process-initialisation rules.
 * The new address space is built completely before the old one is dropped, so any
 * failure up to that point returns an error to the still-intact caller.
 */
#include <anvil/sched.h>
#include <anvil/signal.h>
#include <anvil/mman.h>
#include <anvil/pgtable.h>
#include <anvil/fs.h>
#include <anvil/slab.h>
#include <anvil/uaccess.h>
#include <anvil/syscall.h>
#include <anvil/errno.h>
#include <anvil/err.h>
#include <anvil/string.h>
#include <anvil/printk.h>
#include <anvil/random.h>
#include <anvil/time.h>
#include <anvil/elf_check.h>
#include <arch/ptrace.h>
#include <arch/sysreg.h>
#include <linux/auxvec.h>
#include <linux/binfmts.h>
#include <asm/hwcap.h>

#define MAX_SCRIPT_DEPTH 4
#define STACK_INIT_SIZE	(128 * 1024)

void fpsimd_load(const struct fpsimd_state *st);
void mm_release_vfork(struct task_struct *t);
void set_current_blocked(const sigset_t *newset);
int arch_setup_sigpage(struct mm_struct *mm);

struct linux_binprm {
	char *strings;			/* packed argv then envp strings */
	size_t used, size;		/* bytes used in / allocated for strings */
	char **argv, **envp;		/* pointers into strings (or into interp buffers) */
	int argc, envc, argv_cap;
	char *filename;			/* path as given (script argv), kernel copy */
	char interp_buf[BINPRM_BUF_SIZE];
	u8 header[BINPRM_BUF_SIZE];
	struct file *file;
	bool secure;
};

/* A string vector from user space (from_kernel=false) or the kernel. */
struct argsrc {
	const void *vec;
	bool from_kernel;
};

static long get_arg_ptr(struct argsrc *src, int i, const char **out)
{
	if (!src->vec) {
		*out = NULL;
		return 0;
	}
	if (src->from_kernel) {
		*out = ((const char *const *)src->vec)[i];
		return 0;
	}
	return get_user(*out, (const char *const __user *)src->vec + i);
}

/* Bytes (NULs included) the strings of @src need, or -E2BIG/-EFAULT.  Each string is at
 * most MAX_ARG_STRLEN; all of them together at most @limit. */
static long count_strings(struct argsrc *src, long limit, int *count)
{
	long total = 0;
	int n;

	for (n = 0;; n++) {
		const char *p;
		long len;

		if (get_arg_ptr(src, n, &p))
			return -EFAULT;
		if (!p)
			break;
		len = src->from_kernel ? (long)strlen(p) + 1 : strnlen_user((const char __user *)p, MAX_ARG_STRLEN);
		if (!len)
			return -EFAULT;
		if (len > MAX_ARG_STRLEN || (total += len) > limit)
			return -E2BIG;
	}
	*count = n;
	return total;
}

/* Copy the @n strings of @src into bprm->strings (sized by count_strings) and point
 * *@vecp's entries at them.  0, -E2BIG (a string grew meanwhile), -EFAULT, -ENOMEM. */
static long copy_strings(struct linux_binprm *b, struct argsrc *src, int n, char ***vecp)
{
	char **vec = kmalloc((n + 1) * sizeof(char *), GFP_KERNEL);

	if (!vec)
		return -ENOMEM;
	for (int i = 0; i < n; i++) {
		const char *p;
		long len;

		if (get_arg_ptr(src, i, &p) || !p)
			goto efault;
		if (src->from_kernel) {
			len = strlen(p);
			memcpy(b->strings + b->used, p, len + 1);
		} else {
			len = strncpy_from_user(b->strings + b->used, (const char __user *)p, b->size - b->used);
			if (len == -ENAMETOOLONG) {
				kfree(vec);
				return -E2BIG;
			}
			if (len < 0)
				goto efault;
		}
		vec[i] = b->strings + b->used;
		b->used += len + 1;
	}
	vec[n] = NULL;
	*vecp = vec;
	return 0;
efault:
	kfree(vec);
	return -EFAULT;
}

/* "#!interp [arg]": argv becomes interp, [arg], filename, argv[1..]. */
static int load_script(struct linux_binprm *b, char **interp)
{
	char *line = b->interp_buf, *end, *arg = NULL;
	char **nv;
	int extra, i;

	memcpy(line, b->header + 2, BINPRM_BUF_SIZE - 2);
	line[BINPRM_BUF_SIZE - 2] = '\0';
	end = strchr(line, '\n');
	if (!end) {
		/* Linux: a line too long to be sure of is an error unless it is one word */
		end = line + strlen(line);
	}
	*end = '\0';
	while (end > line && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	while (*line == ' ' || *line == '\t')
		line++;
	if (!*line)
		return -ENOEXEC;
	for (char *p = line; *p; p++) {
		if (*p == ' ' || *p == '\t') {
			*p++ = '\0';
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p)
				arg = p;
			break;
		}
	}
	extra = arg ? 3 : 2;
	nv = kmalloc((b->argc + extra + 1) * sizeof(char *), GFP_KERNEL);
	if (!nv)
		return -ENOMEM;
	i = 0;
	nv[i++] = line;
	if (arg)
		nv[i++] = arg;
	nv[i++] = b->filename;
	for (int j = 1; j < b->argc; j++)
		nv[i++] = b->argv[j];
	nv[i] = NULL;
	kfree(b->argv);
	b->argv = nv;
	b->argc = i;
	*interp = line;
	return 0;
}

static unsigned long elf_hwcap(void)
{
	unsigned long pfr0 = read_sysreg(id_aa64pfr0_el1), isar0 = read_sysreg(id_aa64isar0_el1);
	unsigned long hw = 0;

	if (((pfr0 >> 16) & 0xf) != 0xf)
		hw |= HWCAP_FP;
	if (((pfr0 >> 20) & 0xf) != 0xf)
		hw |= HWCAP_ASIMD;
	if ((isar0 >> 4) & 0xf)
		hw |= HWCAP_AES;
	if (((isar0 >> 4) & 0xf) >= 2)
		hw |= HWCAP_PMULL;
	if ((isar0 >> 8) & 0xf)
		hw |= HWCAP_SHA1;
	if ((isar0 >> 12) & 0xf)
		hw |= HWCAP_SHA2;
	if (((isar0 >> 12) & 0xf) >= 2)
		hw |= HWCAP_SHA512;
	if ((isar0 >> 16) & 0xf)
		hw |= HWCAP_CRC32;
	if (((isar0 >> 20) & 0xf) >= 2)
		hw |= HWCAP_ATOMICS;
	return hw;
}

struct load_info {
	unsigned long entry, phdr_addr, load_bias, brk;
	unsigned long start_code, end_code, start_data, end_data;
	unsigned int phnum;
	bool exec_stack;
};

/* Map one PT_LOAD segment; its bss tail is zeroed.  Caller holds mm->mmap_lock. */
static int map_segment(struct mm_struct *mm, struct file *f, const Elf64_Phdr *ph, unsigned long bias)
{
	unsigned long vaddr = bias + ph->p_vaddr;
	unsigned long start = ALIGN_DOWN(vaddr, PAGE_SIZE);
	unsigned long file_end = vaddr + ph->p_filesz, mem_end = vaddr + ph->p_memsz;
	unsigned long vm_flags = VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC |
		((ph->p_flags & PF_R) ? VM_READ : 0) | ((ph->p_flags & PF_W) ? VM_WRITE : 0) |
		((ph->p_flags & PF_X) ? VM_EXEC : 0);
	int err;

	if (ph->p_filesz) {
		err = map_region(mm, start, PAGE_ALIGN(file_end) - start, vm_flags, f,
				 ALIGN_DOWN(ph->p_offset, PAGE_SIZE) >> PAGE_SHIFT);
		if (err)
			return err;
	}
	if (PAGE_ALIGN(mem_end) > PAGE_ALIGN(file_end)) {
		err = map_region(mm, PAGE_ALIGN(file_end), PAGE_ALIGN(mem_end) - PAGE_ALIGN(file_end),
				 vm_flags, NULL, 0);
		if (err)
			return err;
	}
	return 0;
}

static int load_elf(struct linux_binprm *b, struct mm_struct *mm, struct load_info *li)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)b->header;
	Elf64_Phdr *phdrs;
	loff_t pos = eh->e_phoff;
	size_t size = (size_t)eh->e_phnum * sizeof(Elf64_Phdr);
	unsigned long lo = ~0UL, hi = 0;
	int err;

	phdrs = kmalloc(size, GFP_KERNEL);
	if (!phdrs)
		return -ENOMEM;
	err = -EIO;
	if (kernel_read(b->file, phdrs, size, &pos) != (ssize_t)size)
		goto out;
	err = elf_check_phdrs(eh, phdrs, b->file->f_inode->i_size);
	if (err) {
		pr_notice("exec: %s: bad program headers\n", b->filename);
		goto out;
	}
	for (int i = 0; i < eh->e_phnum; i++) {
		if (phdrs[i].p_type == PT_INTERP) {
			pr_notice("exec: %s: dynamically linked programs are not supported yet\n", b->filename);
			err = -ENOEXEC;
			goto out;
		}
		if (phdrs[i].p_type == PT_GNU_STACK)
			li->exec_stack = phdrs[i].p_flags & PF_X;
		if (phdrs[i].p_type != PT_LOAD)
			continue;
		lo = min(lo, ALIGN_DOWN(phdrs[i].p_vaddr, PAGE_SIZE));
		hi = max(hi, phdrs[i].p_vaddr + phdrs[i].p_memsz);
	}
	li->load_bias = eh->e_type == ET_DYN ? ELF_ET_DYN_BASE - lo : 0;
	err = -ENOMEM;
	if (hi + li->load_bias > mm->mmap_base)
		goto out;
	li->start_code = ~0UL;
	for (int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = &phdrs[i];
		unsigned long v = ph->p_vaddr + li->load_bias;

		if (ph->p_type != PT_LOAD)
			continue;
		err = map_segment(mm, b->file, ph, li->load_bias);
		if (err)
			goto out;
		if (ph->p_offset <= eh->e_phoff && eh->e_phoff < ph->p_offset + ph->p_filesz)
			li->phdr_addr = v + (eh->e_phoff - ph->p_offset);
		if (ph->p_flags & PF_X) {
			li->start_code = min(li->start_code, v);
			li->end_code = max(li->end_code, v + ph->p_filesz);
		} else {
			if (!li->start_data)
				li->start_data = v;
			li->end_data = max(li->end_data, v + ph->p_filesz);
		}
		li->brk = max(li->brk, v + ph->p_memsz);
	}
	li->entry = eh->e_entry + li->load_bias;
	li->phnum = eh->e_phnum;
	err = 0;
out:
	kfree(phdrs);
	return err;
}

/* Zero the bytes after each segment's file data up to the page end (the .bss head). */
static void clear_bss_heads(struct linux_binprm *b, unsigned long bias)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)b->header;
	loff_t pos = eh->e_phoff;

	for (int i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr ph;
		unsigned long end;

		if (kernel_read(b->file, &ph, sizeof(ph), &pos) != sizeof(ph))
			return;
		if (ph.p_type != PT_LOAD || ph.p_memsz <= ph.p_filesz || !(ph.p_flags & PF_W))
			continue;
		end = bias + ph.p_vaddr + ph.p_filesz;
		if (end & ~PAGE_MASK)
			clear_user((void __user *)end, min(PAGE_ALIGN(end), bias + ph.p_vaddr + ph.p_memsz) - end);
	}
}

static int push_bytes(unsigned long *sp, const void *src, size_t n)
{
	*sp -= n;
	return copy_to_user((void __user *)*sp, src, n) ? -EFAULT : 0;
}

/* Build argc/argv/envp/auxv and the strings on the new stack; returns the initial sp. */
static long create_stack(struct linux_binprm *b, struct mm_struct *mm, struct load_info *li)
{
	unsigned long sp = STACK_TOP - sizeof(void *), execfn, platform, random;
	unsigned long *uargv, *uenvp, auxv[48];
	u8 rnd[16];
	int n = 0, words;
	long err = -ENOMEM;

	uargv = kmalloc((b->argc + b->envc + 2) * sizeof(long), GFP_KERNEL);
	if (!uargv)
		return -ENOMEM;
	uenvp = uargv + b->argc + 1;
	err = -EFAULT;
	if (push_bytes(&sp, b->filename, strlen(b->filename) + 1))
		goto out;
	execfn = sp;
	mm->env_end = sp;
	for (int i = b->envc - 1; i >= 0; i--) {
		if (push_bytes(&sp, b->envp[i], strlen(b->envp[i]) + 1))
			goto out;
		uenvp[i] = sp;
	}
	mm->env_start = sp;
	mm->arg_end = sp;
	for (int i = b->argc - 1; i >= 0; i--) {
		if (push_bytes(&sp, b->argv[i], strlen(b->argv[i]) + 1))
			goto out;
		uargv[i] = sp;
	}
	mm->arg_start = sp;
	uargv[b->argc] = 0;
	uenvp[b->envc] = 0;
	sp = ALIGN_DOWN(sp, 16);
	if (push_bytes(&sp, "aarch64", 8))
		goto out;
	platform = sp;
	get_random_bytes(rnd, sizeof(rnd));
	sp = ALIGN_DOWN(sp, 16);
	if (push_bytes(&sp, rnd, sizeof(rnd)))
		goto out;
	random = sp;

#define AUX(t, v) do { auxv[n++] = (t); auxv[n++] = (v); } while (0)
	AUX(AT_MINSIGSTKSZ, 5120);
	AUX(AT_HWCAP, elf_hwcap());
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_CLKTCK, HZ);
	AUX(AT_PHDR, li->phdr_addr);
	AUX(AT_PHENT, sizeof(Elf64_Phdr));
	AUX(AT_PHNUM, li->phnum);
	AUX(AT_BASE, 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, li->entry);
	AUX(AT_UID, current->cred.uid);
	AUX(AT_EUID, current->cred.euid);
	AUX(AT_GID, current->cred.gid);
	AUX(AT_EGID, current->cred.egid);
	AUX(AT_SECURE, b->secure);
	AUX(AT_RANDOM, random);
	AUX(AT_HWCAP2, 0);
	AUX(AT_EXECFN, execfn);
	AUX(AT_PLATFORM, platform);
	AUX(AT_NULL, 0);
#undef AUX
	memcpy(mm->saved_auxv, auxv, n * sizeof(long));

	words = 1 + b->argc + 1 + b->envc + 1 + n;
	sp = ALIGN_DOWN(sp - words * sizeof(long), 16);
	{
		unsigned long p = sp, argc = b->argc;
		if (copy_to_user((void __user *)p, &argc, sizeof(long)) ||
		    copy_to_user((void __user *)(p + 8), uargv, (b->argc + 1) * sizeof(long)) ||
		    copy_to_user((void __user *)(p + 8 + (b->argc + 1) * 8), uenvp, (b->envc + 1) * sizeof(long)) ||
		    copy_to_user((void __user *)(p + 8 + (b->argc + b->envc + 2) * 8), auxv, n * sizeof(long)))
			goto out;
	}
	mm->start_stack = sp;
	err = sp;
out:
	kfree(uargv);
	return err;
}

/* Point of no return passed: drop what the old image had, adopt @mm. */
static void flush_old_exec(struct linux_binprm *b, struct mm_struct *mm)
{
	struct task_struct *t = current;
	struct mm_struct *old = t->mm;
	struct sighand_struct *sh = t->sighand;
	const char *base = strrchr(b->filename, '/');
	unsigned long flags;

	t->mm = mm;
	switch_mm(mm);
	mm_release_vfork(t);
	if (old)
		mmput(old);
	t->flags &= ~(PF_KTHREAD | PF_FORKNOEXEC);
	do_close_on_exec(t->files);
	spin_lock_irqsave(&sh->siglock, flags);
	for (int i = 0; i < _NSIG; i++) {
		struct sigaction *sa = &sh->action[i].sa;
		if (sa->sa_handler != SIG_IGN)
			sa->sa_handler = SIG_DFL;
		sa->sa_flags = 0;
		sa->sa_restorer = NULL;
		sigemptyset(&sa->sa_mask);
	}
	spin_unlock_irqrestore(&sh->siglock, flags);
	t->sas_ss_sp = 0;
	t->sas_ss_size = 0;
	t->sas_ss_flags = 0;
	t->clear_child_tid = NULL;
	t->robust_list = NULL;
	strlcpy(t->comm, base ? base + 1 : b->filename, sizeof(t->comm));
	memset(&t->thread, 0, sizeof(t->thread));
	write_sysreg(0, tpidr_el0);
	fpsimd_load(&t->thread.fpsimd);
}

static int exec_binprm(struct linux_binprm *b, int dfd, int lookup_flags)
{
	struct mm_struct *mm, *old_mm = current->mm;
	struct load_info li;
	const char *path = b->filename;
	char *interp;
	long sp;
	int err, depth;

	for (depth = 0;; depth++) {
		loff_t pos = 0;
		ssize_t n;

		b->file = open_exec(dfd, path, lookup_flags);
		if (IS_ERR(b->file)) {
			err = PTR_ERR(b->file);
			b->file = NULL;
			return err;
		}
		memset(b->header, 0, sizeof(b->header));
		n = kernel_read(b->file, b->header, sizeof(b->header), &pos);
		if (n < 0) {
			err = n;
			goto out_file;
		}
		if (n < 2 || b->header[0] != '#' || b->header[1] != '!')
			break;
		err = -ELOOP;
		if (depth >= MAX_SCRIPT_DEPTH)
			goto out_file;
		err = load_script(b, &interp);
		if (err)
			goto out_file;
		fput(b->file);
		path = interp;
		dfd = AT_FDCWD;
		lookup_flags = 0;
	}
	err = elf_check_header((const Elf64_Ehdr *)b->header, b->file->f_inode->i_size);
	if (err)
		goto out_file;

	b->secure = false;
	mm = mm_alloc();
	err = -ENOMEM;
	if (!mm)
		goto out_file;
	memset(&li, 0, sizeof(li));
	/* build the new image while the old one is still intact */
	current->mm = mm;
	switch_mm(mm);
	mutex_lock(&mm->mmap_lock);
	err = load_elf(b, mm, &li);
	if (!err)
		err = map_region(mm, STACK_TOP - STACK_INIT_SIZE, STACK_INIT_SIZE,
				 VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC | VM_GROWSDOWN |
				 (li.exec_stack ? VM_EXEC : 0), NULL, 0);
	if (!err)
		err = arch_setup_sigpage(mm);
	mutex_unlock(&mm->mmap_lock);
	if (!err) {
		clear_bss_heads(b, li.load_bias);
		sp = create_stack(b, mm, &li);
		if (sp < 0)
			err = sp;
	}
	current->mm = old_mm;
	switch_mm(old_mm);
	if (err) {
		mmput(mm);
		goto out_file;
	}

	flush_old_exec(b, mm);
	mm->start_code = li.start_code;
	mm->end_code = li.end_code;
	mm->start_data = li.start_data;
	mm->end_data = li.end_data;
	mm->start_brk = mm->brk = PAGE_ALIGN(li.brk);
	mm->exe_file = get_file(b->file);
	{
		struct pt_regs *regs = task_pt_regs(current);
		memset(regs, 0, sizeof(*regs));
		regs->pc = li.entry;
		regs->sp = sp;
		regs->pstate = PSR_MODE_EL0t;
		regs->syscallno = -1;
	}
	err = 0;
out_file:
	fput(b->file);
	return err;
}

static long do_execveat(int dfd, const char *filename, struct argsrc *argv, struct argsrc *envp, int lookup_flags)
{
	struct linux_binprm *b = kzalloc(sizeof(*b), GFP_KERNEL);
	/* as Linux: all strings together may use a quarter of the stack limit (never more than
	 * 3/4 of the default 8 MiB limit), and at least 32 pages */
	long limit = max(min(current->signal->rlim[RLIMIT_STACK].rlim_cur / 4, (8UL << 20) / 4 * 3),
			 32 * PAGE_SIZE);
	long nargv, nenvp;
	long ret;

	if (!b)
		return -ENOMEM;
	ret = -ENOMEM;
	b->filename = kstrdup(filename, GFP_KERNEL);
	if (!b->filename)
		goto out;
	nargv = count_strings(argv, limit, &b->argc);
	nenvp = nargv < 0 ? 0 : count_strings(envp, limit - nargv, &b->envc);
	ret = nargv < 0 ? nargv : nenvp;
	if (ret < 0)
		goto out;
	ret = -ENOMEM;
	b->size = nargv + nenvp;
	b->strings = kmalloc(b->size ? b->size : 1, GFP_KERNEL);
	if (!b->strings)
		goto out;
	ret = copy_strings(b, argv, b->argc, &b->argv);
	if (!ret)
		ret = copy_strings(b, envp, b->envc, &b->envp);
	if (!ret)
		ret = exec_binprm(b, dfd, lookup_flags);
out:
	kfree(b->strings);
	kfree(b->filename);
	kfree(b->argv);
	kfree(b->envp);
	kfree(b);
	return ret;
}

/* Exec from a kernel thread (init).  0 on success (return to user mode), or -errno. */
int kernel_execve(const char *filename, const char *const argv[], const char *const envp[])
{
	struct argsrc a = { argv, true }, e = { envp, true };

	return do_execveat(AT_FDCWD, filename, &a, &e, 0);
}

long sys_execveat(int dfd, const char __user *ufilename, const char __user *const __user *argv,
		  const char __user *const __user *envp, int flags)
{
	struct argsrc a = { argv, false }, e = { envp, false };
	char *name;
	long len, ret;

	if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
		return -EINVAL;
	name = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!name)
		return -ENOMEM;
	len = strncpy_from_user(name, ufilename, PATH_MAX);
	ret = len < 0 ? len : (len == 0 && !(flags & AT_EMPTY_PATH)) ? -ENOENT :
	      do_execveat(dfd, name, &a, &e, flags);
	kfree(name);
	return ret;
}
SYSCALL(execveat, sys_execveat);

long sys_execve(const char __user *filename, const char __user *const __user *argv,
		const char __user *const __user *envp)
{
	return sys_execveat(AT_FDCWD, filename, argv, envp, 0);
}
SYSCALL(execve, sys_execve);
