# Anvil: one build.  `make help` lists the targets.
CROSS    ?= aarch64-linux-gnu-
CC       := $(CROSS)gcc
LD       := $(CROSS)ld
OBJCOPY  := $(CROSS)objcopy
NM       := $(CROSS)nm
HOSTCC   ?= gcc
B        := build
QEMU     ?= qemu-system-aarch64
SMP      ?= 1
MEM      ?= 1G
GIC      ?= 2
CPU      ?= cortex-a57
APPEND   ?= console=ttyAMA0
QEMU_CMD  = $(QEMU) -M virt,gic-version=$(GIC) -cpu $(CPU) -smp $(SMP) -m $(MEM) -nographic \
	    -kernel $(B)/Image -initrd $(B)/initramfs.cpio.gz -append "$(APPEND)"

SRCDIRS  := arch/arm64 kernel mm fs tty block net drivers lib
SRCS     := $(shell find $(SRCDIRS) -name '*.c' -o -name '*.S' 2>/dev/null | sort)
OBJS     := $(patsubst %,$(B)/obj/%.o,$(basename $(SRCS)))
GCCINC   := $(shell $(CC) -print-file-name=include 2>/dev/null)
UAPI     := $(B)/uapi

CPPFLAGS := -nostdinc -isystem $(GCCINC) -Iinclude -Iarch/arm64/include -Iinclude/libc -I$(UAPI) -MMD -MP
CFLAGS   := -std=gnu11 -O2 -g -Wall -Wextra -Wno-unused-parameter -Wno-sign-compare \
	    -Wno-missing-field-initializers -ffreestanding -fno-common -fno-strict-aliasing \
	    -fno-stack-protector -fno-pic -fno-pie -mcmodel=small -march=armv8-a \
	    -mgeneral-regs-only -mno-outline-atomics -fno-omit-frame-pointer \
	    -mno-omit-leaf-frame-pointer -fno-delete-null-pointer-checks
ASFLAGS  := -D__ASSEMBLY__ -g
LDFLAGS  := -nostdlib -static -no-pie -z noexecstack -z max-page-size=4096 --no-warn-rwx-segments
LIBFDT   := /usr/lib/aarch64-linux-gnu/libfdt.a
LIBGCC   := $(shell $(CC) -print-libgcc-file-name 2>/dev/null)

.PHONY: all run test check test-phase-a debug clean help setup FORCE
all: $(B)/Image $(B)/initramfs.cpio.gz

help:
	@echo "make            build $(B)/Image, $(B)/anvil.elf, $(B)/initramfs.cpio.gz"
	@echo "make run        install deps, build, boot QEMU virt to a BusyBox shell (Ctrl-A x quits)"
	@echo "make test       unit tests + every phase's acceptance tests"
	@echo "make check      host unit tests only"
	@echo "make test-phase-a  phase A acceptance tests only"
	@echo "make debug      boot with gdb stub (-s -S); gdb-multiarch $(B)/anvil.elf, target remote :1234"
	@echo "make bench      Anvil vs Linux benchmarks (see bench/, docs/performance.md)"
	@echo "make run-linux  boot Debian's Linux kernel with the same initramfs and QEMU line"
	@echo "variables: SMP=$(SMP) MEM=$(MEM) GIC=$(GIC) CPU=$(CPU) APPEND='$(APPEND)'"

setup:
	@scripts/setup

$(UAPI)/.stamp:
	@mkdir -p $(UAPI)
	@for d in linux asm asm-generic; do ln -sfn /usr/aarch64-linux-gnu/include/$$d $(UAPI)/$$d; done
	@for f in libfdt.h libfdt_env.h fdt.h; do ln -sfn /usr/include/$$f $(UAPI)/$$f; done
	@touch $@

$(B)/obj/%.o: %.c $(UAPI)/.stamp
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(B)/obj/%.o: %.S $(UAPI)/.stamp
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(CPPFLAGS) $(ASFLAGS) -c $< -o $@

# Two-pass link: the second pass embeds the symbol table (for symbolized backtraces).
# kallsyms sit after .text, so text addresses are the same in both passes.
$(B)/anvil.elf: $(OBJS) arch/arm64/kernel.ld scripts/kallsyms
	@echo "  LD      $@"
	@scripts/kallsyms < /dev/null > $(B)/kallsyms0.S
	@$(CC) $(ASFLAGS) -c $(B)/kallsyms0.S -o $(B)/kallsyms0.o
	@$(LD) $(LDFLAGS) -T arch/arm64/kernel.ld -o $(B)/anvil.pass1 $(OBJS) $(B)/kallsyms0.o $(LIBFDT) $(LIBGCC)
	@$(NM) -n $(B)/anvil.pass1 | scripts/kallsyms > $(B)/kallsyms.S
	@$(CC) $(ASFLAGS) -c $(B)/kallsyms.S -o $(B)/kallsyms.o
	@$(LD) $(LDFLAGS) -T arch/arm64/kernel.ld -o $@ $(OBJS) $(B)/kallsyms.o $(LIBFDT) $(LIBGCC)

$(B)/Image: $(B)/anvil.elf
	@echo "  OBJCOPY $@"
	@$(OBJCOPY) -O binary $< $@

INITRAMFS_DEPS := $(shell find initramfs -type f 2>/dev/null) scripts/mkinitramfs .cache/busybox/bin/busybox
$(B)/initramfs.cpio.gz: $(INITRAMFS_DEPS)
	@mkdir -p $(B)
	@echo "  CPIO    $@"
	@scripts/mkinitramfs $@

.cache/busybox/bin/busybox:
	@scripts/setup

run: setup all
	$(QEMU_CMD)

debug: all
	$(QEMU_CMD) -s -S

include tests/tests.mk
-include bench/bench.mk

clean:
	rm -rf $(B)

-include $(OBJS:.o=.d)
