/* The smallest static program: exits with status 0 at once, without a C library, so
 * `fork_exec` measures the kernel's execve, not a libc's start-up.  Built with -nostdlib. */
#include <asm/unistd.h>

void _start(void)
{
	register long x0 __asm__("x0") = 0;
	register long x8 __asm__("x8") = __NR_exit_group;

	__asm__ volatile("svc #0" : : "r"(x0), "r"(x8) : "memory");
	for (;;)
		;
}
