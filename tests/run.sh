#!/usr/bin/env bash
# Test driver behind `make check`, `make test-phase-X` and `make test`.
#   tests/run.sh unit       host unit tests
#   tests/run.sh phase_a    one phase's acceptance tests (builds the kernel and images first)
#   tests/run.sh all        unit tests, then every tests/phase_*/ in order
# Prints one line per test ("PASS name" / "FAIL name: reason") and, last, the total as
# "N passed, N failed"; exits non-zero if anything failed.  Counting unit: one unit-test
# function (UNIT_TEST in tests/unit/test_*.c) or one named acceptance check; a unit-test
# program that does not build or crashes, or a build step that fails, counts as one more
# failure.  Nothing here can hang: every test program and script runs under `timeout`.
# Environment: MAKE, B (build dir), KERNEL (default $B/Image), plus what the phase
# runners read (tests/phase_*/run_tests.sh).
set -u
cd "$(dirname "$0")/.." || exit 2
MAKE=${MAKE:-make}
B=${B:-build}
export B
npass=0 nfail=0

pass() { echo "PASS $1"; npass=$((npass + 1)); }
fail() { echo "FAIL $1"; nfail=$((nfail + 1)); }
indent() { sed -e 's/^/    /' | head -n "${1:-10}"; }
mk() { $MAKE --no-print-directory -s "$@"; }

# One unit-test program: build it, run it, turn its "ok  NAME"/"FAIL NAME" lines into
# PASS/FAIL lines and keep its assertion messages under the failing test.
unit_one() {
	local src=$1 name out rc line details=() summary=0
	name=$(basename "$src" .c)
	if ! out=$(mk "$B/unit/bin/$name" 2>&1); then
		fail "unit/$name: does not build"
		printf '%s\n' "$out" | grep -E 'error|undefined' | indent 8
		return
	fi
	out=$(ASAN_OPTIONS=detect_leaks=0:verify_asan_link_order=0 UBSAN_OPTIONS=print_stacktrace=1 \
	      timeout -k 5 "${UNIT_TIMEOUT:-60}" stdbuf -oL "$B/unit/bin/$name" 2>&1)
	rc=$?
	while IFS= read -r line; do
		if [[ $line =~ ^ok\ +([A-Za-z_][A-Za-z0-9_]*)$ ]]; then
			pass "unit/$name/${BASH_REMATCH[1]}"
			details=()
		elif [[ $line =~ ^FAIL\ ([A-Za-z_][A-Za-z0-9_]*)$ ]]; then
			fail "unit/$name/${BASH_REMATCH[1]}"
			[ ${#details[@]} -gt 0 ] && printf '%s\n' "${details[@]}" | indent 10
			details=()
		elif [[ $line =~ ^[0-9]+\ passed,\ [0-9]+\ failed$ ]]; then
			summary=1
		else
			details+=("$line")
		fi
	done <<< "$out"
	if [ $rc = 124 ] || [ $rc = 137 ]; then
		fail "unit/$name: killed after ${UNIT_TIMEOUT:-60}s"
	elif [ $summary = 0 ]; then
		fail "unit/$name: crashed (exit $rc) before finishing"
		printf '%s\n' "${details[@]}" | grep -v '^ *$' | indent 15
	elif [ $rc != 0 ] && [ "$(grep -c '^FAIL [A-Za-z_0-9]*$' <<< "$out")" = 0 ]; then
		fail "unit/$name: exit $rc although every test passed"
		printf '%s\n' "${details[@]}" | indent 10
	fi
}

run_unit() {
	local src
	mk "$B/uapi/.stamp" || true
	for src in tests/unit/test_*.c; do
		[ -f "$src" ] && unit_one "$src"
	done
	# the syscall table in docs/ must match the SYSCALL() registrations
	if scripts/gen-syscalls-doc --check >/dev/null 2>&1; then
		pass "unit/docs/syscalls_md_current"
	else
		fail "unit/docs/syscalls_md_current: docs/syscalls.md is stale (run scripts/gen-syscalls-doc)"
	fi
}

# One phase: build the kernel (unless KERNEL names another one) and the test images, then
# run the phase's runner and add up its closing line.
run_phase() {
	local phase=$1 out line p f
	export KERNEL=${KERNEL:-$B/Image}
	export INITRD=${INITRD:-$B/test-initramfs.cpio.gz}
	export CORRUPT_INITRD=${CORRUPT_INITRD:-$B/test-corrupt-initramfs.cpio.gz}
	if [ "$KERNEL" = "$B/Image" ]; then
		if out=$(mk "$B/Image" 2>&1); then
			pass "$phase/build_kernel"
		else
			fail "$phase/build_kernel: make $B/Image failed"
			printf '%s\n' "$out" | grep -E 'error|Error|undefined' | indent 8
			# never boot a stale Image left by an earlier build
			KERNEL="$B/Image (build failed)"
		fi
	fi
	if ! out=$(mk test-images 2>&1); then
		fail "$phase/build_images: make test-images failed"
		printf '%s\n' "$out" | indent 8
		return
	fi
	while IFS= read -r line; do
		if [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
			p=${BASH_REMATCH[1]} f=${BASH_REMATCH[2]}
			npass=$((npass + p)) nfail=$((nfail + f))
		else
			printf '%s\n' "$line"
		fi
	done < <("tests/$phase/run_tests.sh")
	[ -n "${p:-}" ] || fail "$phase: runner printed no summary"
}

what=${1:-all}
case $what in
unit)	run_unit ;;
all)	run_unit
	for d in tests/phase_*/; do
		d=${d%/}
		[ -x "$d/run_tests.sh" ] && run_phase "${d#tests/}"
	done ;;
phase_*) run_phase "$what" ;;
*)	echo "usage: tests/run.sh unit|all|phase_X" >&2; exit 2 ;;
esac
echo "$npass passed, $nfail failed"
[ $nfail -eq 0 ]
