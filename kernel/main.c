/*
 * Boot: start_kernel() brings up memory, interrupts, time, the VFS and the console from
 * what the device tree describes, then starts PID 1 the way Linux does: the initramfs
 * is unpacked into the tmpfs root and /init (or rdinit=) runs with /dev/console on fds
 * 0-2, "HOME=/" and "TERM=linux" in its environment plus unknown "key=value" command-line
 * words, and other unknown words as arguments.  The boot CPU then becomes the idle task.
 */
#include <anvil/sched.h>
#include <anvil/signal.h>
#include <anvil/mm.h>
#include <anvil/slab.h>
#include <anvil/memblock.h>
#include <anvil/pgtable.h>
#include <anvil/of.h>
#include <anvil/irq.h>
#include <anvil/timer.h>
#include <anvil/time.h>
#include <anvil/fs.h>
#include <anvil/tty.h>
#include <anvil/console.h>
#include <anvil/random.h>
#include <anvil/power.h>
#include <anvil/printk.h>
#include <anvil/string.h>
#include <anvil/err.h>
#include <arch/sysreg.h>
#include <libfdt.h>
#include <linux/resource.h>

extern char _text[], _end[], init_stack_bottom[];
void sched_init(void);
void arch_timer_early_init(void);
int pl011_early_init(void);
int pl011_tty_init(void);
void pl031_init(void);
void mmu_init(void);
void kmalloc_init(void);
void syscall_init(void);
void futex_init(void);
void chr_mem_init(void);
void sigpage_init(void);
__noreturn void cpu_idle(void);
pid_t kernel_thread(int (*fn)(void *), void *arg, unsigned long flags);
int kernel_execve(const char *filename, const char *const argv[], const char *const envp[]);

static struct signal_struct init_signal;
static struct sighand_struct init_sighand;

struct task_struct init_task __aligned(16) = {
	.state = TASK_RUNNING,
	.flags = PF_KTHREAD,
	.stack = init_stack_bottom,
	.usage = ATOMIC_INIT(2),
	.run_list = LIST_HEAD_INIT(init_task.run_list),
	.children = LIST_HEAD_INIT(init_task.children),
	.sibling = LIST_HEAD_INIT(init_task.sibling),
	.thread_node = LIST_HEAD_INIT(init_task.thread_node),
	.tasks = LIST_HEAD_INIT(init_task.tasks),
	.pending = { .list = LIST_HEAD_INIT(init_task.pending.list) },
	.group_leader = &init_task,
	.signal = &init_signal,
	.sighand = &init_sighand,
	.comm = "swapper",
};

#define MAX_INIT_ARGS 32
static const char *init_argv[MAX_INIT_ARGS + 2];
static const char *init_envp[MAX_INIT_ARGS + 3] = { "HOME=/", "TERM=linux" };
static int init_argc = 1, init_envc = 2;
static const char *ramdisk_execute_command = "/init";
static const char *execute_command;
static char cmdline[1024];
static phys_addr_t initrd_start, initrd_end;

static void parse_cmdline(void)
{
	char *p = cmdline, *word;

	while ((word = strsep(&p, " \t\n")) != NULL) {
		char *eq = strchr(word, '=');

		if (!*word)
			continue;
		if (!strncmp(word, "rdinit=", 7))
			ramdisk_execute_command = word + 7;
		else if (!strncmp(word, "init=", 5))
			execute_command = word + 5;
		else if (!strcmp(word, "quiet"))
			console_loglevel = 4;
		else if (!strncmp(word, "loglevel=", 9))
			console_loglevel = (int)strtoul(word + 9, NULL, 10) + 1;
		else if (!strcmp(word, "debug"))
			console_loglevel = 10;
		else if (!strncmp(word, "console=", 8) || !strncmp(word, "earlycon", 8) ||
			 !strncmp(word, "root=", 5) || !strncmp(word, "rootfstype=", 11) ||
			 !strcmp(word, "rw") || !strcmp(word, "ro") || !strncmp(word, "rootwait", 8))
			;	/* for the kernel (root= and friends take effect once there is a root device) */
		else if (eq && !memchr(word, '.', eq - word) && init_envc < MAX_INIT_ARGS)
			init_envp[init_envc++] = word;
		else if (!eq && init_argc < MAX_INIT_ARGS)
			init_argv[init_argc++] = word;
	}
}

