/* Pseudo-terminals as Linux has them (pty(7), ptmx(4), ioctl_tty(2)): posix_openpt,
 * grantpt, unlockpt, ptsname; a shell on the slave as a session's controlling tty, with
 * echo, CR/LF translation, stty size, Ctrl-C to the foreground job and EIO on the master
 * once it exits; SIGWINCH from TIOCSWINSZ on the master; SIGHUP to the session leader
 * and a hung-up slave when the master closes; default termios; bounded buffers that
 * block (EAGAIN) without losing data; the canonical-mode line limit; packet mode;
 * TIOCGPTPEER.  Needs devpts on /dev/pts.  Prints one line per failed check and
 * "pty: N ok, N bad".
 * "pty run PROG [ARG...]" instead runs PROG on a new pty as script(1) does: the
 * terminal's settings and size are copied to the slave, the terminal goes raw and
 * everything is relayed both ways until the pty closes; exits with PROG's status. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#ifndef TIOCGPTPEER
#define TIOCGPTPEER	_IO('T', 0x41)
#endif

static int nok, nbad;
#define CHECK(cond, ...) do { if (cond) nok++; else { nbad++; printf("pty: BAD " __VA_ARGS__); printf("\n"); fflush(stdout); } } while (0)

static volatile sig_atomic_t hups, conts, winches;
static void on_hup(int sig) { hups++; }
static void on_cont(int sig) { conts++; }
static void on_winch(int sig) { winches++; }

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A new, unlocked master (O_NONBLOCK if asked) and its slave's name. */
static int new_pty(char *name, size_t len, int extra)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY | extra);

	if (m < 0 || grantpt(m) || unlockpt(m) || ptsname_r(m, name, len)) {
		printf("pty: BAD cannot set up a pty: %s\n", strerror(errno));
		nbad++;
		exit(1);
	}
	return m;
}

/* Append what @fd yields to @acc (NUL-terminated, @cap bytes) until it contains @want,
 * @ms pass, or the fd reports EOF/an error (kept in *@err). */
static int read_until(int fd, char *acc, size_t cap, const char *want, int ms, int *err)
{
	long end = now_ms() + ms;
	size_t len = strlen(acc);

	*err = 0;
	while (!strstr(acc, want) && now_ms() < end && len + 1 < cap) {
		struct pollfd p = { fd, POLLIN, 0 };
		ssize_t r;

		if (poll(&p, 1, (int)(end - now_ms())) <= 0)
			continue;
		r = read(fd, acc + len, cap - 1 - len);
		if (r <= 0) {
			*err = r < 0 ? errno : 0;
			break;
		}
		len += r;
		acc[len] = '\0';
	}
	return strstr(acc, want) != NULL;
}

/* waitpid with a time limit; -1 (child killed) if it does not end within @ms. */
static int wait_child(pid_t pid, int ms)
{
	long end = now_ms() + ms;
	int st;

	while (now_ms() < end) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			return st;
		usleep(10000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	return -1;
}

/* Copy @n bytes to @fd, all of them. */
static int put_all(int fd, const char *buf, ssize_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, buf, n);

		if (w < 0 && errno != EINTR)
			return -1;
		if (w > 0) {
			buf += w;
			n -= w;
		}
	}
	return 0;
}

/* Child: a new session whose controlling tty is the slave, on fds 0-2. */
static void become_session_on(const char *name, int m)
{
	int s;

	close(m);
	setsid();
	s = open(name, O_RDWR);
	if (s < 0)
		_exit(126);
	dup2(s, 0);
	dup2(s, 1);
	dup2(s, 2);
	if (s > 2)
		close(s);
}

