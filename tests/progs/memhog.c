/* Out of memory kills a process, never the kernel: a child touches anonymous memory
 * until the kernel gives up; the parent expects it to die of SIGKILL (the OOM kill, as
 * on Linux) and then checks that memory came back.  Prints "memhog: ok ...". */
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHUNK (16UL << 20)

static long free_kib(void)
{
	long pages = sysconf(_SC_AVPHYS_PAGES);
	return pages < 0 ? -1 : pages * (sysconf(_SC_PAGESIZE) / 1024);
}

int main(void)
{
	long before = free_kib(), after;
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		for (;;) {
			char *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (p == MAP_FAILED)
				_exit(3);	/* refused up front: also not a kernel death, but not what we test */
			for (unsigned long i = 0; i < CHUNK; i += 4096)
				p[i] = 1;
		}
	}
	if (waitpid(pid, &status, 0) != pid) {
		printf("memhog: waitpid failed\n");
		return 1;
	}
	after = free_kib();
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL) {
		printf("memhog: child did not die of SIGKILL (status %#x)\n", status);
		return 1;
	}
	if (before > 0 && after < before / 2) {
		printf("memhog: memory not returned (%ld KiB free before, %ld after)\n", before, after);
		return 1;
	}
	printf("memhog: ok (killed by SIGKILL; %ld KiB free before, %ld after)\n", before, after);
	return 0;
}