static void setup_memory(phys_addr_t dtb_pa)
{
	int node, len;
	u64 a, s;

	for (node = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", 7); node >= 0;
	     node = fdt_node_offset_by_prop_value(fdt, node, "device_type", "memory", 7))
		for (int i = 0; of_reg(node, i, &a, &s) == 0; i++)
			memblock_add(a, s);
	if (!memblock_total())
		panic("no memory in the device tree");
	memblock_reserve(virt_to_phys(_text), _end - _text);
	memblock_reserve(dtb_pa, fdt_totalsize(fdt));
	for (int i = 0; i < fdt_num_mem_rsv(fdt); i++) {
		if (fdt_get_mem_rsv(fdt, i, &a, &s) == 0)
			memblock_reserve(a, s);
	}
	node = fdt_path_offset(fdt, "/reserved-memory");
	if (node >= 0) {
		int child;
		fdt_for_each_subnode(child, fdt, node)
			for (int i = 0; of_reg(child, i, &a, &s) == 0; i++)
				memblock_reserve(a, s);
	}
	node = fdt_path_offset(fdt, "/chosen");
	if (node >= 0) {
		const char *args = fdt_getprop(fdt, node, "bootargs", &len);
		if (args)
			strlcpy(cmdline, args, sizeof(cmdline));
		initrd_start = of_get_u64(node, "linux,initrd-start", 0);
		initrd_end = of_get_u64(node, "linux,initrd-end", 0);
		if (initrd_end > initrd_start)
			memblock_reserve(initrd_start, initrd_end - initrd_start);
	}
	memblock_init_page_alloc();
	kmalloc_init();
	mmu_init();
	pr_info("Memory: %luK/%luK available\n", nr_free_pages() * (PAGE_SIZE / 1024),
		(unsigned long)(memblock_total() / 1024));
}

static void seed_random(void)
{
	int node = fdt_path_offset(fdt, "/chosen"), len;
	const void *seed;
	u64 c = read_sysreg(cntvct_el0);

	if (node >= 0) {
		if ((seed = fdt_getprop(fdt, node, "rng-seed", &len)))
			add_device_randomness(seed, len);
		if ((seed = fdt_getprop(fdt, node, "kaslr-seed", &len)))
			add_device_randomness(seed, len);
	}
	add_device_randomness(&c, sizeof(c));
}

static void init_rlimits(struct rlimit *r)
{
	for (int i = 0; i < RLIM_NLIMITS; i++)
		r[i].rlim_cur = r[i].rlim_max = RLIM_INFINITY;
	r[RLIMIT_STACK].rlim_cur = 8 * 1024 * 1024;
	r[RLIMIT_CORE].rlim_cur = 0;
	r[RLIMIT_NOFILE].rlim_cur = 1024;
	r[RLIMIT_NOFILE].rlim_max = 4096;
	r[RLIMIT_MEMLOCK].rlim_cur = r[RLIMIT_MEMLOCK].rlim_max = 8 * 1024 * 1024;
	r[RLIMIT_NPROC].rlim_cur = r[RLIMIT_NPROC].rlim_max = 32768;
	r[RLIMIT_SIGPENDING].rlim_cur = r[RLIMIT_SIGPENDING].rlim_max = 32768;
	r[RLIMIT_MSGQUEUE].rlim_cur = r[RLIMIT_MSGQUEUE].rlim_max = 819200;
	r[RLIMIT_NICE].rlim_cur = r[RLIMIT_NICE].rlim_max = 0;
	r[RLIMIT_RTPRIO].rlim_cur = r[RLIMIT_RTPRIO].rlim_max = 0;
}