/* posix_openpt & co., then a shell on the slave driven through the master. */
static void test_shell(void)
{
	char name[64], want[64], acc[4096] = "";
	struct winsize ws = { .ws_row = 30, .ws_col = 100 };
	struct stat st;
	unsigned int n = ~0u;
	struct pollfd p;
	pid_t pid, pg = -1;
	int m, s, err, status;
	char *echo, *got;

	m = posix_openpt(O_RDWR | O_NOCTTY);
	CHECK(m >= 0, "posix_openpt: %s", strerror(errno));
	if (m < 0)
		return;
	CHECK(grantpt(m) == 0, "grantpt: %s", strerror(errno));
	CHECK(ptsname_r(m, name, sizeof(name)) == 0, "ptsname_r: %s", strerror(errno));
	CHECK(ioctl(m, TIOCGPTN, &n) == 0, "TIOCGPTN: %s", strerror(errno));
	snprintf(want, sizeof(want), "/dev/pts/%u", n);
	CHECK(strcmp(name, want) == 0, "ptsname %s, TIOCGPTN %u", name, n);
	CHECK(stat(name, &st) == 0 && S_ISCHR(st.st_mode) && major(st.st_rdev) == 136 &&
	      minor(st.st_rdev) == n, "stat %s: mode %o rdev %u:%u", name, st.st_mode,
	      major(st.st_rdev), minor(st.st_rdev));
	s = open(name, O_RDWR | O_NOCTTY);
	CHECK(s < 0 && errno == EIO, "open of a locked slave: %d %s", s, strerror(errno));
	CHECK(unlockpt(m) == 0, "unlockpt: %s", strerror(errno));
	CHECK(ioctl(m, TIOCSWINSZ, &ws) == 0, "TIOCSWINSZ on the master: %s", strerror(errno));

	pid = fork();
	if (pid == 0) {
		become_session_on(name, m);
		execl("/bin/sh", "sh", "-c", "echo hello; stty size; read x; echo got:$x; exec sleep 100",
		      (char *)NULL);
		_exit(127);
	}
	CHECK(read_until(m, acc, sizeof(acc), "30 100\r\n", 10000, &err),
	      "no 'hello' and '30 100' with CR/LF (%s); got '%s'", strerror(err), acc);
	CHECK(strstr(acc, "hello\r\n") != NULL, "no 'hello\\r\\n' in '%s'", acc);
	CHECK(ioctl(m, TIOCGPGRP, &pg) == 0 && pg == pid, "TIOCGPGRP via the master: %d, child %d",
	      (int)pg, (int)pid);
	acc[0] = '\0';
	CHECK(write(m, "world\r", 6) == 6, "write to the master: %s", strerror(errno));
	CHECK(read_until(m, acc, sizeof(acc), "got:world\r\n", 10000, &err),
	      "no 'got:world' (%s); got '%s'", strerror(err), acc);
	echo = strstr(acc, "world\r\n");
	got = strstr(acc, "got:world");
	CHECK(echo && got && echo < got, "echo 'world\\r\\n' not before the output: '%s'", acc);
	usleep(200000);		/* let the shell exec sleep */
	acc[0] = '\0';
	CHECK(write(m, "\003", 1) == 1, "write ^C: %s", strerror(errno));
	status = wait_child(pid, 10000);
	CHECK(status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGINT,
	      "^C did not kill the foreground job with SIGINT (status %#x)", status);
	CHECK(read_until(m, acc, sizeof(acc), "^C", 2000, &err), "no ^C echo: '%s'", acc);
	while (read_until(m, acc, sizeof(acc), "never", 1000, &err) == 0 && err == 0 && strlen(acc) < 4000)
		;
	CHECK(err == EIO, "read on the master after the child exited: %s", strerror(err));
	p = (struct pollfd){ m, POLLIN, 0 };
	CHECK(poll(&p, 1, 0) == 1 && (p.revents & POLLHUP), "poll after the child exited: %#x", p.revents);
	close(m);
	CHECK(stat(name, &st) < 0 && errno == ENOENT, "%s still there after the master closed", name);
}

