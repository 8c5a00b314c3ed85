#!/usr/bin/env bash
# Process death (issue 10 item 4), in a QEMU guest, under vfio-pci and
# uio_pci_generic (one boot each): nvme_crashwriter writes self-describing
# 4 KiB blocks (LBA, run, write number, checksum) at QD 32 over 2048 blocks of
# a raw-file namespace, sends FLUSH every 64 completions and, when a FLUSH
# completes, appends "durable RUN MARK" to a log on the out share (fdatasync).
# Five runs per boot, each killed with SIGKILL after a different random delay;
# after each kill a new process ('verify') must attach (the dead writer's lock
# taken over, its hugepage files reclaimed, the controller reset from whatever
# state it was left in) and find every durable write, or a newer one, in
# every block.  After the guest is gone, check-file applies the same rule to
# the raw image on the host and checks that nothing was written outside the
# range; it must fail on an empty image and on a flipped byte.
#
#   test/vm/test_crash.sh          seed: $EALNVME_TEST_SEED, else time-based
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/vm/apps/vmtest.sh
. "$HERE/apps/vmtest.sh"
APP=test/vm/apps/nvme_crashwriter
BDF=0000:00:10.0
# Kills per boot: 3 in CI (each costs a writer run and a check); more with
# EALNVME_CRASH_RUNS=N.
RUNS=${EALNVME_CRASH_RUNS:-3}

# ---- guest half: test_crash.sh --guest DELAY_MS... ---------------------------------
# hugefiles PID: how many hugepage files the ealnvme process PID left.
hugefiles() {
    local f n=0
    for f in /dev/hugepages/ealnvme_pid"$1"map_*; do [ -e "$f" ] && n=$((n + 1)); done
    echo "$n"
}

guest() {
    local out=$EALNVME_OUT log=$EALNVME_OUT/durable.log run=0 pid d
    cd "$VMT_REPO" || exit 1
    HUGEMEM=${HUGEMEM:-512} scripts/setup.sh > "$out/setup.out" 2>&1
    echo $? > "$out/setup.rc"
    for d in "$@"; do
        run=$((run + 1))
        "$VMT_BUILD/$APP" write "$BDF" "$log" "$run" -q 32 -n 2048 -f 64 \
            > "$out/w$run.out" 2> "$out/w$run.err" &
        pid=$!
        echo "$pid" > "$out/w$run.pid"
        for _ in $(seq 600); do
            grep -q "^run $run writing" "$log" 2>/dev/null && break
            sleep 0.1
        done
        sleep "$((d / 1000)).$(printf '%03d' $((d % 1000)))"
        kill -9 "$pid"
        wait "$pid"
        echo $? > "$out/w$run.rc"
        hugefiles "$pid" > "$out/w$run.huge"
        EALNVME_LOG_LEVEL=notice "$VMT_BUILD/$APP" verify "$BDF" "$log" \
            > "$out/v$run.out" 2> "$out/v$run.err"
        echo $? > "$out/v$run.rc"
        hugefiles "$pid" > "$out/w$run.huge_after"
    done
    return 0
}
if [ "${1:-}" = --guest ]; then
    shift
    guest "$@"
    exit 0
fi

# ---- host half --------------------------------------------------------------
vmt_init test_crash
vmt_need_bins "$APP"
seed=${EALNVME_TEST_SEED:-$(date +%s)}
vmt_log "seed $seed (rerun with EALNVME_TEST_SEED=$seed)"
RANDOM=$seed
rc() { [ -f "$1" ] && tr -dc '0-9' < "$1"; }