static void init_task_state(void)
{
	atomic_set(&init_signal.count, 1);
	INIT_LIST_HEAD(&init_signal.thread_head);
	INIT_LIST_HEAD(&init_signal.shared_pending.list);
	INIT_LIST_HEAD(&init_signal.real_timer.entry);
	init_waitqueue_head(&init_signal.wait_chldexit);
	init_rlimits(init_signal.rlim);
	list_add_tail(&init_task.thread_node, &init_signal.thread_head);
	init_signal.nr_threads = 1;
	atomic_set(&init_sighand.count, 1);
	spin_lock_init(&init_sighand.siglock);
	init_waitqueue_head(&init_task.vfork_wait);
}

static bool try_init(const char *path)
{
	int err;

	init_argv[0] = path;
	err = kernel_execve(path, init_argv, init_envp);
	if (err)
		pr_err("Failed to execute %s (error %d)\n", path, err);
	return err == 0;
}

/* PID 1 before it execs: console on 0-2, then the first init that runs. */
static int kernel_init(void *unused)
{
	struct file *con = filp_open("/dev/console", O_RDWR, 0);
	u64 ns;

	if (IS_ERR(con)) {
		pr_warn("Warning: unable to open an initial console.\n");
	} else {
		fd_install_new(con, 0);
		fd_install_new(get_file(con), 0);
		fd_install_new(get_file(con), 0);
	}
	strlcpy(current->comm, "init", sizeof(current->comm));
	ns = ktime_get_ns();
	pr_info("Run %s as init process (%lu.%03lu s after reset)\n", ramdisk_execute_command,
		(unsigned long)(ns / NSEC_PER_SEC), (unsigned long)(ns % NSEC_PER_SEC / NSEC_PER_MSEC));
	if (try_init(ramdisk_execute_command))
		return 0;
	if (execute_command && try_init(execute_command))
		return 0;
	if (try_init("/sbin/init") || try_init("/etc/init") || try_init("/bin/init") || try_init("/bin/sh"))
		return 0;
	panic("No working init found.  Try passing init= option to kernel.");
}

__noreturn void start_kernel(phys_addr_t dtb_pa)
{
	sched_init();
	arch_timer_early_init();
	if (of_init(dtb_pa))
		machine_halt();		/* no device tree: no console to say so on */
	pl011_early_init();
	pr_info("Anvil kernel for arm64 (Linux ABI " "6.1" "), booting on %s\n",
		of_get_string(0, "compatible") ?: "unknown machine");
	setup_memory(dtb_pa);
	parse_cmdline();
	pr_info("Kernel command line: %s\n", of_get_string(fdt_path_offset(fdt, "/chosen"), "bootargs") ?: "");
	init_task_state();
	if (gic_init())
		panic("no supported interrupt controller (GICv2/v3) in the device tree");
	if (arch_timer_init())
		panic("no Arm generic timer in the device tree");
	psci_init();
	pl031_init();
	seed_random();
	syscall_init();
	sigpage_init();
	futex_init();
	vfs_init();
	chr_mem_init();
	tty_init();
	pl011_tty_init();
	if (initrd_end > initrd_start) {
		int err = unpack_initramfs(phys_to_virt(initrd_start), initrd_end - initrd_start);
		if (err)
			pr_err("Initramfs unpacking failed: %d\n", err);
		/* only whole pages: the DTB may share the last one */
		if (ALIGN_DOWN(initrd_end, PAGE_SIZE) > PAGE_ALIGN(initrd_start))
			page_alloc_free_range(PAGE_ALIGN(initrd_start) >> PAGE_SHIFT,
					      (ALIGN_DOWN(initrd_end, PAGE_SIZE) - PAGE_ALIGN(initrd_start)) >> PAGE_SHIFT);
	} else {
		pr_warn("No initramfs given\n");
	}
	init_task.files = files_alloc_init();
	init_task.fs = fs_struct_alloc_init();
	if (kernel_thread(kernel_init, NULL, 0) != 1)
		panic("could not start init");
	local_irq_enable();
	cpu_idle();
}
