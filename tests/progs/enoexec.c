/* Corrupt executables must be refused the way Linux refuses them.  Writes a minimal valid
 * static AArch64 ELF (one PT_LOAD; its code is exit(7)) and damaged copies of it into a
 * fresh directory under /tmp, execve()s each in a child (through syscall(2), so the C
 * library cannot second-guess it) and compares what happened with what Linux 6.1 does:
 * "errno ENOEXEC" when execve fails, "exit N" or "signal SIGxxx" when it did not return.
 * Prints one line per mismatch, then "enoexec: N ok, N bad"; exits 0 iff none is bad.
 * Built static with glibc and with musl (tests/tests.mk). */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define BASE	0x400000UL

/* The valid program: ELF header, one program header, then exit(7) in AArch64 code. */
struct image {
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	uint32_t code[3];
};

static const uint32_t exit7[3] = {
	0xd28000e0,	/* mov x0, #7 */
	0xd2800ba8,	/* mov x8, #93 (exit) */
	0xd4000001,	/* svc #0 */
};

static void make_valid(struct image *im)
{
	memset(im, 0, sizeof(*im));
	memcpy(im->eh.e_ident, ELFMAG, SELFMAG);
	im->eh.e_ident[EI_CLASS] = ELFCLASS64;
	im->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	im->eh.e_ident[EI_VERSION] = EV_CURRENT;
	im->eh.e_type = ET_EXEC;
	im->eh.e_machine = EM_AARCH64;
	im->eh.e_version = EV_CURRENT;
	im->eh.e_entry = BASE + offsetof(struct image, code);
	im->eh.e_phoff = offsetof(struct image, ph);
	im->eh.e_ehsize = sizeof(Elf64_Ehdr);
	im->eh.e_phentsize = sizeof(Elf64_Phdr);
	im->eh.e_phnum = 1;
	im->ph.p_type = PT_LOAD;
	im->ph.p_flags = PF_R | PF_X;
	im->ph.p_offset = 0;
	im->ph.p_vaddr = im->ph.p_paddr = BASE;
	im->ph.p_filesz = im->ph.p_memsz = sizeof(*im);
	im->ph.p_align = 4096;
	memcpy(im->code, exit7, sizeof(exit7));
}

/* Each case damages the valid image and/or sets how many of its bytes go to the file. */
static void c_valid(struct image *im, size_t *len) { }
static void c_empty(struct image *im, size_t *len) { *len = 0; }
static void c_text(struct image *im, size_t *len)
{
	static const char t[] = "this is not an executable\n";
	memcpy(im, t, sizeof(t) - 1);
	*len = sizeof(t) - 1;
}
static void c_bad_magic(struct image *im, size_t *len) { im->eh.e_ident[EI_MAG3] = 'G'; }
static void c_wrong_machine(struct image *im, size_t *len) { im->eh.e_machine = EM_X86_64; }
static void c_et_rel(struct image *im, size_t *len) { im->eh.e_type = ET_REL; }
static void c_phnum0(struct image *im, size_t *len) { im->eh.e_phnum = 0; }
static void c_phnum_huge(struct image *im, size_t *len) { im->eh.e_phnum = 0xffff; }
static void c_phentsize(struct image *im, size_t *len) { im->eh.e_phentsize = 32; }
static void c_phoff_eof(struct image *im, size_t *len) { im->eh.e_phoff = 4096; }
static void c_trunc_ehdr(struct image *im, size_t *len) { *len = 20; }
static void c_trunc_phdr(struct image *im, size_t *len) { *len = sizeof(Elf64_Ehdr) + 20; }
static void c_elf32_arm(struct image *im, size_t *len)
{
	Elf32_Ehdr *eh = (Elf32_Ehdr *)im;

	memset(im, 0, sizeof(*im));
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS32;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_ARM;
	eh->e_version = EV_CURRENT;
	eh->e_entry = 0x10000;
	eh->e_ehsize = sizeof(Elf32_Ehdr);
	eh->e_phentsize = sizeof(Elf32_Phdr);
	*len = sizeof(Elf32_Ehdr);	/* and no program headers */
}
static void c_filesz_gt_memsz(struct image *im, size_t *len) { im->ph.p_memsz = 16; }
static void c_entry_unmapped(struct image *im, size_t *len) { im->eh.e_entry = 0x10000; }

