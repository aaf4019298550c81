/* Threads as glibc and musl make them (clone with CLONE_THREAD|CLONE_SETTLS|
 * CLONE_CHILD_CLEARTID..., futexes): create/join, mutex and condition variable
 * contention, thread ids, TLS, a signal to one thread, and exit_group from a thread.
 * Prints "threads: N ok, N bad". */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int nok, nbad;
#define CHECK(cond, ...) do { if (cond) nok++; else { nbad++; printf("threads: BAD " __VA_ARGS__); printf("\n"); } } while (0)

#define NTHREADS 4
#define ITERS 20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static long counter;
static int ready;
static __thread int tls_value;
static volatile sig_atomic_t usr1_tid;

static void *worker(void *arg)
{
	tls_value = (int)(long)arg;
	for (int i = 0; i < ITERS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
	}
	return (void *)(long)(tls_value * 10);
}

static void *waiter(void *arg)
{
	pthread_mutex_lock(&lock);
	while (!ready)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	return (void *)(long)syscall(SYS_gettid);
}

static void on_usr1(int sig)
{
	usr1_tid = syscall(SYS_gettid);
}

static void *sleeper(void *arg)
{
	*(long *)arg = syscall(SYS_gettid);
	while (!usr1_tid)
		usleep(1000);
	return NULL;
}

static void *exiter(void *arg)
{
	usleep(50000);
	exit(42);	/* exit_group: takes the whole process down with status 42 */
}

int main(void)
{
	pthread_t t[NTHREADS], w, s;
	void *ret;
	long stid = 0;

	tls_value = 99;
	for (long i = 0; i < NTHREADS; i++)
		CHECK(pthread_create(&t[i], NULL, worker, (void *)(i + 1)) == 0, "pthread_create %ld", i);
	for (long i = 0; i < NTHREADS; i++) {
		CHECK(pthread_join(t[i], &ret) == 0 && (long)ret == (i + 1) * 10, "join %ld returned %ld", i, (long)ret);
	}
	CHECK(counter == NTHREADS * ITERS, "counter %ld, expected %d", counter, NTHREADS * ITERS);
	CHECK(tls_value == 99, "main thread's TLS changed to %d", tls_value);

	pthread_create(&w, NULL, waiter, NULL);
	usleep(50000);
	pthread_mutex_lock(&lock);
	ready = 1;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	pthread_join(w, &ret);
	CHECK((long)ret != getpid() && (long)ret > 0, "thread tid %ld vs pid %d", (long)ret, getpid());

	/* a signal aimed at one thread runs its handler in that thread */
	signal(SIGUSR1, on_usr1);
	pthread_create(&s, NULL, sleeper, &stid);
	while (!stid)
		usleep(1000);
	CHECK(pthread_kill(s, SIGUSR1) == 0, "pthread_kill");
	pthread_join(s, NULL);
	CHECK(usr1_tid == stid, "SIGUSR1 handled by tid %d, sent to %ld", (int)usr1_tid, stid);

	/* exit() from a non-main thread ends the process with that status */
	pid_t p = fork();
	if (p == 0) {
		pthread_t e;
		pthread_create(&e, NULL, exiter, NULL);
		for (;;)
			pause();
	}
	int st;
	waitpid(p, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42, "process status %#x after exit(42) in a thread", st);

	printf("threads: %d ok, %d bad\n", nok, nbad);
	return nbad != 0;
}
