/*
 * Arm Generic Interrupt Controller, v2 (MMIO CPU interface) and v3 (system-register CPU
 * interface with per-CPU redistributors).  Found through the device tree.  Follows the
 * GIC architecture specification IHI 0069 (v3) and IHI 0048 (v2): group 1 non-secure
 * interrupts, all priorities equal, SPIs routed to the boot CPU.
 */
#include <anvil/irq.h>
#include <anvil/of.h>
#include <anvil/pgtable.h>
#include <anvil/printk.h>
#include <anvil/errno.h>
#include <arch/sysreg.h>

#define GICD_CTLR		0x000
#define GICD_TYPER		0x004
#define GICD_IGROUPR		0x080
#define GICD_ISENABLER		0x100
#define GICD_ICENABLER		0x180
#define GICD_IPRIORITYR		0x400
#define GICD_ITARGETSR		0x800
#define GICD_ICFGR		0xc00
#define GICD_IROUTER		0x6000

#define GICC_CTLR		0x000
#define GICC_PMR		0x004
#define GICC_IAR		0x00c
#define GICC_EOIR		0x010

#define GICR_WAKER		0x0014
#define GICR_SGI_BASE		0x10000
#define GICR_IGROUPR0		(GICR_SGI_BASE + 0x080)
#define GICR_ISENABLER0		(GICR_SGI_BASE + 0x100)
#define GICR_IPRIORITYR0	(GICR_SGI_BASE + 0x400)

static volatile u8 *gicd, *gicc, *gicr;

static inline u32 rd32(volatile u8 *base, u32 off) { return *(volatile u32 *)(base + off); }
static inline void wr32(volatile u8 *base, u32 off, u32 v) { *(volatile u32 *)(base + off) = v; }

/* @group1: put every SPI in group 1 (GICv3: the only group EL1 receives as IRQ);
 * GICv2 keeps group 0, which its CPU interface signals as IRQ. */
static void dist_init(u32 ctlr, bool group1)
{
	unsigned int nr = ((rd32(gicd, GICD_TYPER) & 0x1f) + 1) * 32;

	wr32(gicd, GICD_CTLR, 0);
	if (group1)
		for (unsigned int i = 32; i < nr; i += 32)
			wr32(gicd, GICD_IGROUPR + i / 8, 0xffffffff);
	for (unsigned int i = 32; i < nr; i += 32)
		wr32(gicd, GICD_ICENABLER + i / 8, 0xffffffff);
	for (unsigned int i = 32; i < nr; i += 4)
		wr32(gicd, GICD_IPRIORITYR + i, 0xa0a0a0a0);
	wr32(gicd, GICD_CTLR, ctlr);
}

/* ---- GICv2 */
static void v2_enable(int irq)
{
	if (irq >= 32) {
		u32 off = GICD_ITARGETSR + (irq & ~3);
		wr32(gicd, off, rd32(gicd, off) | (1u << ((irq & 3) * 8)));	/* CPU 0 */
	}
	wr32(gicd, GICD_ISENABLER + (irq / 32) * 4, 1u << (irq % 32));
}
static int v2_ack(void) { return rd32(gicc, GICC_IAR) & 0x3ff; }
static void v2_eoi(int irq) { wr32(gicc, GICC_EOIR, irq); }
static void v2_cpu_init(void)
{
	for (int i = 0; i < 32; i += 4)
		wr32(gicd, GICD_IPRIORITYR + i, 0xa0a0a0a0);
	wr32(gicc, GICC_PMR, 0xf0);
	wr32(gicc, GICC_CTLR, 1);
}

static const struct irq_chip gic_v2 = {
	.name = "GICv2", .enable = v2_enable, .ack = v2_ack, .eoi = v2_eoi, .cpu_init = v2_cpu_init,
};

/* ---- GICv3 */
#define ICC_PMR_EL1	S3_0_C4_C6_0
#define ICC_IAR1_EL1	S3_0_C12_C12_0
#define ICC_EOIR1_EL1	S3_0_C12_C12_1
#define ICC_CTLR_EL1	S3_0_C12_C12_4
#define ICC_SRE_EL1	S3_0_C12_C12_5
#define ICC_IGRPEN1_EL1	S3_0_C12_C12_7

static void v3_enable(int irq)
{
	if (irq < 32) {
		wr32(gicr, GICR_ISENABLER0, 1u << irq);
		return;
	}
	*(volatile u64 *)(gicd + GICD_IROUTER + irq * 8) = read_sysreg(mpidr_el1) & 0xff00ffffffUL;
	wr32(gicd, GICD_ISENABLER + (irq / 32) * 4, 1u << (irq % 32));
}
static int v3_ack(void)
{
	int irq = read_sysreg(ICC_IAR1_EL1) & 0xffffff;
	dsb(sy);
	return irq;
}
static void v3_eoi(int irq)
{
	write_sysreg(irq, ICC_EOIR1_EL1);
	isb();
}
static void v3_cpu_init(void)
{
	wr32(gicr, GICR_WAKER, rd32(gicr, GICR_WAKER) & ~2u);	/* ProcessorSleep = 0 */
	while (rd32(gicr, GICR_WAKER) & 4u)			/* ChildrenAsleep */
		cpu_relax();
	wr32(gicr, GICR_IGROUPR0, 0xffffffff);		/* SGIs and PPIs in group 1 */
	for (int i = 0; i < 32; i += 4)
		wr32(gicr, GICR_IPRIORITYR0 + i, 0xa0a0a0a0);
	write_sysreg(read_sysreg(ICC_SRE_EL1) | 1, ICC_SRE_EL1);
	isb();
	write_sysreg(0xf0, ICC_PMR_EL1);
	write_sysreg(0, ICC_CTLR_EL1);
	write_sysreg(1, ICC_IGRPEN1_EL1);
	isb();
}

static const struct irq_chip gic_v3 = {
	.name = "GICv3", .enable = v3_enable, .ack = v3_ack, .eoi = v3_eoi, .cpu_init = v3_cpu_init,
};

int gic_init(void)
{
	const struct irq_chip *chip;
	u64 a0, s0, a1, s1;
	int node = of_find_compatible(-1, "arm,gic-v3");

	if (node >= 0) {
		chip = &gic_v3;
	} else {
		node = of_find_compatible(-1, "arm,cortex-a15-gic");
		if (node < 0)
			node = of_find_compatible(-1, "arm,gic-400");
		if (node < 0)
			return -ENODEV;
		chip = &gic_v2;
	}
	if (of_reg(node, 0, &a0, &s0) || of_reg(node, 1, &a1, &s1))
		return -ENODEV;
	gicd = ioremap(a0, s0);
	if (chip == &gic_v3) {
		gicr = ioremap(a1, s1);	/* boot CPU's redistributor comes first */
		dist_init(0x12, true);	/* ARE_NS | EnableGrp1NS */
	} else {
		gicc = ioremap(a1, s1);
		dist_init(1, false);
	}
	if (!gicd || (!gicr && !gicc))
		return -ENODEV;
	chip->cpu_init();
	set_irq_chip(chip);
	pr_info("irq: %s at %#lx\n", chip->name, (unsigned long)a0);
	return 0;
}
