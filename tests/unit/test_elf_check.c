// sources: kernel/elf_check.c
/* ELF header validation used by execve. */
#include "unit.h"
#include <anvil/elf_check.h>
#include <anvil/errno.h>

static Elf64_Ehdr good_ehdr(void)
{
	Elf64_Ehdr e;

	memset(&e, 0, sizeof(e));
	memcpy(e.e_ident, ELFMAG, SELFMAG);
	e.e_ident[EI_CLASS] = ELFCLASS64;
	e.e_ident[EI_DATA] = ELFDATA2LSB;
	e.e_ident[EI_VERSION] = EV_CURRENT;
	e.e_type = ET_EXEC;
	e.e_machine = EM_AARCH64;
	e.e_version = EV_CURRENT;
	e.e_phoff = sizeof(e);
	e.e_phentsize = sizeof(Elf64_Phdr);
	e.e_phnum = 1;
	return e;
}

static Elf64_Phdr good_load(void)
{
	Elf64_Phdr p;

	memset(&p, 0, sizeof(p));
	p.p_type = PT_LOAD;
	p.p_offset = 0;
	p.p_vaddr = 0x400000;
	p.p_filesz = 0x1000;
	p.p_memsz = 0x2000;
	p.p_flags = PF_R | PF_X;
	return p;
}

static void test_good_header(void)
{
	Elf64_Ehdr e = good_ehdr();

	CHECK_EQ(elf_check_header(&e, 0x10000), 0);
	e.e_type = ET_DYN;
	CHECK_EQ(elf_check_header(&e, 0x10000), 0);
}

static void test_bad_headers(void)
{
	Elf64_Ehdr e;

	e = good_ehdr(); e.e_ident[1] = 'X';
	CHECK_EQ(elf_check_header(&e, 0x10000), -ENOEXEC);
	e = good_ehdr(); e.e_ident[EI_CLASS] = ELFCLASS32;
	CHECK_EQ(elf_check_header(&e, 0x10000), -ENOEXEC);
	e = good_ehdr(); e.e_ident[EI_DATA] = ELFDATA2MSB;
	CHECK_EQ(elf_check_header(&e, 0x10000), -ENOEXEC);
	e = good_ehdr(); e.e_machine = EM_X86_64;
	CHECK_EQ(elf_check_header(&e, 0x10000), -ENOEXEC);
	e = good_ehdr(); e.e_type = ET_REL;
	CHECK_EQ(elf_check_header(&e, 0x10000), -ENOEXEC);
	e = good_ehdr(); e.e_phnum = 0;
	CHECK_EQ(elf_check_header(&e, 0x10000), -ENOEXEC);
	e = good_ehdr(); e.e_phentsize = 32;
	CHECK_EQ(elf_check_header(&e, 0x10000), -ENOEXEC);
	e = good_ehdr(); e.e_phoff = 0x20000;		/* past EOF */
	CHECK_EQ(elf_check_header(&e, 0x10000), -ENOEXEC);
	e = good_ehdr(); e.e_phnum = 0xffff;		/* table far too large */
	CHECK_EQ(elf_check_header(&e, 0x10000), -ENOEXEC);
	e = good_ehdr(); e.e_phoff = ~0ULL - 8;		/* offset arithmetic must not wrap */
	CHECK_EQ(elf_check_header(&e, 0x10000), -ENOEXEC);
}

static void test_phdrs(void)
{
	Elf64_Ehdr e = good_ehdr();
	Elf64_Phdr p;

	p = good_load();
	CHECK_EQ(elf_check_phdrs(&e, &p, 0x10000), 0);
	p = good_load(); p.p_filesz = 0x3000;		/* filesz > memsz */
	CHECK_EQ(elf_check_phdrs(&e, &p, 0x10000), -EINVAL);
	p = good_load(); p.p_offset = 0xf800;		/* data past EOF */
	CHECK_EQ(elf_check_phdrs(&e, &p, 0x10000), -EINVAL);
	p = good_load(); p.p_vaddr = 0x400010;		/* not congruent with the offset */
	CHECK_EQ(elf_check_phdrs(&e, &p, 0x10000), -EINVAL);
	p = good_load(); p.p_vaddr = 0xfffffffffffff000ULL;	/* kernel half / overflow */
	CHECK_EQ(elf_check_phdrs(&e, &p, 0x10000), -EINVAL);
	p = good_load(); p.p_type = PT_NOTE;		/* nothing to load */
	CHECK_EQ(elf_check_phdrs(&e, &p, 0x10000), -ENOEXEC);
}

UNIT_TEST(test_good_header);
UNIT_TEST(test_bad_headers);
UNIT_TEST(test_phdrs);
UNIT_MAIN()