/* SIGWINCH to the foreground group when the size changes, not when it is set again. */
static void test_winch(void)
{
	char name[64], c;
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	int m = new_pty(name, sizeof(name), 0), fds[2], status;
	pid_t pid;

	if (pipe(fds))
		return;
	pid = fork();
	if (pid == 0) {
		struct winsize got = { 0 };
		long end;

		close(fds[0]);
		become_session_on(name, m);
		signal(SIGWINCH, on_winch);
		write(fds[1], "r", 1);
		end = now_ms() + 3000;
		while (winches == 0 && now_ms() < end)
			usleep(10000);
		usleep(300000);
		ioctl(0, TIOCGWINSZ, &got);
		_exit(winches + (got.ws_row == 24 && got.ws_col == 80 ? 10 : 0));
	}
	close(fds[1]);
	read(fds[0], &c, 1);
	CHECK(ioctl(m, TIOCSWINSZ, &ws) == 0, "TIOCSWINSZ: %s", strerror(errno));
	CHECK(ioctl(m, TIOCSWINSZ, &ws) == 0, "TIOCSWINSZ again: %s", strerror(errno));
	status = wait_child(pid, 10000);
	CHECK(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 11,
	      "SIGWINCH: child status %#x (want exit 11: one SIGWINCH, size 24x80)", status);
	close(fds[0]);
	close(m);
}

/* Closing the master: SIGHUP and SIGCONT to the session leader, which loses its
 * controlling tty; its slave fd reads 0 and writes EIO. */
static void test_hangup(void)
{
	char name[64], c;
	int m = new_pty(name, sizeof(name), 0), fds[2], status;
	pid_t pid;

	if (pipe(fds))
		return;
	pid = fork();
	if (pid == 0) {
		char buf[8];
		int ok, tty;
		long end;

		close(fds[0]);
		become_session_on(name, m);
		signal(SIGHUP, on_hup);
		signal(SIGCONT, on_cont);
		write(fds[1], "r", 1);
		end = now_ms() + 3000;
		while (hups == 0 && now_ms() < end)
			usleep(10000);
		usleep(100000);
		ok = read(0, buf, sizeof(buf)) == 0;
		ok &= write(1, "x", 1) < 0 && errno == EIO;
		tty = open("/dev/tty", O_RDWR);
		ok &= tty < 0 && errno == ENXIO;
		_exit((hups == 1) + (conts == 1) * 2 + ok * 4);
	}
	close(fds[1]);
	read(fds[0], &c, 1);
	close(m);
	status = wait_child(pid, 10000);
	CHECK(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 7,
	      "master close: child status %#x (want 7: SIGHUP, SIGCONT, read 0/write EIO/no /dev/tty)",
	      status);
	close(fds[0]);
}

/* Master reads: EAGAIN before the slave was opened, EIO (and POLLHUP) once every slave
 * fd is closed, EAGAIN again after a reopen.  A slave fd left open when the master goes
 * is hung up. */
static void test_open_close(void)
{
	char name[64], buf[16];
	struct pollfd p;
	int m = new_pty(name, sizeof(name), O_NONBLOCK), s;

	CHECK(read(m, buf, sizeof(buf)) < 0 && errno == EAGAIN, "master read, slave never opened: %s",
	      strerror(errno));
	s = open(name, O_RDWR | O_NOCTTY);
	close(s);
	CHECK(read(m, buf, sizeof(buf)) < 0 && errno == EIO, "master read, slave closed: %s",
	      strerror(errno));
	p = (struct pollfd){ m, POLLIN | POLLOUT, 0 };
	CHECK(poll(&p, 1, 0) == 1 && p.revents == (POLLOUT | POLLHUP), "master poll, slave closed: %#x",
	      p.revents);
	s = open(name, O_RDWR | O_NOCTTY);
	CHECK(read(m, buf, sizeof(buf)) < 0 && errno == EAGAIN, "master read, slave reopened: %s",
	      strerror(errno));
	close(m);
	CHECK(read(s, buf, sizeof(buf)) == 0, "slave read after the master closed: %s", strerror(errno));
	CHECK(write(s, "x", 1) < 0 && errno == EIO, "slave write after the master closed: %s",
	      strerror(errno));
	p = (struct pollfd){ s, POLLIN | POLLOUT, 0 };
	CHECK(poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLIN)) == (POLLHUP | POLLIN),
	      "hung-up slave poll: %#x", p.revents);
	close(s);
}

