/* Anvil benchmarks: user-space microbenchmarks run unchanged under Anvil and under Debian's
 * Linux (same static glibc binary, same QEMU line), so the ratio compares the kernels.
 *
 * Usage: bench list          names of all benchmarks, one per line
 *        bench NAME...       run the named benchmarks
 * Output, one line each:     BENCH name value unit
 *                        or  BENCH_ERR name reason     (a call failed: no bogus number)
 * Exit status: 0 if every benchmark produced a figure, 1 otherwise.
 *
 * Each benchmark is a function that runs `n` iterations and returns the elapsed
 * CLOCK_MONOTONIC time of its timed part; the harness doubles-or-more `n` until one run
 * lasts at least MIN_NS, so every figure comes from a single run of 0.2-0.5 s whatever the
 * kernel's speed.  Files live under /tmp (tmpfs, or the tmpfs rootfs of the initramfs). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MIN_NS		200000000ull	/* a measured run lasts at least 0.2 s ... */
#define TARGET_NS	300000000ull	/* ... and calibration aims at 0.3 s */
#define MAX_N		(1l << 40)
#define DIR		"/tmp/anvil-bench"
#define SMALL_FILE	DIR "/small"
#define MAPPED_FILE	DIR "/mapped"
#define TINY_PROG	"/bench/tiny"
#define CHUNK		(64 * 1024)	/* pipe bandwidth write/read size */
#define MAP_PAGES	256		/* pages per mmap in the fault benchmarks */
#define SMALL_WRITE	512		/* bytes written per created file */

static char err_msg[160];	/* why the current benchmark failed */
static long page_size;

/* Record "what: strerror(errno)" as the failure reason; returns -1 for `return fail(...)`. */
static int fail(const char *what)
{
	snprintf(err_msg, sizeof(err_msg), "%s: %s", what, strerror(errno));
	return -1;
}

/* Record a failure that has no errno (a wrong value, a child's bad exit). */
static int fail_msg(const char *what)
{
	snprintf(err_msg, sizeof(err_msg), "%s", what);
	return -1;
}

static int now_ns(uint64_t *t)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts))
		return fail("clock_gettime");
	*t = (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
	return 0;
}

/* Timed region helpers: start() then stop() leaves the elapsed time in *ns. */
static int start(uint64_t *t0)
{
	return now_ns(t0);
}

static int stop(uint64_t t0, uint64_t *ns)
{
	uint64_t t1;

	if (now_ns(&t1))
		return -1;
	*ns = t1 - t0;
	return 0;
}

/* Wait for child `pid` and require a normal exit with status 0. */
static int reap(pid_t pid, const char *what)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		return fail("waitpid");
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		snprintf(err_msg, sizeof(err_msg), "%s: child %s %d", what,
			 WIFEXITED(st) ? "exited with" : "killed by signal",
			 WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
		return -1;
	}
	return 0;
}

static int null_syscall(long n, uint64_t *ns)
{
	uint64_t t0;

	if (start(&t0))
		return -1;
	for (long i = 0; i < n; i++)
		if (syscall(SYS_getppid) < 0)
			return fail("getppid");
	return stop(t0, ns);
}

/* One-byte read (write) of `path` n times. */
static int rw_1byte(const char *path, int writing, long n, uint64_t *ns)
{
	char c = 0;
	uint64_t t0;
	int fd = open(path, writing ? O_WRONLY : O_RDONLY);

	if (fd < 0)
		return fail(path);
	if (start(&t0))
		goto out;
	for (long i = 0; i < n; i++) {
		ssize_t r = writing ? write(fd, &c, 1) : read(fd, &c, 1);

		if (r != 1) {
			r < 0 ? fail(writing ? "write" : "read") : fail_msg("short transfer");
			goto out;
		}
	}
	if (stop(t0, ns))
		goto out;
	close(fd);
	return 0;
out:
	close(fd);
	return -1;
}

static int read_1b(long n, uint64_t *ns)
{
	return rw_1byte("/dev/zero", 0, n, ns);
}

static int write_1b(long n, uint64_t *ns)
{
	return rw_1byte("/dev/null", 1, n, ns);
}

