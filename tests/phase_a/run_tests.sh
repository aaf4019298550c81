#!/usr/bin/env bash
# Phase A acceptance tests: run every tests/phase_a/*.exp (or the ones named as
# arguments), print one line per check ("PASS phase_a/SCRIPT/CHECK" or "FAIL ...: reason")
# and finally "N passed, N failed".  Exits non-zero if anything failed.
#
# Environment (set by `make test-phase-a`; defaults for running it by hand):
#   KERNEL=build/Image  INITRD=build/test-initramfs.cpio.gz
#   CORRUPT_INITRD=build/test-corrupt-initramfs.cpio.gz  TEST_TIMEOUT=240 (per script, s)
# Console transcripts: build/test-logs/phase_a/SCRIPT.log.
exec "$(dirname "$0")/../lib/run-phase" "$(dirname "$0")" "$@"