/* The slave's termios as Linux's pty driver sets it; the master shows the slave's. */
static void test_termios(void)
{
	char name[64];
	int m = new_pty(name, sizeof(name), 0), s = open(name, O_RDWR | O_NOCTTY);
	struct termios t, u;

	CHECK(tcgetattr(m, &t) == 0, "tcgetattr on the master: %s", strerror(errno));
	CHECK((t.c_lflag & (ICANON | ECHO | ISIG | IEXTEN)) == (ICANON | ECHO | ISIG | IEXTEN) &&
	      (t.c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR) && (t.c_iflag & ICRNL) &&
	      (t.c_cflag & CSIZE) == CS8 && (t.c_cflag & CREAD) && !(t.c_cflag & HUPCL) &&
	      cfgetospeed(&t) == B38400, "default termios: i %#x o %#x c %#x l %#x", t.c_iflag,
	      t.c_oflag, t.c_cflag, t.c_lflag);
	t.c_cflag = (t.c_cflag & ~CSIZE) | CS7 | PARENB;
	tcsetattr(s, TCSANOW, &t);
	tcgetattr(s, &u);
	CHECK((u.c_cflag & CSIZE) == CS8 && !(u.c_cflag & PARENB), "a slave keeps CS8: c_cflag %#x",
	      u.c_cflag);
	t.c_lflag &= ~ECHO;
	tcsetattr(m, TCSANOW, &t);
	tcgetattr(s, &u);
	CHECK(!(u.c_lflag & ECHO), "tcsetattr on the master did not reach the slave");
	close(s);
	close(m);
}

/* Write pattern bytes to @w until EAGAIN; returns how many. */
static long fill(int w, long limit)
{
	char buf[512];
	long total = 0;

	for (;;) {
		ssize_t r;

		for (size_t i = 0; i < sizeof(buf); i++)
			buf[i] = (char)((total + i) % 251);
		r = write(w, buf, sizeof(buf));
		if (r <= 0 || total > limit)
			return r < 0 && errno == EAGAIN ? total : -1;
		total += r;
	}
}

/* Read from @r until EAGAIN, checking the pattern; returns bytes, -1 on a wrong byte. */
static long drain(int r)
{
	char buf[512];
	long total = 0;

	for (;;) {
		ssize_t n = read(r, buf, sizeof(buf));

		if (n <= 0)
			return n < 0 && errno == EAGAIN ? total : -1;
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] != (char)((total + i) % 251))
				return -1;
		total += n;
	}
}

/* Raw mode both ways: writers get EAGAIN when the buffers are full, poll stops saying
 * POLLOUT, and the reader gets every byte back in order. */
static void test_buffers(void)
{
	char name[64];
	int m = new_pty(name, sizeof(name), O_NONBLOCK), s = open(name, O_RDWR | O_NOCTTY | O_NONBLOCK);
	struct termios t;
	struct pollfd p;
	long wrote, read_back;

	tcgetattr(s, &t);
	cfmakeraw(&t);
	tcsetattr(s, TCSANOW, &t);
	wrote = fill(m, 1 << 20);
	CHECK(wrote >= 4095, "master->slave: EAGAIN after %ld bytes", wrote);
	p = (struct pollfd){ m, POLLOUT, 0 };
	CHECK(poll(&p, 1, 0) == 0, "full master still polls %#x", p.revents);
	read_back = drain(s);
	CHECK(read_back == wrote, "master->slave: wrote %ld, read %ld", wrote, read_back);
	wrote = fill(s, 1 << 20);
	CHECK(wrote >= 4095, "slave->master: EAGAIN after %ld bytes", wrote);
	read_back = drain(m);
	CHECK(read_back == wrote, "slave->master: wrote %ld, read %ld", wrote, read_back);
	close(s);
	close(m);
}

/* Canonical mode with no line ended never holds a writer up: the line keeps 4095
 * characters and its newline (termios(3)). */