/* Make DIR and write `size` bytes of pattern into `path`. */
static int make_file(const char *path, size_t size)
{
	static char buf[CHUNK];
	int fd;

	if (mkdir(DIR, 0755) && errno != EEXIST)
		return fail("mkdir " DIR);
	fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	if (fd < 0)
		return fail("create");
	memset(buf, 'a', sizeof(buf));
	for (size_t done = 0; done < size; ) {
		size_t len = size - done < sizeof(buf) ? size - done : sizeof(buf);
		ssize_t r = write(fd, buf, len);

		if (r <= 0) {
			r < 0 ? fail("write") : fail_msg("write returned 0");
			close(fd);
			return -1;
		}
		done += r;
	}
	if (close(fd))
		return fail("close");
	return 0;
}

static int open_close(long n, uint64_t *ns)
{
	uint64_t t0;

	if (make_file(SMALL_FILE, 100) || start(&t0))
		return -1;
	for (long i = 0; i < n; i++) {
		int fd = open(SMALL_FILE, O_RDONLY);

		if (fd < 0)
			return fail("open");
		if (close(fd))
			return fail("close");
	}
	return stop(t0, ns);
}

static int stat_file(long n, uint64_t *ns)
{
	struct stat st;
	uint64_t t0;

	if (make_file(SMALL_FILE, 100) || start(&t0))
		return -1;
	for (long i = 0; i < n; i++)
		if (stat(SMALL_FILE, &st))
			return fail("stat");
	if (st.st_size != 100)
		return fail_msg("stat: wrong st_size");
	return stop(t0, ns);
}

static int fork_exit(long n, uint64_t *ns)
{
	uint64_t t0;

	if (start(&t0))
		return -1;
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0)
			return fail("fork");
		if (pid == 0)
			_exit(0);
		if (reap(pid, "fork"))
			return -1;
	}
	return stop(t0, ns);
}

static int fork_exec(long n, uint64_t *ns)
{
	char *argv[] = { TINY_PROG, NULL }, *envp[] = { NULL };
	uint64_t t0;

	if (start(&t0))
		return -1;
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0)
			return fail("fork");
		if (pid == 0) {
			execve(TINY_PROG, argv, envp);
			_exit(127);	/* reap() reports "exited with 127" */
		}
		if (reap(pid, "execve " TINY_PROG))
			return -1;
	}
	return stop(t0, ns);
}

/* Read exactly len bytes (a pipe may return less); 0 on success. */
static int read_full(int fd, char *buf, size_t len)
{
	while (len) {
		ssize_t r = read(fd, buf, len);

		if (r < 0)
			return fail("read");
		if (r == 0)
			return fail_msg("read: unexpected end of file");
		buf += r;
		len -= r;
	}
	return 0;
}

/* Child side of the ping-pong: echo each byte from `in` to `out` until end of file. */
static void echo_child(int in, int out)
{
	char c;
	ssize_t r;

	while ((r = read(in, &c, 1)) == 1)
		if (write(out, &c, 1) != 1)
			_exit(1);
	_exit(r == 0 ? 0 : 1);
}

static int pipe_rtt(long n, uint64_t *ns)
{
	int to[2], from[2];
	char c = 'x';
	uint64_t t0;
	pid_t pid;

	if (pipe(to))
		return fail("pipe");
	if (pipe(from))
		return fail("pipe");
	pid = fork();
	if (pid < 0)
		return fail("fork");
	if (pid == 0) {
		close(to[1]);
		close(from[0]);
		echo_child(to[0], from[1]);
	}
	close(to[0]);
	close(from[1]);
	if (start(&t0))
		return -1;
	for (long i = 0; i < n; i++) {
		if (write(to[1], &c, 1) != 1)
			return fail("write");
		if (read_full(from[0], &c, 1))
			return -1;
	}
	if (stop(t0, ns))
		return -1;
	close(to[1]);
	close(from[0]);
	return reap(pid, "pipe echo");
}

/* n chunks of CHUNK bytes through a pipe from a child writer to this reader. */
static int pipe_bw(long n, uint64_t *ns)
{
	static char buf[CHUNK];
	int p[2];
	uint64_t t0;
	pid_t pid;

	if (pipe(p))
		return fail("pipe");
	pid = fork();
	if (pid < 0)
		return fail("fork");
	if (pid == 0) {
		close(p[0]);
		for (long i = 0; i < n; i++)
			for (size_t off = 0; off < CHUNK; ) {
				ssize_t r = write(p[1], buf + off, CHUNK - off);

				if (r <= 0)
					_exit(1);
				off += r;
			}
		_exit(0);
	}
	close(p[1]);
	if (start(&t0))
		return -1;
	for (long i = 0; i < n; i++)
		if (read_full(p[0], buf, CHUNK))
			return -1;
	if (stop(t0, ns))
		return -1;
	close(p[0]);
	return reap(pid, "pipe writer");
}

