/* Interrupt handling (kernel/irq.c) and the interrupt-controller seam. */
#ifndef ANVIL_IRQ_H
#define ANVIL_IRQ_H

#include <anvil/types.h>

struct pt_regs;
typedef void (*irq_handler_t)(int irq, void *data);

/* An interrupt controller driver (GICv2, GICv3). */
struct irq_chip {
	const char *name;
	void (*enable)(int irq);	/* unmask and route to this CPU */
	int (*ack)(void);		/* highest pending interrupt ID; >= 1020 means spurious */
	void (*eoi)(int irq);
	void (*cpu_init)(void);		/* per-CPU interface setup (secondaries) */
};

#define NR_IRQS 1024

void set_irq_chip(const struct irq_chip *chip);
/* Install @fn for interrupt ID @irq and enable it.  0, -EINVAL (bad id), -EBUSY. */
int request_irq(int irq, irq_handler_t fn, void *data);
/* Entry from the vectors: dispatch every pending interrupt. */
void irq_handler(struct pt_regs *regs);
/* Probe the GIC described in the device tree.  0 or -ENODEV. */
int gic_init(void);

#endif
