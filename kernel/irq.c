/* Interrupt dispatch: the controller driver reports which interrupt fired, we call its
 * handler and signal end-of-interrupt.  Handlers run with IRQs masked. */
#include <anvil/irq.h>
#include <anvil/errno.h>
#include <anvil/printk.h>
#include <anvil/spinlock.h>
#include <anvil/sched.h>

struct irq_desc {
	irq_handler_t fn;
	void *data;
	unsigned long count;
};

static const struct irq_chip *irq_chip;
static struct irq_desc irq_desc[NR_IRQS];
static DEFINE_SPINLOCK(irq_desc_lock);	/* protects installation into irq_desc */

void set_irq_chip(const struct irq_chip *chip)
{
	irq_chip = chip;
}

int request_irq(int irq, irq_handler_t fn, void *data)
{
	unsigned long flags;

	if (irq < 0 || irq >= NR_IRQS || !irq_chip)
		return -EINVAL;
	spin_lock_irqsave(&irq_desc_lock, flags);
	if (irq_desc[irq].fn) {
		spin_unlock_irqrestore(&irq_desc_lock, flags);
		return -EBUSY;
	}
	irq_desc[irq].data = data;
	irq_desc[irq].fn = fn;
	spin_unlock_irqrestore(&irq_desc_lock, flags);
	irq_chip->enable(irq);
	return 0;
}

void irq_handler(struct pt_regs *regs)
{
	struct cpu_data *cpu = this_cpu();
	struct pt_regs *old = cpu->irq_regs;

	cpu->irq_regs = regs;
	for (;;) {
		int irq = irq_chip->ack();

		if (irq >= 1020)
			break;
		if (irq < NR_IRQS && irq_desc[irq].fn) {
			irq_desc[irq].count++;
			irq_desc[irq].fn(irq, irq_desc[irq].data);
		} else {
			pr_warn("irq: unexpected interrupt %d\n", irq);
		}
		irq_chip->eoi(irq);
	}
	cpu->irq_regs = old;
}
