/* Signal delivery as Linux does it: siginfo contents, fault addresses, FP/SIMD registers
 * preserved across a handler, sigaltstack, SA_RESETHAND/SA_NODEFER, masks and pending
 * sets, sigsuspend, EINTR vs SA_RESTART on a blocking read, ITIMER_REAL, sigtimedwait.
 * Prints one line per failed check and "signals: N ok, N bad". */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int nok, nbad;
#define CHECK(cond, ...) do { if (cond) nok++; else { nbad++; printf("signals: BAD " __VA_ARGS__); printf("\n"); } } while (0)

static volatile sig_atomic_t hits;
static siginfo_t last_info;
static void *last_stack;
static sigjmp_buf jb;
static volatile uintptr_t bad_addr = 16;	/* unmapped; volatile so the compiler keeps the store */

static void on_info(int sig, siginfo_t *si, void *uc)
{
	hits++;
	last_info = *si;
	last_stack = __builtin_frame_address(0);
}

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	last_info = *si;
	siglongjmp(jb, 1);
}

static void clobber_fp(int sig)
{
	/* a handler is free to use every FP/SIMD register */
	__asm__ __volatile__("fmov d8, xzr\n\tfmov d0, xzr\n\tmovi v16.16b, #0x55" ::: "v0", "v8", "v16");
	hits++;
}

static void nested(int sig)
{
	hits++;
	if (hits == 1)
		raise(sig);	/* SA_NODEFER: delivered again right away, inside */
}

static void set(int sig, void (*h)(int), void (*sa)(int, siginfo_t *, void *), int flags)
{
	struct sigaction act;

	memset(&act, 0, sizeof(act));
	if (sa) {
		act.sa_sigaction = sa;
		flags |= SA_SIGINFO;
	} else {
		act.sa_handler = h;
	}
	act.sa_flags = flags;
	sigaction(sig, &act, NULL);
}

static void on_alarm(int sig) { hits++; }