for boot in vfio uio; do
    opts=()
    [ "$boot" = vfio ] && opts=(--iommu)
    delays=()
    for _ in $(seq "$RUNS"); do delays+=($((300 + RANDOM % 2200))); done
    vmt_log "[$boot] kill delays after the first write (ms): ${delays[*]}"
    img=$VMT_DIR/$boot.raw
    truncate -s 64M "$img" || exit 1
    vmt_boot "$boot" "${opts[@]}" \
        --drive "file=$img,format=raw,if=none,id=d0" \
        --nvme "nvme,id=c0,serial=crash-$boot,addr=0x10" \
        --nvme "nvme-ns,drive=d0,bus=c0,nsid=1" \
        -- "$HERE/test_crash.sh" --guest "${delays[@]}"
    o=$VMT_DIR/$boot
    log=$o/durable.log
    vmt_expect_eq "[$boot] guest ran the test" "$VMT_RC" 0
    vmt_expect_eq "[$boot] scripts/setup.sh exit code" "$(rc "$o/setup.rc")" 0
    for run in $(seq "$RUNS"); do
        pid=$(rc "$o/w$run.pid")
        marks=$(grep -c "^durable $run " "$log" 2>/dev/null)
        mark=$(sed -n "s/^durable $run //p" "$log" 2>/dev/null | tail -n 1)
        vmt_expect_eq "[$boot] run $run: writer died of SIGKILL (exit code)" "$(rc "$o/w$run.rc")" 137
        vmt_check "[$boot] run $run: $marks FLUSHes completed before the kill (last mark ${mark:-none})" \
            test "${marks:-0}" -gt 0
        vmt_check "[$boot] run $run: the dead writer left hugepage files ($(rc "$o/w$run.huge"))" \
            test "$(rc "$o/w$run.huge")" -gt 0
        vmt_expect_eq "[$boot] run $run: a new process attached and verified (exit code)" \
            "$(rc "$o/v$run.rc")" 0
        vmt_check "[$boot] run $run: ... taking over the dead writer's device lock" \
            vmt_file_has "$o/v$run.err" "taking over the device lock of process ${pid:-x}"
        vmt_expect_eq "[$boot] run $run: ... and reclaiming its hugepage files" \
            "$(rc "$o/w$run.huge_after")" 0
        summary=$(grep '^verify: .* mismatches$' "$o/v$run.out" 2>/dev/null)
        vmt_check "[$boot] run $run: '${summary:-no verify summary}'" \
            grep -Eq "^verify: $run runs, [1-9][0-9]* durable writes, .* 0 mismatches$" <<< "$summary"
        grep '^MISMATCH' "$o/v$run.out" 2>/dev/null | head -n 5 | sed 's/^/    | /'
    done
    "$VMT_BUILD/$APP" check-file "$img" "$log" > "$VMT_DIR/$boot.check" 2>&1
    crc=$?
    sed 's/^/    | /' "$VMT_DIR/$boot.check" | head -n 12
    vmt_expect_eq "[$boot] check-file of the raw image on the host" "$crc" 0
    vmt_check "[$boot] ... nothing written outside the range" \
        vmt_file_has "$VMT_DIR/$boot.check" 'blocks after the range, 0 not zero$'
    # The checker must be able to fail: lost writes, one flipped byte.
    truncate -s 64M "$VMT_DIR/empty.raw"
    "$VMT_BUILD/$APP" check-file "$VMT_DIR/empty.raw" "$log" > /dev/null 2>&1
    vmt_expect_eq "[$boot] check-file of an empty image fails" "$?" 1
    cp "$img" "$VMT_DIR/flip.raw"
    python3 -c 'import sys; f = open(sys.argv[1], "r+b"); f.seek(4096 * 777 + 1000)
b = f.read(1); f.seek(4096 * 777 + 1000); f.write(bytes([b[0] ^ 0xff]))' "$VMT_DIR/flip.raw"
    "$VMT_BUILD/$APP" check-file "$VMT_DIR/flip.raw" "$log" > /dev/null 2>&1
    vmt_expect_eq "[$boot] check-file with one byte flipped fails" "$?" 1
    rm -f "$img" "$VMT_DIR/empty.raw" "$VMT_DIR/flip.raw"
    if [ "$VMT_FAILED" -ne 0 ]; then
        for f in setup.out w1.err w1.out v1.err v1.out console.log; do
            [ -f "$o/$f" ] && { echo "--- [$boot] $f:"; vmt_show "$o/$f" 15; }
        done
    fi
done
vmt_done
