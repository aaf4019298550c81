# Benchmarks: Anvil vs Debian's Linux on the same QEMU line and the same initramfs.
# Included by the top-level Makefile (uses its B, CC, QEMU_CMD, INITRAMFS_DEPS).
#
#   make bench       build bench/*.c static, make $(B)/bench/initramfs.cpio.gz, boot Anvil and
#                    Linux BENCH_REPS times each, print medians and ratios (never asserts)
#   make run-linux   boot Debian's Linux with $(B)/initramfs.cpio.gz, the way `make run` boots Anvil
#
# BENCH_REPS (3) boots per kernel; BENCH_TIMEOUT (300) seconds per boot; BENCH_KERNELS
# ("anvil linux") to run only one of them; BENCH_LINUX_APPEND adds kernel parameters for
# Linux only (e.g. "nokaslr": see docs/performance.md).  Logs and results go to $(B)/bench/.

BENCH_REPS    ?= 3
BENCH_TIMEOUT ?= 300
BENCH_KERNELS ?= anvil linux
BENCH_LINUX_APPEND ?=
BENCH_B       := $(B)/bench
BENCH_ROOT    := $(BENCH_B)/root
BENCH_CFLAGS  := -static -O2 -g -Wall -Wextra
LINUX_INITRD  := $(B)/linux-initramfs.cpio.gz

# QEMU_CMD with its kernel and initrd swapped: same machine, CPU, memory and command line.
# For the bench runner, @KERNEL@, @INITRD@ and @EXTRA@ (after APPEND) are filled in per boot.
QEMU_KI        = -kernel $(B)/Image -initrd $(B)/initramfs.cpio.gz
qemu_with      = $(if $(findstring $(QEMU_KI),$(QEMU_CMD)),$(subst $(QEMU_KI),-kernel $(1) -initrd $(2),$(QEMU_CMD)),$(error bench.mk: QEMU_CMD no longer contains "$(QEMU_KI)"))
bench_qemu     = $(if $(findstring -append "$(APPEND)",$(QEMU_CMD)),$(subst -append "$(APPEND)",-append "$(APPEND)@EXTRA@",$(call qemu_with,@KERNEL@,@INITRD@)),$(error bench.mk: QEMU_CMD no longer ends in -append "$$(APPEND)"))

.PHONY: bench bench-progs run-linux

$(BENCH_ROOT)/bench/bench: bench/bench.c
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(BENCH_CFLAGS) $< -o $@

# No C library: exec of this measures the kernel, not libc start-up.
$(BENCH_ROOT)/bench/tiny: bench/tiny.c
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) -static -nostdlib -ffreestanding -fno-pie -no-pie -O2 -Wall -Wextra -s $< -o $@

bench-progs: $(BENCH_ROOT)/bench/bench $(BENCH_ROOT)/bench/tiny

$(BENCH_B)/initramfs.cpio.gz: $(BENCH_ROOT)/bench/bench $(BENCH_ROOT)/bench/tiny \
			      $(shell find bench/root -type f) $(INITRAMFS_DEPS)
	@echo "  CPIO    $@"
	@scripts/mkinitramfs $@ bench/root $(BENCH_ROOT)

# Anvil not building yet is not an error here: its column is n/a (a stale Image is not used).
bench: $(BENCH_B)/initramfs.cpio.gz
	@anvil=$(B)/Image; $(MAKE) --no-print-directory $(B)/Image > $(BENCH_B)/anvil-build.log 2>&1 || \
	 { anvil=; tail -n 5 $(BENCH_B)/anvil-build.log >&2; \
	   echo "bench: Anvil does not build (see $(BENCH_B)/anvil-build.log); its figures are n/a" >&2; }; \
	 linux=$$(scripts/linux-ref kernel) && linux_image=$$(scripts/linux-ref image) && \
	 BENCH_QEMU='$(bench_qemu)' ANVIL_KERNEL=$$anvil \
	 BENCH_LINUX_APPEND='$(BENCH_LINUX_APPEND)' \
	 LINUX_KERNEL=$$linux LINUX_IMAGE=$$linux_image BENCH_REPS=$(BENCH_REPS) \
	 BENCH_TIMEOUT=$(BENCH_TIMEOUT) BENCH_KERNELS='$(BENCH_KERNELS)' \
	 bench/runner $< $(BENCH_B)

$(LINUX_INITRD): $(B)/initramfs.cpio.gz scripts/linux-ref
	@echo "  CPIO    $@ (with Debian's modules)"
	@scripts/linux-ref initramfs $< $@

run-linux: $(LINUX_INITRD)
	$(call qemu_with,$$(scripts/linux-ref kernel),$(LINUX_INITRD))