static void test_canon_limit(void)
{
	char name[64], big[5000], buf[8192];
	int m = new_pty(name, sizeof(name), O_NONBLOCK), s = open(name, O_RDWR | O_NOCTTY | O_NONBLOCK);
	struct termios t;
	long total = 0;
	char last = 0;
	ssize_t r;

	tcgetattr(s, &t);
	t.c_lflag &= ~ECHO;
	tcsetattr(s, TCSANOW, &t);
	memset(big, 'a', sizeof(big));
	r = write(m, big, sizeof(big));
	CHECK(r == (ssize_t)sizeof(big), "5000-byte line: write gave %zd (%s)", r, strerror(errno));
	CHECK(write(m, "\n", 1) == 1, "newline after a long line: %s", strerror(errno));
	usleep(100000);
	while ((r = read(s, buf, sizeof(buf))) > 0) {
		total += r;
		last = buf[r - 1];
	}
	CHECK(total == 4096 && last == '\n', "long line read back as %ld bytes, last %#x", total, last);
	close(s);
	close(m);
}

/* TIOCPKT: a data packet is 0 then the data; a flush of the slave's input is one
 * TIOCPKT_FLUSHREAD byte, announced by POLLPRI. */
static void test_packet(void)
{
	char name[64], buf[16];
	int m = new_pty(name, sizeof(name), O_NONBLOCK), s = open(name, O_RDWR | O_NOCTTY), one = 1, on = 0;
	struct termios t;
	struct pollfd p;
	ssize_t r;

	tcgetattr(s, &t);
	cfmakeraw(&t);
	tcsetattr(s, TCSANOW, &t);
	CHECK(ioctl(m, TIOCPKT, &one) == 0 && ioctl(m, TIOCGPKT, &on) == 0 && on == 1,
	      "TIOCPKT/TIOCGPKT: %s", strerror(errno));
	write(s, "xy", 2);
	r = read(m, buf, sizeof(buf));
	CHECK(r == 3 && buf[0] == TIOCPKT_DATA && buf[1] == 'x' && buf[2] == 'y',
	      "packet data: %zd bytes, first %d", r, r > 0 ? buf[0] : -1);
	tcflush(s, TCIFLUSH);
	p = (struct pollfd){ m, POLLIN | POLLPRI, 0 };
	CHECK(poll(&p, 1, 0) == 1 && (p.revents & POLLPRI), "poll after a slave flush: %#x", p.revents);
	r = read(m, buf, sizeof(buf));
	CHECK(r == 1 && buf[0] == TIOCPKT_FLUSHREAD, "flush packet: %zd bytes, first %d", r,
	      r > 0 ? buf[0] : -1);
	r = read(m, buf, sizeof(buf));
	CHECK(r < 0 && errno == EAGAIN, "nothing after the status byte: %zd", r);
	close(s);
	close(m);
}

/* Both directions at once from three processes, with the slave echoing: no deadlock,
 * and neither direction loses or reorders a byte (echoes may be dropped when the
 * master's buffer is full, as in Linux). */
