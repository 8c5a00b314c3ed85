#!/usr/bin/env bash
# One owner per controller, in a QEMU guest, under vfio-pci and uio_pci_generic
# (issue 10): while perf (process A) reads from the controller,
#   - hello_world (process B) is refused: exit 1, one line naming A's pid,
#     and A's run is unharmed (exit 0, I/O counted);
#   - identify with A's shm_id is refused naming A's pid (was a DPDK
#     secondary that reset the controller and crashed A);
#   - once A is done, hello_world attaches;
#   - A killed with -9 mid-run leaves its lock and hugepage files behind:
#     the next hello_world takes the lock over and attaches, and the
#     hugepage files are reclaimed;
#   - DMA memory freed back to the system is no longer translated and I/O
#     into it is refused (test/vm/apps/vtophys_check.c).
#
#   test/vm/test_owner.sh        (host; boots two guests)
# Prints 'ok - ...' per assertion and 'test_owner: N passed, M failed'.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/vm/apps/vmtest.sh
. "$HERE/apps/vmtest.sh"
HELLO=examples/hello_world/ealnvme_hello_world
PERF=examples/perf/ealnvme_perf
IDENTIFY=examples/identify/ealnvme_identify

# ---- guest half: test_owner.sh --guest MODE --------------------------------------
# wait_lock BDF PID: until /var/tmp/spdk_pci_lock_BDF holds PID (20 s at most).
wait_lock() {
    local f=/var/tmp/spdk_pci_lock_$1 i
    for i in $(seq 200); do
        [ -f "$f" ] && [ "$(od -An -td4 -N4 "$f" | tr -d ' ')" = "$2" ] && return 0
        sleep 0.1
    done
    return 1
}

guest() {
    local out=$EALNVME_OUT bdf a
    cd "$VMT_REPO" || exit 1
    HUGEMEM=${HUGEMEM:-512} scripts/setup.sh > "$out/setup.out" 2>&1
    bdf=$(vmt_guest_nvme_bdfs | head -n 1)
    echo "$bdf" > "$out/bdf"

    # A: perf with a shm_id, long enough for B and C whatever the load;
    # stopped with SIGINT (perf then reports and exits 0) once they ran.
    "$VMT_BUILD/$PERF" -q 8 -o 4096 -w randread -t 120 -i 7 > "$out/a.out" 2> "$out/a.err" &
    a=$!
    echo "$a" > "$out/a.pid"
    if wait_lock "$bdf" "$a"; then echo 1 > "$out/a.locked"; fi
    "$VMT_BUILD/$HELLO" > "$out/b.out" 2> "$out/b.err"
    echo $? > "$out/b.rc"
    "$VMT_BUILD/$IDENTIFY" -i 7 > "$out/c.out" 2> "$out/c.err"
    echo $? > "$out/c.rc"
    kill -INT "$a"
    wait "$a"
    echo $? > "$out/a.rc"
    "$VMT_BUILD/$HELLO" > "$out/after.out" 2> "$out/after.err"
    echo $? > "$out/after.rc"

    # A killed with -9 while it reads.
    "$VMT_BUILD/$PERF" -q 8 -o 4096 -w randread -t 30 > "$out/k.out" 2> "$out/k.err" &
    a=$!
    echo "$a" > "$out/k.pid"
    if wait_lock "$bdf" "$a"; then echo 1 > "$out/k.locked"; fi
    sleep 1
    kill -9 "$a"
    wait "$a" 2>/dev/null
    ls /dev/hugepages | grep -c "^ealnvme_pid${a}map_" > "$out/k.hugefiles"
    EALNVME_LOG_LEVEL=notice "$VMT_BUILD/$HELLO" > "$out/k2.out" 2> "$out/k2.err"
    echo $? > "$out/k2.rc"
    ls /dev/hugepages | grep -c "^ealnvme_pid${a}map_" > "$out/k.hugefiles_after"
    "$VMT_BUILD/test/vm/apps/vtophys_check" > "$out/vt.out" 2> "$out/vt.err"
    echo $? > "$out/vt.rc"
    scripts/setup.sh reset > "$out/reset.out" 2>&1
    return 0
}
if [ "${1:-}" = --guest ]; then
    guest "$2"
    exit 0
fi

# ---- host half --------------------------------------------------------------
vmt_init test_owner
vmt_need_bins "$HELLO" "$PERF" "$IDENTIFY" test/vm/apps/vtophys_check
truncate -s 64M "$VMT_DIR/nvm.raw" || exit 1
drive=(--drive "file=$VMT_DIR/nvm.raw,format=raw,if=none,id=d0" --nvme "serial=owner0,drive=d0")
rc() { [ -f "$1" ] && tr -dc '0-9' < "$1"; }

for mode in vfio uio; do
    case $mode in
        vfio) opts=(--iommu) ;;
        uio) opts=() ;;
    esac
    o=$VMT_DIR/$mode
    vmt_boot "$mode" "${opts[@]}" "${drive[@]}" -- "$HERE/test_owner.sh" --guest "$mode"
    vmt_expect_eq "[$mode] guest ran the test" "$VMT_RC" 0
    a=$(rc "$o/a.pid")
    vmt_expect_eq "[$mode] A's lock file holds A's pid" "$(rc "$o/a.locked")" 1
    vmt_expect_eq "[$mode] B (hello_world) refused: exit code" "$(rc "$o/b.rc")" 1
    vmt_check "[$mode] ... with a line naming A's pid" \
        vmt_file_has "$o/b.err" "$(cat "$o/bdf" 2>/dev/null): in use by process ${a:-x} \\(ealnvme_perf\\)"
    vmt_check "[$mode] ... and B wrote nothing" vmt_file_lacks "$o/b.out" 'Hello world'
    vmt_check "[$mode] identify with A's shm_id refused naming A's pid" \
        vmt_file_has "$o/c.err" "shm_id 7 is in use by process ${a:-x}"
    vmt_check "[$mode] ... exit code non-zero" test "$(rc "$o/c.rc")" != 0
    vmt_expect_eq "[$mode] A unharmed: exit code" "$(rc "$o/a.rc")" 0
    vmt_check "[$mode] ... and A counted I/O" vmt_file_has "$o/a.out" '[1-9][0-9]* *IOPS|Total'
    vmt_expect_eq "[$mode] hello_world after A is done" "$(rc "$o/after.rc")" 0
    vmt_expect_eq "[$mode] killed A held its lock" "$(rc "$o/k.locked")" 1
    vmt_check "[$mode] killed A left hugepage files" test "$(rc "$o/k.hugefiles")" -gt 0
    vmt_expect_eq "[$mode] hello_world after kill -9 of the owner" "$(rc "$o/k2.rc")" 0
    vmt_check "[$mode] ... took the dead owner's lock over" \
        vmt_file_has "$o/k2.err" "taking over the device lock of process $(rc "$o/k.pid")"
    vmt_expect_eq "[$mode] ... and reclaimed its hugepage files" "$(rc "$o/k.hugefiles_after")" 0
    vmt_expect_eq "[$mode] freed DMA memory: not translated, I/O into it refused" \
        "$(rc "$o/vt.rc")" 0
    vmt_check "[$mode] ... vtophys_check: OK" vmt_file_has "$o/vt.out" '^vtophys_check: OK$'

    if [ "$VMT_FAILED" -ne 0 ]; then
        for f in setup.out a.out a.err b.err c.err after.err k.err k2.err vt.err reset.out console.log; do
            [ -f "$o/$f" ] && { echo "--- [$mode] $f:"; vmt_show "$o/$f" 15; }
        done
    fi
done
vmt_done
