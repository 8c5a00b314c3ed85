#!/usr/bin/env bash
# The examples built with ASan+UBSan (build-asan, scripts/test.sh) in a QEMU
# guest on a raw-file-backed controller under uio_pci_generic: hello_world,
# identify (text and --json) and perf (mixed reads/writes) exit 0 with no
# sanitizer report (UBSan reports are fatal in that build; ASan's and
# LeakSanitizer's exit non-zero and print "Sanitizer").
# Not under vfio-pci: ASan's shadow memory takes the low virtual addresses,
# so DPDK's hugepages land above the 39-bit vIOMMU's DMA mask (IOVA = VA)
# and EAL cannot allocate memory; a DPDK/ASan limit, not ours.
#
#   test/vm/test_sanitized.sh      (host; boots one guest; needs build-asan or
#                                   $EALNVME_ASAN_BUILD_DIR)
# Prints 'ok - ...' per assertion and 'test_sanitized: N passed, M failed'.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/vm/apps/vmtest.sh
. "$HERE/apps/vmtest.sh"
ASAN_BUILD=${EALNVME_ASAN_BUILD_DIR:-$VMT_REPO/build-asan}
APPS=(examples/hello_world/hello_world examples/identify/identify examples/perf/perf)

# ---- guest half: test_sanitized.sh --guest BUILD ------------------------------
guest() {
    local b=$1 out=$EALNVME_OUT
    cd "$VMT_REPO" || exit 1
    HUGEMEM=${HUGEMEM:-512} scripts/setup.sh > "$out/setup.out" 2>&1
    echo $? > "$out/setup.rc"
    "$b/examples/hello_world/hello_world" > "$out/hello.out" 2>&1
    echo $? > "$out/hello.rc"
    "$b/examples/identify/identify" > "$out/identify.out" 2>&1
    echo $? > "$out/identify.rc"
    "$b/examples/identify/identify" --json > "$out/json.out" 2> "$out/json.err"
    echo $? > "$out/json.rc"
    "$b/examples/perf/perf" -q 16 -o 4096 -w randrw -M 50 -t 2 > "$out/perf.out" 2>&1
    echo $? > "$out/perf.rc"
    scripts/setup.sh reset > "$out/reset.out" 2>&1
    return 0
}
if [ "${1:-}" = --guest ]; then
    guest "$2"
    exit 0
fi

# ---- host half --------------------------------------------------------------
vmt_init test_sanitized
VMT_BUILD=$ASAN_BUILD
if [ ! -x "$ASAN_BUILD/${APPS[0]}" ]; then
    echo "test_sanitized: no ASan build in $ASAN_BUILD: CC=clang meson setup build-asan" \
         "-Db_sanitize=address,undefined -Db_lundef=false && ninja -C build-asan" >&2
fi
vmt_need_bins "${APPS[@]}"
truncate -s 64M "$VMT_DIR/nvm.raw" || exit 1

rc() { [ -f "$1" ] && tr -dc '0-9' < "$1"; }

o=$VMT_DIR/uio
vmt_boot uio --drive "file=$VMT_DIR/nvm.raw,format=raw,if=none,id=d0" \
    --nvme "serial=asan0,drive=d0" -- "$HERE/test_sanitized.sh" --guest "$ASAN_BUILD"
vmt_expect_eq "guest ran the test" "$VMT_RC" 0
vmt_expect_eq "scripts/setup.sh exit code" "$(rc "$o/setup.rc")" 0
vmt_check "the apps are the sanitized ones" \
    sh -c "nm '$ASAN_BUILD/${APPS[0]}' | grep -q __asan_init"
for t in hello identify json perf; do
    vmt_expect_eq "$t exit code" "$(rc "$o/$t.rc")" 0
done
vmt_check "hello_world printed 'Hello world!'" vmt_file_has "$o/hello.out" '^Hello world!$'
vmt_check "identify printed the serial" vmt_file_has "$o/identify.out" 'asan0'
vmt_check "identify --json printed the serial" vmt_file_has "$o/json.out" '"asan0"'
vmt_check "perf reported a total" vmt_file_has "$o/perf.out" '^Total'
for f in hello.out identify.out json.out json.err perf.out; do
    vmt_check "no sanitizer report in $f" vmt_file_lacks "$o/$f" 'Sanitizer|runtime error'
done
if [ "$VMT_FAILED" -ne 0 ]; then
    for f in setup.out hello.out identify.out json.err perf.out console.log; do
        [ -f "$o/$f" ] && { echo "--- $f:"; vmt_show "$o/$f" 30; }
    done
fi
vmt_done