/* Two processes pinned to one CPU hand a turn back and forth through shared memory,
 * each yielding until it is its turn: every hand-off is one context switch. */
static int ctx_switch(long n, uint64_t *ns)
{
	pid_t pid, parent = getpid();
	unsigned long spins = 0;	/* checks for a dead partner now and then */
	cpu_set_t one;
	uint64_t t0;
	int *turn;

	CPU_ZERO(&one);
	CPU_SET(0, &one);
	if (sched_setaffinity(0, sizeof(one), &one))
		return fail("sched_setaffinity");
	turn = mmap(NULL, page_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (turn == MAP_FAILED)
		return fail("mmap shared");
	*turn = 0;
	pid = fork();
	if (pid < 0)
		return fail("fork");
	if (pid == 0) {
		for (long i = 0; i < n; i++) {
			while (__atomic_load_n(turn, __ATOMIC_ACQUIRE) != 1)
				if (sched_yield() || (++spins % 4096 == 0 && getppid() != parent))
					_exit(1);
			__atomic_store_n(turn, 0, __ATOMIC_RELEASE);
		}
		_exit(0);
	}
	if (start(&t0))
		return -1;
	for (long i = 0; i < n; i++) {
		__atomic_store_n(turn, 1, __ATOMIC_RELEASE);
		while (__atomic_load_n(turn, __ATOMIC_ACQUIRE) != 0) {
			if (sched_yield())
				return fail("sched_yield");
			if (++spins % 4096 == 0 && waitpid(pid, NULL, WNOHANG) == pid)
				return fail_msg("yield partner exited early");
		}
	}
	if (stop(t0, ns) || reap(pid, "yield partner"))
		return -1;
	*ns /= 2;	/* two switches per round */
	return munmap(turn, page_size) ? fail("munmap") : 0;
}

/* Fault in n anonymous pages, MAP_PAGES per mapping, one write each. */
static int page_fault(long n, uint64_t *ns)
{
	size_t len = MAP_PAGES * page_size;
	uint64_t t0;

	if (start(&t0))
		return -1;
	for (long done = 0; done < n; done += MAP_PAGES) {
		long pages = n - done < MAP_PAGES ? n - done : MAP_PAGES;
		char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			return fail("mmap");
		for (long i = 0; i < pages; i++)
			p[i * page_size] = 1;
		if (munmap(p, len))
			return fail("munmap");
	}
	return stop(t0, ns);
}

/* Map a tmpfs file MAP_PAGES pages at a time and read one word per page (n pages). */
static int mmap_file(long n, uint64_t *ns)
{
	size_t len = MAP_PAGES * page_size;
	volatile unsigned long sum = 0;
	uint64_t t0;
	int fd;

	if (make_file(MAPPED_FILE, len))
		return -1;
	fd = open(MAPPED_FILE, O_RDONLY);
	if (fd < 0)
		return fail("open");
	if (start(&t0))
		goto out;
	for (long done = 0; done < n; done += MAP_PAGES) {
		long pages = n - done < MAP_PAGES ? n - done : MAP_PAGES;
		const unsigned long *p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);

		if (p == MAP_FAILED) {
			fail("mmap");
			goto out;
		}
		for (long i = 0; i < pages; i++)
			sum += p[i * page_size / sizeof(*p)];
		if (munmap((void *)p, len)) {
			fail("munmap");
			goto out;
		}
	}
	if (stop(t0, ns))
		goto out;
	close(fd);
	/* every word read is "aaaaaaaa": a wrong sum means the mapping showed wrong data */
	if (sum != (unsigned long)n * 0x6161616161616161ul)
		return fail_msg("mmap read returned wrong data");
	return 0;
out:
	close(fd);
	return -1;
}

static volatile sig_atomic_t signals_seen;

static void on_usr1(int sig)
{
	(void)sig;
	signals_seen++;
}

static int signal_self(long n, uint64_t *ns)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	pid_t me = getpid();
	uint64_t t0;

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, NULL))
		return fail("sigaction");
	signals_seen = 0;
	if (start(&t0))
		return -1;
	for (long i = 0; i < n; i++)
		if (kill(me, SIGUSR1))
			return fail("kill");
	if (stop(t0, ns))
		return -1;
	if (signals_seen != n)
		return fail_msg("handler ran a different number of times than kill");
	return 0;
}

