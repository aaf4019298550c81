/* Bad user pointers must make system calls fail with -1/EFAULT, as on Linux: never a
 * crash, a signal or a success.  Each call is made through syscall(2), so no C library
 * wrapper filters the pointer first, with each bad pointer in turn: NULL, 0x1, a kernel
 * linear-map address, an unmapped page, a PROT_NONE page, and (for calls that write to
 * user memory) a read-only page.  Calls that accept NULL as "not given" skip NULL.
 * Prints one line per failure and then "efault: N ok, N bad"; exits 0 iff none is bad.
 * Built static with glibc and with musl (tests/tests.mk). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/time_types.h>

enum { READS = 1, WRITES = 2, NULL_OK = 4 };

struct bad_ptr {
	const char *name;
	void *p;
	int writes_only;	/* a valid source: only bad as a destination */
};

static int zero_fd = -1, dir_fd = -1, tty_fd = -1, pipe_w = -1;
static int nok, nbad;
static sigjmp_buf on_signal;
static volatile sig_atomic_t caught;

static long do_read(void *p) { return syscall(SYS_read, zero_fd, p, 16); }
static long do_write(void *p) { return syscall(SYS_write, pipe_w, p, 16); }
static long do_openat(void *p) { return syscall(SYS_openat, AT_FDCWD, p, O_RDONLY); }
static long do_fstatat_path(void *p)
{
	struct stat st;
	return syscall(SYS_newfstatat, AT_FDCWD, p, &st, 0);
}
static long do_fstatat_buf(void *p) { return syscall(SYS_newfstatat, AT_FDCWD, "/", p, 0); }
static long do_fstat(void *p) { return syscall(SYS_fstat, zero_fd, p); }
static long do_clock_mono(void *p) { return syscall(SYS_clock_gettime, CLOCK_MONOTONIC, p); }
static long do_clock_real(void *p) { return syscall(SYS_clock_gettime, CLOCK_REALTIME, p); }
static long do_uname(void *p) { return syscall(SYS_uname, p); }
static long do_pipe2(void *p) { return syscall(SYS_pipe2, p, 0); }
static long do_gettimeofday(void *p) { return syscall(SYS_gettimeofday, p, NULL); }
static long do_nanosleep(void *p) { return syscall(SYS_nanosleep, p, NULL); }
static long do_clock_nanosleep(void *p)
{
	/* clock_nanosleep returns the error number itself, not -1/errno */
	long e = syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, p, NULL);
	if (e > 0) {
		errno = (int)e;
		return -1;
	}
	return e;
}
static long do_getcwd(void *p) { return syscall(SYS_getcwd, p, 256); }
static long do_chdir(void *p) { return syscall(SYS_chdir, p); }
static long do_execve(void *p)
{
	char *argv[] = { "x", NULL }, *envp[] = { NULL };
	return syscall(SYS_execve, p, argv, envp);
}
static long do_sigaction_act(void *p) { return syscall(SYS_rt_sigaction, SIGUSR1, p, NULL, 8); }
static long do_sigaction_old(void *p) { return syscall(SYS_rt_sigaction, SIGUSR1, NULL, p, 8); }
static long do_sigprocmask_set(void *p) { return syscall(SYS_rt_sigprocmask, SIG_BLOCK, p, NULL, 8); }
static long do_sigprocmask_old(void *p) { return syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, p, 8); }
static long do_readv_iov(void *p) { return syscall(SYS_readv, zero_fd, p, 1); }
static long do_readv_buf(void *p)
{
	struct iovec iov = { p, 16 };
	return syscall(SYS_readv, zero_fd, &iov, 1);
}
static long do_writev_iov(void *p) { return syscall(SYS_writev, pipe_w, p, 1); }
static long do_getdents64(void *p) { return syscall(SYS_getdents64, dir_fd, p, 4096); }
static long do_readlinkat(void *p) { return syscall(SYS_readlinkat, AT_FDCWD, "/bin/sh", p, 64); }
static long do_tcgets(void *p) { return syscall(SYS_ioctl, tty_fd, TCGETS, p); }
static long do_tiocgwinsz(void *p) { return syscall(SYS_ioctl, tty_fd, TIOCGWINSZ, p); }
static long do_ppoll(void *p)
{
	struct __kernel_timespec zero = { 0, 0 };
	return syscall(SYS_ppoll, p, 1, &zero, NULL, 8);
}
static long do_wait4(void *p)
{
	long r;
	int err;
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	if (pid < 0)
		return -2;
	r = syscall(SYS_wait4, pid, p, 0, NULL);
	err = errno;
	waitpid(pid, NULL, 0);		/* reap it if the bad call did not */
	errno = err;
	return r;
}
static long do_sysinfo(void *p) { return syscall(SYS_sysinfo, p); }
static long do_prlimit_old(void *p) { return syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, p); }
static long do_prlimit_new(void *p) { return syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, p, NULL); }
static long do_getrusage(void *p) { return syscall(SYS_getrusage, RUSAGE_SELF, p); }
static long do_times(void *p) { return syscall(SYS_times, p); }

