/*
 * MMU management: user translation tables (4 KiB granule, 4 levels, 48-bit VAs; Arm ARM
 * D8.2), TLB maintenance (D8.13: broadcast TLBI ... IS), ASIDs (16-bit, one per mm,
 * allocated from a bitmap), and device mappings.  The kernel itself runs in the linear
 * map built by boot.S (TTBR1); TTBR0 holds the current task's tables.
 */
#include <anvil/pgtable.h>
#include <anvil/mm.h>
#include <anvil/spinlock.h>
#include <anvil/string.h>
#include <anvil/printk.h>
#include <arch/sysreg.h>

unsigned long linear_map_offset = PAGE_OFFSET;

static u64 empty_pgd[PTRS_PER_TABLE] __aligned(PAGE_SIZE);

#define NR_ASIDS 65536
static unsigned long asid_map[NR_ASIDS / 64];
static unsigned int asid_limit = NR_ASIDS;
static unsigned int asid_next = 1;
static DEFINE_SPINLOCK(asid_lock);	/* protects asid_map, asid_next */

/* Called once at boot: honour 8-bit ASID hardware, run the boot CPU on the empty table. */
void mmu_init(void)
{
	if (((read_sysreg(id_aa64mmfr0_el1) >> 4) & 0xf) != 2)
		asid_limit = 256;
	asid_map[0] = 1;		/* ASID 0 is never used by a user space */
	switch_mm(NULL);
}

u16 asid_alloc(void)
{
	unsigned long flags;
	u16 asid = 0;

	spin_lock_irqsave(&asid_lock, flags);
	for (unsigned int n = 0; n < asid_limit; n++) {
		unsigned int a = (asid_next + n) % asid_limit;
		if (!(asid_map[a / 64] & (1UL << (a % 64)))) {
			asid_map[a / 64] |= 1UL << (a % 64);
			asid_next = a + 1;
			asid = a;
			break;
		}
	}
	spin_unlock_irqrestore(&asid_lock, flags);
	return asid;
}

void asid_free(u16 asid)
{
	unsigned long flags;

	/* stale entries tagged with this ASID must go before it is reused */
	dsb(ishst);
	__asm__ __volatile__("tlbi aside1is, %0" :: "r"((u64)asid << 48));
	dsb(ish);
	spin_lock_irqsave(&asid_lock, flags);
	asid_map[asid / 64] &= ~(1UL << (asid % 64));
	spin_unlock_irqrestore(&asid_lock, flags);
}

u64 *pgd_alloc(void)
{
	return get_free_pages(GFP_KERNEL | __GFP_ZERO, 0);
}

static void free_table(u64 *table, int level)
{
	if (level < 3) {
		for (int i = 0; i < PTRS_PER_TABLE; i++)
			if (table[i] & PTE_VALID)
				free_table(phys_to_virt(table[i] & PTE_ADDR_MASK), level + 1);
	}
	free_pages(table, 0);
}

void pgd_free(u64 *pgd)
{
	free_table(pgd, 0);
}

pte_t *pte_offset(u64 *pgd, unsigned long va, bool alloc)
{
	u64 *table = pgd;

	for (int level = 0; level < 3; level++) {
		unsigned int idx = (va >> (39 - 9 * level)) & (PTRS_PER_TABLE - 1);
		u64 e = table[idx];

		if (!(e & PTE_VALID)) {
			u64 *next;
			if (!alloc)
				return NULL;
			next = get_free_pages(GFP_KERNEL | __GFP_ZERO, 0);
			if (!next)
				return NULL;
			dsb(ishst);
			table[idx] = virt_to_phys(next) | PTE_VALID | PTE_TABLE;
			e = table[idx];
		}
		table = phys_to_virt(e & PTE_ADDR_MASK);
	}
	return &table[(va >> 12) & (PTRS_PER_TABLE - 1)];
}

void set_pte(pte_t *ptep, pte_t val)
{
	WRITE_ONCE(*ptep, val);
	dsb(ishst);
}

void flush_tlb_page(struct mm_struct *mm, unsigned long va)
{
	dsb(ishst);
	__asm__ __volatile__("tlbi vae1is, %0" :: "r"(((u64)mm->asid << 48) | ((va >> 12) & ((1UL << 44) - 1))));
	dsb(ish);
	isb();
}

void flush_tlb_mm(struct mm_struct *mm)
{
	dsb(ishst);
	__asm__ __volatile__("tlbi aside1is, %0" :: "r"((u64)mm->asid << 48));
	dsb(ish);
	isb();
}

void switch_mm(struct mm_struct *mm)
{
	if (mm)
		write_sysreg(virt_to_phys(mm->pgd) | ((u64)mm->asid << 48), ttbr0_el1);
	else
		write_sysreg(virt_to_phys(empty_pgd), ttbr0_el1);
	isb();
}

void flush_icache_page(struct page *page)
{
	unsigned long va = (unsigned long)page_address(page);
	unsigned long ctr = read_sysreg(ctr_el0);
	unsigned long dline = 4UL << ((ctr >> 16) & 0xf), iline = 4UL << (ctr & 0xf);

	for (unsigned long a = va; a < va + PAGE_SIZE; a += dline)
		__asm__ __volatile__("dc cvau, %0" :: "r"(a) : "memory");
	dsb(ish);
	for (unsigned long a = va; a < va + PAGE_SIZE; a += iline)
		__asm__ __volatile__("ic ivau, %0" :: "r"(a) : "memory");
	dsb(ish);
	isb();
}

void *ioremap(phys_addr_t pa, size_t size)
{
	/* The boot mapping covers the first GiB (where QEMU virt puts its devices) with
	 * Device-nGnRnE attributes; anything else has no device mapping yet. */
	if (pa + size > (1UL << 30)) {
		pr_err("ioremap: %#lx+%#lx outside the device window\n", pa, (unsigned long)size);
		return NULL;
	}
	return phys_to_virt(pa);
}
