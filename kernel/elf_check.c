/* ELF64 header sanity checks for exec (ELF-64 Object File Format 1.5; AArch64 ELF ABI).
 * Pure functions: no kernel state, so the host unit tests link this file directly. */
#include <anvil/elf_check.h>
#include <anvil/errno.h>
#include <anvil/string.h>

#define ELF_PAGE_SIZE	4096ULL
#define USER_VA_LIMIT	(1ULL << 48)
#define MAX_PHDR_BYTES	65536ULL

int elf_check_header(const Elf64_Ehdr *eh, unsigned long long file_size)
{
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
		return -ENOEXEC;
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_ident[EI_VERSION] != EV_CURRENT)
		return -ENOEXEC;
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return -ENOEXEC;
	if (eh->e_machine != EM_AARCH64 || eh->e_version != EV_CURRENT)
		return -ENOEXEC;
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return -ENOEXEC;
	if (eh->e_phnum < 1 || (unsigned long long)eh->e_phnum * sizeof(Elf64_Phdr) > MAX_PHDR_BYTES)
		return -ENOEXEC;
	if (eh->e_phoff >= file_size || eh->e_phnum * sizeof(Elf64_Phdr) > file_size - eh->e_phoff)
		return -ENOEXEC;
	return 0;
}

int elf_check_phdrs(const Elf64_Ehdr *eh, const Elf64_Phdr *ph, unsigned long long file_size)
{
	int loads = 0;

	for (int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *p = &ph[i];

		if (p->p_type != PT_LOAD)
			continue;
		loads++;
		if (p->p_filesz > p->p_memsz)
			return -EINVAL;
		if (p->p_offset > file_size || p->p_filesz > file_size - p->p_offset)
			return -EINVAL;
		if ((p->p_vaddr % ELF_PAGE_SIZE) != (p->p_offset % ELF_PAGE_SIZE))
			return -EINVAL;
		if (p->p_vaddr >= USER_VA_LIMIT || p->p_memsz > USER_VA_LIMIT - p->p_vaddr)
			return -EINVAL;
	}
	return loads ? 0 : -ENOEXEC;
}
