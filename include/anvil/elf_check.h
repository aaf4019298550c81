/* Validation of ELF64 headers before exec trusts them (kernel/elf_check.c; pure logic,
 * host unit-tested).  Both return 0 or -ENOEXEC (-EINVAL for impossible layouts, as
 * Linux's binfmt_elf does). */
#ifndef ANVIL_ELF_CHECK_H
#define ANVIL_ELF_CHECK_H

#include <linux/elf.h>
#include <stddef.h>

/* The ELF identification, type (ET_EXEC/ET_DYN), machine (AArch64), version and program
 * header table geometry, against a file of @file_size bytes. */
int elf_check_header(const Elf64_Ehdr *eh, unsigned long long file_size);
/* Each PT_LOAD: filesz <= memsz, file range inside the file, vaddr/offset congruent
 * modulo the page size, no address overflow, below the user address limit. */
int elf_check_phdrs(const Elf64_Ehdr *eh, const Elf64_Phdr *ph, unsigned long long file_size);

#endif
