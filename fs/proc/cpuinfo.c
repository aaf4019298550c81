/* /proc/cpuinfo in the arm64 format.  The identification comes from MIDR_EL1 and
 * BogoMIPS from the generic timer frequency (as Linux computes it on arm64: twice the
 * counter rate in MHz).  Features lists the capabilities exec reports to programs
 * (AT_HWCAP and AT_HWCAP2 in the reader's auxiliary vector), so the two cannot
 * disagree.  The only architecture-specific file of procfs.
 * Relies on: system registers (arch/sysreg.h), the reader's saved auxv. */
#include <anvil/fs.h>
#include <anvil/sched.h>
#include <arch/sysreg.h>
#include <linux/auxvec.h>
#include "internal.h"

/* Feature names of the HWCAP and HWCAP2 bits, in bit order (Linux's elf_hwcaps). */
static const char *const hwcap_names[] = {
	"fp", "asimd", "evtstrm", "aes", "pmull", "sha1", "sha2", "crc32", "atomics", "fphp",
	"asimdhp", "cpuid", "asimdrdm", "jscvt", "fcma", "lrcpc", "dcpop", "sha3", "sm3", "sm4",
	"asimddp", "sha512", "sve", "asimdfhm", "dit", "uscat", "ilrcpc", "flagm", "ssbs", "sb",
	"paca", "pacg",
};
static const char *const hwcap2_names[] = {
	"dcpodp", "sve2", "sveaes", "svepmull", "svebitperm", "svesha3", "svesm4", "flagm2",
	"frint", "svei8mm", "svef32mm", "svef64mm", "svebf16", "i8mm", "bf16", "dgh", "rng",
	"bti", "mte", "ecv", "afp", "rpres", "mte3", "sme", "smei16i64", "smef64f64",
	"smei8i32", "smef16f32", "smeb16f32", "smef32f32", "smefa64", "wfxt", "ebf16",
	"sveebf16",
};

/* Value of auxv entry @type of current's process, 0 if absent. */
static unsigned long current_auxv(unsigned long type)
{
	struct mm_struct *mm = current->mm;

	for (unsigned int i = 0; mm && i + 1 < ARRAY_SIZE(mm->saved_auxv); i += 2) {
		if (mm->saved_auxv[i] == AT_NULL)
			break;
		if (mm->saved_auxv[i] == type)
			return mm->saved_auxv[i + 1];
	}
	return 0;
}

static void show_features(struct proc_buf *b, unsigned long caps, const char *const *names,
			  unsigned int n)
{
	for (unsigned int bit = 0; bit < n; bit++)
		if (caps & (1UL << bit))
			pb_printf(b, " %s", names[bit]);
}

int proc_cpuinfo_show(struct proc_buf *b, struct inode *inode)
{
	unsigned long midr = read_sysreg(midr_el1), freq = read_sysreg(cntfrq_el0);

	for (int cpu = 0; cpu < PROC_NR_CPUS; cpu++) {
		pb_printf(b, "processor\t: %d\nBogoMIPS\t: %lu.%02lu\nFeatures\t:", cpu,
			  freq / 500000, (freq / 5000) % 100);
		show_features(b, current_auxv(AT_HWCAP), hwcap_names, ARRAY_SIZE(hwcap_names));
		show_features(b, current_auxv(AT_HWCAP2), hwcap2_names, ARRAY_SIZE(hwcap2_names));
		pb_printf(b, "\nCPU implementer\t: 0x%02lx\nCPU architecture: 8\n"
			  "CPU variant\t: 0x%lx\nCPU part\t: 0x%03lx\nCPU revision\t: %lu\n\n",
			  (midr >> 24) & 0xff, (midr >> 20) & 0xf, (midr >> 4) & 0xfff, midr & 0xf);
	}
	return 0;
}
