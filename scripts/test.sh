#!/usr/bin/env bash
# Run every test: unit tests (CUnit, mocked PCI bus and controller model),
# the same under valgrind, a second build with clang's ASan+UBSan that runs
# them again plus the libFuzzer targets (test/fuzz/README.md), then the guest
# tests against QEMU's NVMe controller and the Linux NVMe/TCP target, and the
# PCIe benchmark in its short mode (test/bench/bench.sh).  The NVMe/TCP
# benchmark (test/bench/bench_tcp.sh) is run by hand: CI time (its target
# library is guarded by test/vm/test_nvmet_infra.sh).
# Installs what it needs first.  Last line: "N passed, M failed".
#
#   scripts/test.sh            everything
#   scripts/test.sh --unit     unit tests only (no guest)
set -uo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
BUILD_DIR=${BUILD_DIR:-build}
unit_only=0
[ "${1:-}" = "--unit" ] && unit_only=1

passed=0
failed=0
failures=()
result() {	# result NAME RC
    if [ "$2" -eq 0 ]; then
        passed=$((passed + 1)); echo "PASS: $1"
    else
        failed=$((failed + 1)); failures+=("$1"); echo "FAIL: $1 (exit $2)"
    fi
}

scripts/install_deps.sh || { echo "install_deps.sh failed"; echo "0 passed, 1 failed"; exit 1; }
scripts/build.sh || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }

echo "== unit tests"
meson test -C "$BUILD_DIR" --suite unit --print-errorlogs --num-processes 2
result "meson test --suite unit" $?

echo "== unit tests under valgrind"
# DPDK's own libraries trip valgrind's undefined-value checks (see
# test/unit/valgrind.supp); the test that runs real DPDK is checked for leaks
# only, the others for everything.
for t in "$BUILD_DIR"/test/unit/test_*; do
    [ -x "$t" ] && [ -f "$t" ] || continue
    args=(--leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99
          --suppressions="$REPO/test/unit/valgrind.supp")
    case "$(basename "$t")" in
        test_pci_sysfs) args+=(--undef-value-errors=no) ;;
    esac
    valgrind -q "${args[@]}" "$t" >"$BUILD_DIR/valgrind-$(basename "$t").log" 2>&1
    rc=$?
    [ $rc -ne 0 ] && tail -40 "$BUILD_DIR/valgrind-$(basename "$t").log"
    result "valgrind $(basename "$t")" $rc
done

echo "== hot-path instructions per I/O (callgrind)"
test/bench/callgrind_io.sh "$BUILD_DIR"
result "test/bench/callgrind_io.sh" $?

echo "== unit tests and fuzzers under ASan+UBSan (clang)"
# Its own build directory: clang with AddressSanitizer (LeakSanitizer
# included) and UndefinedBehaviorSanitizer, UBSan reports fatal (meson.build),
# so any report fails a test.  It builds the examples and guest apps
# sanitized too, and the libFuzzer targets, each run for a fixed count from
# its seeds (test/fuzz/meson.build).  b_lundef=false: clang links the
# sanitizer runtime into executables only, so libealnvme.so has undefined
# __asan_* symbols.  test_pci_sysfs and test_env_thread run real DPDK EAL
# under ASan too (no exclusion needed).
ASAN_DIR=${ASAN_BUILD_DIR:-build-asan}
# test/vm/test_sanitized.sh runs the sanitized examples in the guest.
case $ASAN_DIR in /*) export EALNVME_ASAN_BUILD_DIR=$ASAN_DIR ;;
                  *) export EALNVME_ASAN_BUILD_DIR=$REPO/$ASAN_DIR ;; esac
asan_rc=0
if [ ! -f "$ASAN_DIR/build.ninja" ]; then
    CC=clang meson setup "$ASAN_DIR" -Db_sanitize=address,undefined -Db_lundef=false \
        -Dfuzz=enabled || asan_rc=$?
fi
[ $asan_rc -eq 0 ] && { ninja -C "$ASAN_DIR" || asan_rc=$?; }
result "ASan+UBSan build ($ASAN_DIR)" $asan_rc
if [ $asan_rc -eq 0 ]; then
    meson test -C "$ASAN_DIR" --suite unit --print-errorlogs --num-processes 2
    result "meson test --suite unit (ASan+UBSan)" $?
    meson test -C "$ASAN_DIR" --suite fuzz --print-errorlogs --num-processes 2
    result "meson test --suite fuzz (libFuzzer, ASan+UBSan)" $?
fi

if [ $unit_only -eq 0 ]; then
    echo "== guest infrastructure (QEMU)"
    test/vm/selftest.sh
    result "test/vm/selftest.sh" $?
    echo "== guest tests (QEMU NVMe controller)"
    test/vm/run_all.sh
    result "test/vm/run_all.sh" $?
    echo "== benchmark, short mode (proves it runs; asserts no speed)"
    test/bench/bench.sh --short
    result "test/bench/bench.sh --short" $?
fi

echo
[ ${#failures[@]} -gt 0 ] && printf 'failed: %s\n' "${failures[@]}"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
