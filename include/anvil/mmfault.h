/* Page-fault entry from the architecture code (mm/memory.c). */
#ifndef ANVIL_MMFAULT_H
#define ANVIL_MMFAULT_H

#define FAULT_FLAG_WRITE	0x1
#define FAULT_FLAG_INSTRUCTION	0x2
#define FAULT_FLAG_USER		0x4

#define VM_FAULT_OK		0
#define VM_FAULT_SIGSEGV	1	/* no mapping */
#define VM_FAULT_BADACCESS	2	/* mapping forbids the access */
#define VM_FAULT_SIGBUS		3	/* file page beyond EOF, or I/O error */
#define VM_FAULT_OOM		4

/* Resolve a fault at user address @addr in current's mm.  Returns VM_FAULT_OK or why not.
 * Takes mm->mmap_lock. */
int handle_user_fault(unsigned long addr, unsigned int flags);

#endif