static int file_create(long n, uint64_t *ns)
{
	static char buf[SMALL_WRITE];
	char name[64];
	uint64_t t0;

	if (mkdir(DIR, 0755) && errno != EEXIST)
		return fail("mkdir " DIR);
	if (start(&t0))
		return -1;
	for (long i = 0; i < n; i++) {
		int fd;

		snprintf(name, sizeof(name), DIR "/f%ld", i & 63);
		fd = open(name, O_CREAT | O_EXCL | O_WRONLY, 0644);
		if (fd < 0)
			return fail("create");
		if (write(fd, buf, sizeof(buf)) != sizeof(buf)) {
			fail("write");
			close(fd);
			return -1;
		}
		if (close(fd))
			return fail("close");
		if (unlink(name))
			return fail("unlink");
	}
	return stop(t0, ns);
}

/* How a benchmark's figure is derived from n iterations taking ns nanoseconds. */
enum figure { PER_OP_NS, PER_OP_US, MIB_PER_S };

static const struct bench {
	const char *name;
	int (*run)(long n, uint64_t *ns);
	enum figure figure;
	const char *unit;
} benches[] = {
	{ "null_syscall",	null_syscall,	PER_OP_NS, "ns" },
	{ "read_1b",		read_1b,	PER_OP_NS, "ns" },
	{ "write_1b",		write_1b,	PER_OP_NS, "ns" },
	{ "open_close",		open_close,	PER_OP_NS, "ns" },
	{ "stat",		stat_file,	PER_OP_NS, "ns" },
	{ "fork_exit",		fork_exit,	PER_OP_US, "us" },
	{ "fork_exec",		fork_exec,	PER_OP_US, "us" },
	{ "pipe_rtt",		pipe_rtt,	PER_OP_US, "us" },
	{ "pipe_bw",		pipe_bw,	MIB_PER_S, "MiB/s" },
	{ "ctx_switch",		ctx_switch,	PER_OP_US, "us" },
	{ "page_fault",		page_fault,	PER_OP_NS, "ns" },
	{ "mmap_file",		mmap_file,	PER_OP_NS, "ns" },
	{ "signal_self",	signal_self,	PER_OP_NS, "ns" },
	{ "file_create",	file_create,	PER_OP_US, "us" },
};

/* Calibrate and run one benchmark; print its BENCH or BENCH_ERR line. */
static int run_bench(const struct bench *b)
{
	uint64_t ns = 0;
	long n = 1;
	double v;

	for (;;) {
		err_msg[0] = '\0';
		if (b->run(n, &ns)) {
			printf("BENCH_ERR %s %s\n", b->name, err_msg[0] ? err_msg : "failed");
			return -1;
		}
		if (ns >= MIN_NS)
			break;
		if (n >= MAX_N) {
			printf("BENCH_ERR %s clock did not advance\n", b->name);
			return -1;
		}
		/* aim at TARGET_NS, but at least double and at most x100 per step */
		double f = ns ? (double)TARGET_NS / ns : 100.0;
		n = (long)(n * (f < 2 ? 2 : f > 100 ? 100 : f));
	}
	if (b->figure == MIB_PER_S)
		v = (double)n * CHUNK / (1024.0 * 1024.0) / (ns / 1e9);
	else
		v = (double)ns / n / (b->figure == PER_OP_US ? 1000.0 : 1.0);
	printf("BENCH %s %.3f %s\n", b->name, v, b->unit);
	return 0;
}

int main(int argc, char **argv)
{
	size_t nb = sizeof(benches) / sizeof(benches[0]);
	int status = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	page_size = sysconf(_SC_PAGESIZE);
	if (argc < 2) {
		fprintf(stderr, "usage: bench list | bench NAME...\n");
		return 2;
	}
	if (!strcmp(argv[1], "list")) {
		for (size_t i = 0; i < nb; i++)
			printf("%s\n", benches[i].name);
		return 0;
	}
	for (int a = 1; a < argc; a++) {
		size_t i = 0;

		while (i < nb && strcmp(benches[i].name, argv[a]))
			i++;
		if (i == nb) {
			printf("BENCH_ERR %s unknown benchmark\n", argv[a]);
			status = 1;
		} else if (run_bench(&benches[i])) {
			status = 1;
		}
	}
	/* tidy up what the file benchmarks left; absent files are fine */
	unlink(SMALL_FILE);
	unlink(MAPPED_FILE);
	rmdir(DIR);
	return status;
}
