#!/usr/bin/env bash
# Soak (issue 10 item 6), in a QEMU guest under vfio-pci: nvme_soak runs
# random 4 KiB reads and writes with verification at QD 32 on each of two
# raw-file namespaces of one controller (in an nvme-subsys, so namespace 2
# can be detached and attached), while the controller is reset every 3 s and
# namespace 2 is detached for 1 s out of every 5.  It must end with zero
# mismatches, every I/O completed exactly once, failures only where a reset
# or a detach explains them, the DPDK heap back where it was (no leak),
# free_io_qpair and detach returning 0.  On the host, each raw image must hold
# exactly what the program's shadow says, and nothing outside the range.
#
#   test/vm/test_soak.sh            CI: 60 s of I/O (about 2 minutes)
#   test/vm/test_soak.sh --long     by hand: 600 s of I/O (EALNVME_SOAK_SECS=N to choose)
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/vm/apps/vmtest.sh
. "$HERE/apps/vmtest.sh"
APP=test/vm/apps/nvme_soak
BDF=0000:00:10.0

if [ "${1:-}" = --guest ]; then
    out=$EALNVME_OUT
    cd "$VMT_REPO" || exit 1
    HUGEMEM=${HUGEMEM:-512} scripts/setup.sh > "$out/setup.out" 2>&1
    echo $? > "$out/setup.rc"
    "$VMT_BUILD/$APP" run "$BDF" "$out" -t "$2" -q 32 -n 4096 -r 3000 -d 4000 -D 1000 -s "$3" \
        > "$out/soak.out" 2> "$out/soak.err"
    echo $? > "$out/soak.rc"
    exit 0
fi

secs=${EALNVME_SOAK_SECS:-60}
[ "${1:-}" = --long ] && secs=${EALNVME_SOAK_SECS:-600}
vmt_init test_soak
vmt_need_bins "$APP"
seed=${EALNVME_TEST_SEED:-$(date +%s)}
vmt_log "seed $seed (rerun with EALNVME_TEST_SEED=$seed), $secs s of I/O"
for i in 1 2; do truncate -s 64M "$VMT_DIR/ns$i.raw" || exit 1; done
vmt_boot guest --iommu --timeout $((secs + 600)) \
    --nvme "nvme-subsys,id=subsys0,nqn=nqn.2026-01.invalid.ealnvme:soak" \
    --nvme "nvme,id=c0,serial=soak-c0,subsys=subsys0,addr=0x10" \
    --drive "file=$VMT_DIR/ns1.raw,format=raw,if=none,id=d1" \
    --drive "file=$VMT_DIR/ns2.raw,format=raw,if=none,id=d2" \
    --nvme "nvme-ns,drive=d1,bus=c0,nsid=1" \
    --nvme "nvme-ns,drive=d2,bus=c0,nsid=2" \
    -- "$HERE/test_soak.sh" --guest "$secs" "$seed"
o=$VMT_DIR/guest
rc() { [ -f "$1" ] && tr -dc '0-9' < "$1"; }
vmt_expect_eq "guest ran the test" "$VMT_RC" 0
vmt_expect_eq "setup.sh exit code" "$(rc "$o/setup.rc")" 0
grep '^soak: ' "$o/soak.out" 2>/dev/null | sed 's/^/    | /'
vmt_expect_eq "nvme_soak exit code" "$(rc "$o/soak.rc")" 0
for ns in ns1 ns2; do
    line=$(grep "^soak: $ns: " "$o/soak.out" 2>/dev/null)
    field() { sed -n "s/.* \([0-9][0-9]*\) $1.*/\1/p" <<< "$line"; }
    vmt_check "[$ns] $(field 'I\/Os') I/Os completed ($(field 'writes') writes)" \
        test "$(field 'I\/Os')" -gt 1000
    vmt_expect_eq "[$ns] submitted = completed" "$(field submitted)" "$(field completed)"
    vmt_expect_eq "[$ns] double completions" "$(field 'double completions')" 0
    vmt_expect_eq "[$ns] unexpected errors" "$(field 'unexpected errors')" 0
    vmt_expect_eq "[$ns] data mismatches (final read of every block included)" \
        "$(field mismatches)" 0
    vmt_check "[$ns] some I/O was aborted by the resets ($(field 'aborted by a reset'))" \
        test "$(field 'aborted by a reset')" -gt 0
done
line=$(grep '^soak: [0-9]* s, ' "$o/soak.out" 2>/dev/null)
vmt_check "resets: '${line#soak: }'" grep -Eq ' [1-9][0-9]* resets \(0 failed' <<< "$line"
vmt_check "namespace 2 detached and attached again, no failure" \
    grep -Eq ' [1-9][0-9]* namespace 2 detach/attach cycles \(0 failed, ' <<< "$line"
# Whether I/O in flight fails or completes across a detach is timing (an
# idle host finishes it first); that it was in flight is not.
vmt_check "namespace 2 had I/O outstanding when it was detached" \
    grep -Eq ', [1-9][0-9]* I/Os outstanding at the detaches\)' <<< "$line"
vmt_check "no leak: the DPDK heap after the soak and after detach is as before" \
    grep -Eq '^soak: DMA heap ([0-9]+) bytes before attach, ([0-9]+) after setup, \2 after the soak, [0-9]+ after freeing qpairs and buffers, \1 after detach$' "$o/soak.out"
vmt_check "free_io_qpair and detach returned 0" vmt_file_has "$o/soak.out" '^soak: free_io_qpair 0, detach 0$'
for i in 1 2; do
    "$VMT_BUILD/$APP" check-file "$VMT_DIR/ns$i.raw" "$o/ns$i.shadow" "$i" > "$VMT_DIR/check$i" 2>&1
    crc=$?
    sed 's/^/    | /' "$VMT_DIR/check$i" | head -n 12
    vmt_expect_eq "[ns$i] the raw image on the host holds what the shadow says" "$crc" 0
done
# The checker must be able to fail: namespace 1's shadow against namespace 2's image.
"$VMT_BUILD/$APP" check-file "$VMT_DIR/ns2.raw" "$o/ns1.shadow" 1 > /dev/null 2>&1
vmt_expect_eq "check-file with the other namespace's image fails" "$?" 1
if [ "$VMT_FAILED" -ne 0 ]; then
    for f in setup.out soak.out soak.err console.log; do
        echo "--- $f:"
        vmt_show "$o/$f" 30
    done
fi
vmt_done