static const struct {
	const char *name;
	int flags;		/* READS: kernel reads *p; WRITES: kernel writes *p */
	long (*call)(void *p);
} calls[] = {
	{ "read", WRITES, do_read },
	{ "write", READS, do_write },
	{ "openat", READS, do_openat },
	{ "newfstatat(path)", READS, do_fstatat_path },
	{ "newfstatat(buf)", WRITES, do_fstatat_buf },
	{ "fstat", WRITES, do_fstat },
	{ "clock_gettime(MONOTONIC)", WRITES, do_clock_mono },
	{ "clock_gettime(REALTIME)", WRITES, do_clock_real },
	{ "uname", WRITES, do_uname },
	{ "pipe2", WRITES, do_pipe2 },
	{ "gettimeofday", WRITES | NULL_OK, do_gettimeofday },
	{ "nanosleep", READS, do_nanosleep },
	{ "clock_nanosleep", READS, do_clock_nanosleep },
	{ "getcwd", WRITES, do_getcwd },
	{ "chdir", READS, do_chdir },
	{ "execve", READS, do_execve },
	{ "rt_sigaction(act)", READS | NULL_OK, do_sigaction_act },
	{ "rt_sigaction(oldact)", WRITES | NULL_OK, do_sigaction_old },
	{ "rt_sigprocmask(set)", READS | NULL_OK, do_sigprocmask_set },
	{ "rt_sigprocmask(oldset)", WRITES | NULL_OK, do_sigprocmask_old },
	{ "readv(iov)", READS, do_readv_iov },
	{ "readv(buf)", WRITES, do_readv_buf },
	{ "writev(iov)", READS, do_writev_iov },
	{ "getdents64", WRITES, do_getdents64 },
	{ "readlinkat", WRITES, do_readlinkat },
	{ "ioctl(TCGETS)", WRITES, do_tcgets },
	{ "ioctl(TIOCGWINSZ)", WRITES, do_tiocgwinsz },
	{ "ppoll", READS, do_ppoll },
	{ "wait4", WRITES | NULL_OK, do_wait4 },
	{ "sysinfo", WRITES, do_sysinfo },
	{ "prlimit64(old)", WRITES | NULL_OK, do_prlimit_old },
	{ "prlimit64(new)", READS | NULL_OK, do_prlimit_new },
	{ "getrusage", WRITES, do_getrusage },
	{ "times", WRITES | NULL_OK, do_times },
};

static void on_fault(int sig)
{
	caught = sig;
	siglongjmp(on_signal, 1);
}

static void bad(const char *call, const char *ptr, const char *fmt, long v)
{
	nbad++;
	printf("efault: BAD %s(%s): ", call, ptr);
	printf(fmt, v);
	putchar('\n');
}

static void try_one(const char *call, long (*fn)(void *), const struct bad_ptr *bp)
{
	long r;

	if (sigsetjmp(on_signal, 1)) {
		bad(call, bp->name, "killed by signal %ld", caught);
		return;
	}
	errno = 0;
	r = fn(bp->p);
	if (r == -1 && errno == EFAULT)
		nok++;
	else if (r == -1)
		bad(call, bp->name, "errno %ld instead of EFAULT", errno);
	else
		bad(call, bp->name, "returned %ld instead of -1/EFAULT", r);
}

static int setup(struct bad_ptr *ptrs)
{
	int fds[2];
	char *pages = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (pages == MAP_FAILED || munmap(pages + 4096, 4096) ||
	    mprotect(pages + 2 * 4096, 4096, PROT_NONE) ||
	    mprotect(pages + 3 * 4096, 4096, PROT_READ)) {
		printf("efault: setup: mmap/munmap/mprotect failed: %s\n", strerror(errno));
		return -1;
	}
	ptrs[3].p = pages + 4096;
	ptrs[4].p = pages + 2 * 4096;
	ptrs[5].p = pages + 3 * 4096;
	zero_fd = open("/dev/zero", O_RDONLY);
	dir_fd = open("/", O_RDONLY | O_DIRECTORY);
	tty_fd = open("/dev/console", O_RDWR | O_NOCTTY);
	if (tty_fd < 0 && isatty(0))
		tty_fd = 0;
	if (zero_fd < 0 || dir_fd < 0 || tty_fd < 0 || pipe(fds)) {
		printf("efault: setup: cannot open /dev/zero, /, a tty or a pipe: %s\n",
		       strerror(errno));
		return -1;
	}
	pipe_w = fds[1];
	return 0;
}

int main(void)
{
	struct bad_ptr ptrs[] = {
		{ "NULL", NULL, 0 },
		{ "0x1", (void *)1, 0 },
		{ "kernel address", (void *)0xffff000040080000UL, 0 },
		{ "unmapped page", NULL, 0 },
		{ "PROT_NONE page", NULL, 0 },
		{ "read-only page", NULL, 1 },
	};
	struct sigaction sa = { .sa_handler = on_fault };

	setvbuf(stdout, NULL, _IONBF, 0);
	if (setup(ptrs))
		return 2;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	for (size_t c = 0; c < sizeof(calls) / sizeof(calls[0]); c++) {
		for (size_t i = 0; i < sizeof(ptrs) / sizeof(ptrs[0]); i++) {
			if (ptrs[i].p == NULL && (calls[c].flags & NULL_OK))
				continue;
			if (ptrs[i].writes_only && !(calls[c].flags & WRITES))
				continue;
			try_one(calls[c].name, calls[c].call, &ptrs[i]);
		}
	}
	printf("efault: %d ok, %d bad\n", nok, nbad);
	return nbad != 0;
}