int main(void)
{
	struct sigaction old;
	sigset_t s, pend;
	char altstack[65536];
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	int fds[2];
	char c;

	/* siginfo of kill() */
	set(SIGUSR1, NULL, on_info, 0);
	hits = 0;
	kill(getpid(), SIGUSR1);
	CHECK(hits == 1, "kill: handler ran %d times", (int)hits);
	CHECK(last_info.si_signo == SIGUSR1 && last_info.si_code == SI_USER && last_info.si_pid == getpid() &&
	      last_info.si_uid == getuid(), "kill siginfo: signo %d code %d pid %d", last_info.si_signo,
	      last_info.si_code, last_info.si_pid);

	/* a fault: SIGSEGV with si_addr and SEGV_MAPERR, recoverable with siglongjmp */
	set(SIGSEGV, NULL, on_segv, 0);
	if (sigsetjmp(jb, 1) == 0)
		*(volatile int *)bad_addr = 1;
	CHECK(last_info.si_signo == SIGSEGV && last_info.si_code == SEGV_MAPERR &&
	      last_info.si_addr == (void *)16, "SIGSEGV siginfo: code %d addr %p", last_info.si_code, last_info.si_addr);

	/* FP/SIMD registers survive a handler that clobbers them */
	{
		double before = 3.25, after;
		set(SIGUSR2, clobber_fp, NULL, 0);
		__asm__ __volatile__("fmov d8, %d1\n\tmov x0, %2\n\tmov x8, #129\n\tmov x1, #12\n\tsvc #0\n\tfmov %d0, d8"
				     : "=w"(after) : "w"(before), "r"((long)getpid()) : "x0", "x1", "x8", "v8", "memory");
		CHECK(after == before, "d8 after a signal handler: %f (expected %f)", after, before);
	}

	/* sigaltstack + SA_ONSTACK: the handler runs on the alternate stack */
	CHECK(sigaltstack(&ss, NULL) == 0, "sigaltstack: %s", strerror(errno));
	set(SIGUSR1, NULL, on_info, SA_ONSTACK);
	kill(getpid(), SIGUSR1);
	CHECK((char *)last_stack >= altstack && (char *)last_stack < altstack + sizeof(altstack),
	      "handler stack %p not on the alternate stack", last_stack);

	/* SA_RESETHAND: one shot; SA_NODEFER: may nest */
	set(SIGUSR1, NULL, on_info, SA_RESETHAND);
	kill(getpid(), SIGUSR1);
	sigaction(SIGUSR1, NULL, &old);
	CHECK(old.sa_handler == SIG_DFL, "SA_RESETHAND left a handler");
	hits = 0;
	set(SIGUSR2, nested, NULL, SA_NODEFER);
	raise(SIGUSR2);
	CHECK(hits == 2, "SA_NODEFER nesting: %d handler runs", (int)hits);

	/* blocked signals stay pending; unblocking delivers them */
	set(SIGUSR1, NULL, on_info, 0);
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigprocmask(SIG_BLOCK, &s, NULL);
	hits = 0;
	kill(getpid(), SIGUSR1);
	sigpending(&pend);
	CHECK(hits == 0 && sigismember(&pend, SIGUSR1), "blocked SIGUSR1: hits %d pending %d", (int)hits,
	      sigismember(&pend, SIGUSR1));
	sigprocmask(SIG_UNBLOCK, &s, NULL);
	CHECK(hits == 1, "unblocking did not deliver (hits %d)", (int)hits);

	/* sigsuspend returns -1/EINTR after the handler; the old mask is restored */
	sigprocmask(SIG_BLOCK, &s, NULL);
	if (fork() == 0) {
		usleep(100000);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	{
		sigset_t empty, now;
		sigemptyset(&empty);
		hits = 0;
		int r = sigsuspend(&empty);
		CHECK(r == -1 && errno == EINTR && hits == 1, "sigsuspend: r %d errno %d hits %d", r, errno, (int)hits);
		sigprocmask(SIG_SETMASK, NULL, &now);
		CHECK(sigismember(&now, SIGUSR1), "sigsuspend did not restore the mask");
		wait(NULL);
	}
	sigprocmask(SIG_UNBLOCK, &s, NULL);

	/* a blocking read: EINTR without SA_RESTART, resumed with it */
	pipe(fds);
	for (int restart = 0; restart < 2; restart++) {
		set(SIGALRM, on_alarm, NULL, restart ? SA_RESTART : 0);
		struct itimerval it = { { 0, 0 }, { 0, 150000 } };
		setitimer(ITIMER_REAL, &it, NULL);
		if (restart && fork() == 0) {
			usleep(400000);
			write(fds[1], "x", 1);
			_exit(0);
		}
		errno = 0;
		ssize_t n = read(fds[0], &c, 1);
		if (restart) {
			CHECK(n == 1 && c == 'x', "SA_RESTART read: n %zd errno %d", n, errno);
			wait(NULL);
		} else {
			CHECK(n == -1 && errno == EINTR, "read without SA_RESTART: n %zd errno %d", n, errno);
		}
	}

	/* sigtimedwait picks a blocked pending signal with its siginfo; times out with EAGAIN */
	{
		struct timespec ts = { 0, 50000000 };
		siginfo_t si;
		sigprocmask(SIG_BLOCK, &s, NULL);
		kill(getpid(), SIGUSR1);
		CHECK(sigtimedwait(&s, &si, &ts) == SIGUSR1 && si.si_pid == getpid(), "sigtimedwait did not return SIGUSR1");
		CHECK(sigtimedwait(&s, &si, &ts) == -1 && errno == EAGAIN, "sigtimedwait timeout: errno %d", errno);
		sigprocmask(SIG_UNBLOCK, &s, NULL);
	}

	/* a child killed by a signal is reported with WIFSIGNALED */
	{
		int st;
		pid_t p = fork();
		if (p == 0) {
			pause();
			_exit(0);
		}
		usleep(50000);
		kill(p, SIGTERM);
		waitpid(p, &st, 0);
		CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "child status %#x", st);
	}

	printf("signals: %d ok, %d bad\n", nok, nbad);
	return nbad != 0;
}
