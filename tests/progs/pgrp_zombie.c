/* A process group stays alive while its only member is an unreaped zombie (Linux keeps
 * the pgid until release): joining it with setpgid() and giving it the terminal with
 * tcsetpgrp() must work.  Shells rely on this for pipelines whose first command exits
 * early.  Run from an interactive shell on the console; prints "pgrp_zombie: ok". */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	pid_t shell_pgrp = tcgetpgrp(0), a, b;
	int status, bad = 0;

	if (shell_pgrp < 0) {
		printf("pgrp_zombie: stdin is not a terminal: %s\n", strerror(errno));
		return 2;
	}
	signal(SIGTTOU, SIG_IGN);	/* so the parent may take the terminal back */
	a = fork();
	if (a == 0) {
		setpgid(0, 0);
		_exit(0);		/* becomes a zombie: the parent does not reap it yet */
	}
	setpgid(a, a);
	usleep(200000);
	b = fork();
	if (b == 0) {
		if (setpgid(0, a) != 0) {
			printf("pgrp_zombie: setpgid into zombie's group: %s\n", strerror(errno));
			_exit(1);
		}
		if (tcsetpgrp(0, a) != 0) {
			printf("pgrp_zombie: tcsetpgrp to zombie's group: %s\n", strerror(errno));
			_exit(1);
		}
		_exit(0);
	}
	waitpid(b, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		bad = 1;
	if (kill(-a, 0) != 0) {
		printf("pgrp_zombie: kill(-pgrp, 0) on a zombie group: %s\n", strerror(errno));
		bad = 1;
	}
	tcsetpgrp(0, shell_pgrp);
	waitpid(a, &status, 0);
	printf(bad ? "pgrp_zombie: FAILED\n" : "pgrp_zombie: ok\n");
	return bad;
}