static void test_stress(void)
{
	enum { N = 200000, CHUNK = 1000 };
	char name[64], buf[CHUNK];
	int m = new_pty(name, sizeof(name), 0), s = open(name, O_RDWR | O_NOCTTY), st[3];
	pid_t kids[3];
	struct termios t;
	long got = 0, end = now_ms() + 60000;

	tcgetattr(s, &t);
	cfmakeraw(&t);
	t.c_lflag |= ECHO;
	tcsetattr(s, TCSANOW, &t);
	if ((kids[0] = fork()) == 0) {		/* master writer: A..Z */
		close(s);
		for (long done = 0; done < N; done += CHUNK) {
			for (int i = 0; i < CHUNK; i++)
				buf[i] = 'A' + (done + i) % 26;
			if (put_all(m, buf, CHUNK))
				_exit(1);
		}
		_exit(0);
	}
	if ((kids[1] = fork()) == 0) {		/* slave reader: checks the order */
		long n = 0;

		close(m);
		while (n < N) {
			ssize_t r = read(s, buf, sizeof(buf));

			if (r <= 0)
				_exit(2);
			for (ssize_t i = 0; i < r; i++, n++)
				if (buf[i] != 'A' + n % 26)
					_exit(3);
		}
		_exit(0);
	}
	if ((kids[2] = fork()) == 0) {		/* slave writer: q */
		close(m);
		memset(buf, 'q', sizeof(buf));
		for (long done = 0; done < N; done += CHUNK)
			if (put_all(s, buf, CHUNK))
				_exit(1);
		_exit(0);
	}
	close(s);
	while (got < N && now_ms() < end) {
		struct pollfd p = { m, POLLIN, 0 };
		ssize_t r;

		if (poll(&p, 1, 1000) <= 0)
			continue;
		r = read(m, buf, sizeof(buf));
		if (r <= 0)
			break;
		for (ssize_t i = 0; i < r; i++)
			got += buf[i] == 'q';
	}
	for (int i = 0; i < 3; i++)
		st[i] = wait_child(kids[i], got == N ? 30000 : 100);
	CHECK(got == N, "stress: the master read %ld of %d bytes from the slave", got, N);
	CHECK(st[0] == 0 && st[1] == 0 && st[2] == 0,
	      "stress: master writer %#x, slave reader %#x, slave writer %#x", st[0], st[1], st[2]);
	close(m);
}

/* TIOCGPTPEER opens the slave from the master alone. */
static void test_peer(void)
{
	char name[64], buf[8];
	int m = new_pty(name, sizeof(name), 0), s;
	unsigned int n = 0;
	struct stat st;

	ioctl(m, TIOCGPTN, &n);
	s = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY);
	CHECK(s >= 0, "TIOCGPTPEER: %s", strerror(errno));
	if (s >= 0) {
		CHECK(fstat(s, &st) == 0 && st.st_rdev == makedev(136, n), "TIOCGPTPEER gave rdev %u:%u",
		      major(st.st_rdev), minor(st.st_rdev));
		CHECK(write(s, "z\n", 2) == 2 && read(m, buf, sizeof(buf)) == 3 && buf[0] == 'z',
		      "data through the TIOCGPTPEER fd");
		close(s);
	}
	close(m);
}

static int run_relay(char **argv)
{
	struct termios orig, raw;
	struct winsize ws;
	char name[64], buf[4096];
	int is_tty = tcgetattr(0, &orig) == 0, m = new_pty(name, sizeof(name), 0), status, nfds = 2;
	pid_t pid;

	if (ioctl(0, TIOCGWINSZ, &ws) == 0)
		ioctl(m, TIOCSWINSZ, &ws);
	pid = fork();
	if (pid == 0) {
		become_session_on(name, m);
		if (is_tty)
			tcsetattr(0, TCSANOW, &orig);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (is_tty) {
		raw = orig;
		cfmakeraw(&raw);
		tcsetattr(0, TCSANOW, &raw);
	}
	for (;;) {
		struct pollfd p[2] = { { m, POLLIN, 0 }, { 0, POLLIN, 0 } };
		ssize_t n;

		if (poll(p, nfds, -1) < 0)
			continue;
		if (p[0].revents) {
			n = read(m, buf, sizeof(buf));
			if (n <= 0 || put_all(1, buf, n))
				break;		/* EIO: every slave fd is closed */
		}
		if (nfds == 2 && p[1].revents) {
			n = read(0, buf, sizeof(buf));
			if (n <= 0)
				nfds = 1;
			else
				put_all(m, buf, n);
		}
	}
	waitpid(pid, &status, 0);
	if (is_tty)
		tcsetattr(0, TCSANOW, &orig);
	close(m);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "run") == 0)
		return run_relay(argv + 2);
	signal(SIGPIPE, SIG_IGN);
	test_shell();
	test_winch();
	test_hangup();
	test_open_close();
	test_termios();
	test_buffers();
	test_canon_limit();
	test_packet();
	test_stress();
	test_peer();
	printf("pty: %d ok, %d bad\n", nok, nbad);
	return nbad != 0;
}
