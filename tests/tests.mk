# Tests: host unit tests, test programs, test initramfs images and the phase runners.
# Included by the top-level Makefile (uses its B, CROSS, HOSTCC, UAPI, QEMU variables).
#
#   make check          host unit tests (tests/unit/test_*.c)
#   make test-phase-a   Phase A acceptance tests (expect, QEMU)
#   make test           scripts/setup, then all of the above; last line "N passed, N failed"
#   make test-progs     tests/progs/*.c -> $(B)/test-root/test/{glibc,musl}/NAME
#   make test-images    $(B)/test-initramfs.cpio.gz and $(B)/test-corrupt-initramfs.cpio.gz
#
# KERNEL=path runs the acceptance tests on another kernel Image (e.g. Debian's Linux:
# KERNEL=$$(scripts/linux-ref kernel)) to check the tests themselves.

KERNEL   ?= $(B)/Image
UNIT_B   := $(B)/unit
TEST_ROOT := $(B)/test-root

# ---- host unit tests -------------------------------------------------------------
# tests/unit/test_NAME.c starts with "// sources: a.c b.c": those kernel files are compiled
# for the host and linked with the test and tests/unit/host/host_kernel.c.  Arch headers
# come from tests/unit/host/arch/ where the arm64 one has inline assembly (spinlock.h,
# irqflags.h), else from arch/arm64/include (plain C: processor.h, asm.h, pgtable.h...).
HOST_CPPFLAGS := -Iinclude -Itests/unit/host -Iarch/arm64/include -I$(UAPI) -MMD -MP
HOST_CFLAGS   := -std=gnu11 -O1 -g -Wall -Wextra -Wno-unused-parameter -Wno-sign-compare \
		 -Wno-missing-field-initializers -fno-strict-aliasing -fno-omit-frame-pointer \
		 -fsanitize=address,undefined -fno-sanitize-recover=undefined
UNIT_TESTS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS  := $(patsubst tests/unit/%.c,$(UNIT_B)/bin/%,$(UNIT_TESTS))
unit_objs   = $(patsubst %.c,$(UNIT_B)/obj/%.o,$(1) tests/unit/host/host_kernel.c \
		$(shell sed -n '1s|^// *sources: *||p' $(1)))

$(UNIT_B)/obj/%.o: %.c $(UAPI)/.stamp
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	@$(HOSTCC) $(HOST_CPPFLAGS) $(HOST_CFLAGS) -c $< -o $@

define unit_link
$(UNIT_B)/bin/$(1): $(call unit_objs,tests/unit/$(1).c)
	@mkdir -p $$(dir $$@)
	@echo "  HOSTLD  $$@"
	@$$(HOSTCC) $$(HOST_CFLAGS) $$^ -o $$@
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_link,$(basename $(notdir $(t))))))

-include $(shell find $(UNIT_B)/obj -name '*.d' 2>/dev/null)

.PHONY: unit-bins test-progs test-images
unit-bins: $(UNIT_BINS)

check: $(UAPI)/.stamp
	@MAKE="$(MAKE)" B=$(B) tests/run.sh unit

# ---- test programs (static aarch64, glibc and musl) ----------------------------------
# A program whose source contains the line "// libc: glibc" is built for glibc only.
MUSL_SPECS := /usr/lib/aarch64-linux-musl/musl-gcc.specs
PROG_CFLAGS := -static -O2 -g -Wall -Wextra -Wno-unused-parameter
PROG_SRCS  := $(sort $(wildcard tests/progs/*.c))
PROG_MUSL  := $(shell grep -L '^// libc: glibc$$' $(PROG_SRCS) /dev/null 2>/dev/null | grep -v /dev/null)
PROG_BINS  := $(patsubst tests/progs/%.c,$(TEST_ROOT)/test/glibc/%,$(PROG_SRCS)) \
	      $(patsubst tests/progs/%.c,$(TEST_ROOT)/test/musl/%,$(PROG_MUSL))

$(TEST_ROOT)/test/glibc/%: tests/progs/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(PROG_CFLAGS) $< -o $@

# musl ships no kernel headers: the arm64 UAPI headers come after its own.
$(TEST_ROOT)/test/musl/%: tests/progs/%.c $(UAPI)/.stamp
	@mkdir -p $(dir $@)
	@echo "  CC musl $@"
	@$(CC) -specs $(MUSL_SPECS) -idirafter $(UAPI) $(PROG_CFLAGS) $< -o $@

test-progs: $(PROG_BINS)

# ---- test images ----------------------------------------------------------------------
$(B)/test-initramfs.cpio.gz: $(PROG_BINS) $(INITRAMFS_DEPS)
	@echo "  CPIO    $@"
	@scripts/mkinitramfs $@ $(TEST_ROOT)

$(B)/test-corrupt-initramfs.cpio.gz: $(B)/initramfs.cpio.gz tests/lib/corrupt-initramfs
	@echo "  CPIO    $@ (corrupt)"
	@tests/lib/corrupt-initramfs $< $@

test-images: $(B)/test-initramfs.cpio.gz $(B)/test-corrupt-initramfs.cpio.gz

# ---- acceptance tests -----------------------------------------------------------------
# The runner builds what it needs itself, so a kernel that does not build or boot is
# reported as failed tests rather than stopping make before the summary.
TEST_ENV = MAKE="$(MAKE)" B=$(B) KERNEL="$(KERNEL)" QEMU="$(QEMU)" SMP=$(SMP) MEM=$(MEM) \
	   GIC=$(GIC) CPU=$(CPU) APPEND="$(APPEND)"

test-phase-a: $(UAPI)/.stamp
	@$(TEST_ENV) tests/run.sh phase_a

test: setup $(UAPI)/.stamp
	@$(TEST_ENV) tests/run.sh all