static const struct {
	const char *name;
	void (*damage)(struct image *im, size_t *len);
	const char *expect;	/* what Linux 6.1 (arm64) does */
} cases[] = {
	{ "valid", c_valid, "exit 7" },
	{ "empty file", c_empty, "errno ENOEXEC" },
	{ "text file", c_text, "errno ENOEXEC" },
	{ "bad magic", c_bad_magic, "errno ENOEXEC" },
	{ "e_machine x86-64", c_wrong_machine, "errno ENOEXEC" },
	{ "e_type ET_REL", c_et_rel, "errno ENOEXEC" },
	{ "e_phnum 0", c_phnum0, "errno ENOEXEC" },
	{ "e_phnum 65535", c_phnum_huge, "errno ENOEXEC" },
	{ "e_phentsize 32", c_phentsize, "errno ENOEXEC" },
	{ "e_phoff past EOF", c_phoff_eof, "errno ENOEXEC" },
	{ "truncated in ELF header", c_trunc_ehdr, "errno ENOEXEC" },
	{ "truncated in program headers", c_trunc_phdr, "errno ENOEXEC" },
	{ "32-bit ARM header", c_elf32_arm, "errno ENOEXEC" },
	/* Linux checks this only after the point of no return, so the process dies; Anvil
	 * checks it before and returns EINVAL to the intact caller (docs/syscalls-notes.md).
	 * Either is accepted: '|' separates allowed outcomes. */
	{ "PT_LOAD p_filesz > p_memsz", c_filesz_gt_memsz, "signal SIGSEGV|errno EINVAL" },
	{ "e_entry not mapped", c_entry_unmapped, "signal SIGSEGV" },
};

/* True if @got is one of the '|'-separated outcomes in @allowed. */
static int outcome_allowed(const char *got, const char *allowed)
{
	size_t n = strlen(got);

	for (const char *p = allowed; p; p = strchr(p, '|') ? strchr(p, '|') + 1 : NULL)
		if (strncmp(p, got, n) == 0 && (p[n] == '\0' || p[n] == '|'))
			return 1;
	return 0;
}

static const char *errno_name(int e, char *buf)
{
	switch (e) {
	case ENOEXEC: return "ENOEXEC";
	case EINVAL: return "EINVAL";
	case EIO: return "EIO";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case ENOENT: return "ENOENT";
	case ENOMEM: return "ENOMEM";
	case ENOSYS: return "ENOSYS";
	case E2BIG: return "E2BIG";
	}
	sprintf(buf, "%d", e);
	return buf;
}

static const char *signal_name(int s, char *buf)
{
	switch (s) {
	case SIGSEGV: return "SIGSEGV";
	case SIGBUS: return "SIGBUS";
	case SIGILL: return "SIGILL";
	case SIGKILL: return "SIGKILL";
	case SIGALRM: return "SIGALRM";
	case SIGABRT: return "SIGABRT";
	}
	sprintf(buf, "%d", s);
	return buf;
}

/* Exec @path in a child; describe the outcome in @out. */
static void run(const char *path, char *out, size_t size)
{
	char *argv[] = { (char *)path, NULL }, *envp[] = { NULL }, nb[16];
	int fds[2], err, status;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) || (pid = fork()) < 0) {
		snprintf(out, size, "setup failed: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		alarm(10);	/* survives exec: a hung image ends as SIGALRM */
		syscall(SYS_execve, path, argv, envp);
		err = errno;
		write(fds[1], &err, sizeof(err));
		_exit(127);
	}
	close(fds[1]);
	if (read(fds[0], &err, sizeof(err)) == sizeof(err))
		snprintf(out, size, "errno %s", errno_name(err, nb));
	close(fds[0]);
	if (waitpid(pid, &status, 0) != pid)
		snprintf(out, size, "waitpid failed: %s", strerror(errno));
	else if (WIFSIGNALED(status))
		snprintf(out, size, "signal %s", signal_name(WTERMSIG(status), nb));
	else if (WEXITSTATUS(status) != 127)
		snprintf(out, size, "exit %d", WEXITSTATUS(status));
}

int main(void)
{
	char dir[] = "/tmp/enoexec.XXXXXX", path[64], got[96];
	int nok = 0, nbad = 0;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (!mkdtemp(dir)) {
		printf("enoexec: cannot create a directory in /tmp: %s\n", strerror(errno));
		return 2;
	}
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct image im;
		size_t len = sizeof(im);
		int fd;

		make_valid(&im);
		cases[i].damage(&im, &len);
		snprintf(path, sizeof(path), "%s/%zu", dir, i);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
		if (fd < 0 || write(fd, &im, len) != (ssize_t)len || close(fd)) {
			printf("enoexec: cannot write %s: %s\n", path, strerror(errno));
			return 2;
		}
		strcpy(got, "nothing");
		run(path, got, sizeof(got));
		if (outcome_allowed(got, cases[i].expect)) {
			nok++;
		} else {
			nbad++;
			printf("enoexec: BAD %s: %s, expected %s\n", cases[i].name, got,
			       cases[i].expect);
		}
		unlink(path);
	}
	rmdir(dir);
	printf("enoexec: %d ok, %d bad\n", nok, nbad);
	return nbad != 0;
}
