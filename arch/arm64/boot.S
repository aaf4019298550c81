/*
 * Anvil entry point: the arm64 Image header (Documentation/arm64/booting.rst) and the
 * code that runs with the MMU off.  The loader passes the DTB's physical address in x0
 * and enters at EL2 or EL1 with the MMU off.  We drop to EL1 if needed, build a boot
 * page table (1 GiB blocks: device memory for the first GiB, normal memory for the next
 * seven, mapped both at VA=PA in TTBR0 and at PAGE_OFFSET+PA in TTBR1), enable the MMU
 * and jump to start_kernel() in the linear map.  mm/mmu.c replaces the mapping later.
 */
#include <arch/asm.h>

	.section .head.text, "ax"
	.globl	_head
_head:
	b	primary_entry			/* code0 */
	.long	0				/* code1 */
	.quad	0x80000				/* text_offset */
	.quad	_kernel_size			/* image_size, including BSS */
	.quad	0x2				/* flags: LE, 4K pages, 2MB-aligned base near DRAM start */
	.quad	0, 0, 0				/* res2..res4 */
	.ascii	"ARM\x64"			/* magic */
	.long	0				/* res5 (no PE header) */

primary_entry:
	mov	x21, x0				/* DTB physical address */
	bl	el2_to_el1
	/* We must run where we were linked (PAGE_OFFSET + load address). */
	adrp	x1, _text
	ldr	x2, =KERNEL_PHYS_BASE
	cmp	x1, x2
	b.ne	.Lbad_load
	bl	clear_bss
	bl	create_boot_page_tables
	bl	enable_mmu
	ldr	x1, =virt_entry
	br	x1

.Lbad_load:
	wfe
	b	.Lbad_load

/* Leave EL2 (if we are there) for EL1, letting EL1 use timers, FP and the GICv3 CPU interface. */
el2_to_el1:
	mrs	x0, CurrentEL
	cmp	x0, #(2 << 2)
	b.eq	1f
	ret
1:	mov	x0, #(1 << 31)			/* HCR_EL2.RW: EL1 is AArch64 */
	msr	hcr_el2, x0
	mrs	x0, cnthctl_el2
	orr	x0, x0, #3			/* EL1PCTEN | EL1PCEN */
	msr	cnthctl_el2, x0
	msr	cntvoff_el2, xzr
	mrs	x0, id_aa64pfr0_el1
	ubfx	x0, x0, #24, #4			/* GIC system register interface present? */
	cbz	x0, 2f
	mrs	x0, S3_4_C12_C9_5		/* ICC_SRE_EL2 */
	orr	x0, x0, #0xf			/* SRE | DFB | DIB | Enable (EL1 may use SRE) */
	msr	S3_4_C12_C9_5, x0
	isb
	msr	S3_4_C12_C11_0, xzr		/* ICH_HCR_EL2: no virtual interrupts */
2:	mrs	x0, midr_el1
	msr	vpidr_el2, x0
	mrs	x0, mpidr_el1
	msr	vmpidr_el2, x0
	mov	x0, #0x33ff			/* CPTR_EL2: RES1 bits, no FP/SIMD traps */
	msr	cptr_el2, x0
	msr	hstr_el2, xzr
	ldr	x0, =SCTLR_EL1_RES1
	msr	sctlr_el1, x0
	mov	x0, #0x3c5			/* EL1h, DAIF masked */
	msr	spsr_el2, x0
	msr	elr_el2, lr
	eret

/* Zero [__bss_start, __bss_end) with the MMU off (16-byte aligned stores only). */
clear_bss:
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:	ret

/* L0[0] -> L1; L1[i] = 1 GiB block at i GiB.  TTBR0 and TTBR1 share the tables:
 * PAGE_OFFSET's L0 index is 0 in the TTBR1 range too. */
create_boot_page_tables:
	adrp	x0, init_pg_dir			/* L0 */
	add	x1, x0, #4096			/* L1 */
	orr	x2, x1, #3			/* table descriptor */
	str	x2, [x0]
	ldr	x2, =BOOT_DEVICE_BLOCK
	str	x2, [x1]			/* 0..1 GiB: device, never executable */
	ldr	x2, =BOOT_NORMAL_BLOCK
	mov	x3, #1
1:	lsl	x4, x3, #30
	orr	x4, x4, x2
	str	x4, [x1, x3, lsl #3]
	add	x3, x3, #1
	cmp	x3, #8
	b.lo	1b
	dsb	sy
	ret

enable_mmu:
	ldr	x0, =MAIR_EL1_VALUE
	msr	mair_el1, x0
	ldr	x0, =TCR_EL1_VALUE
	mrs	x1, id_aa64mmfr0_el1
	and	x1, x1, #0x7			/* PARange -> TCR.IPS, at most 48 bits */
	mov	x2, #5
	cmp	x1, x2
	csel	x1, x1, x2, ls
	bfi	x0, x1, #32, #3
	msr	tcr_el1, x0
	adrp	x0, init_pg_dir
	msr	ttbr0_el1, x0
	msr	ttbr1_el1, x0
	mov	x0, #(3 << 20)			/* CPACR_EL1.FPEN: no FP/SIMD traps */
	msr	cpacr_el1, x0
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	ldr	x0, =SCTLR_EL1_MMU_ON
	msr	sctlr_el1, x0
	isb
	ic	iallu
	dsb	nsh
	isb
	ret

	.ltorg

	.text
virt_entry:
	ldr	x0, =init_stack_top
	mov	sp, x0
	mov	x29, xzr
	mov	x30, xzr
	ldr	x0, =vectors
	msr	vbar_el1, x0
	ldr	x0, =init_task
	msr	sp_el0, x0			/* current */
	isb
	mov	x0, x21
	bl	start_kernel
1:	wfe
	b	1b
	.ltorg
