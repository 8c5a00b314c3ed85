#!/usr/bin/env bash
# The fio engine (examples/fio_plugin/ealnvme_fio.so) in one guest, on one
# controller with one namespace on a raw file the host fills with 0xa5 first
# (namespace 2 is inactive), under uio_pci_generic:
#   - bad filenames (no traddr, an unknown key, an inactive namespace) and a
#     job without thread=1 fail, each with one 'ealnvme fio:' line;
#   - verify jobs (rw=randwrite, verify=crc32c, do_verify) at bs 4k, 64k and
#     1m (split at MDTS, 512 KiB on QEMU's controller), iodepth 16-32, each on
#     its own region, pass; on the host every bs block of each region then
#     holds fio's verify header with its own offset (the data reached the
#     right LBAs);
#   - numjobs=2 (a qpair per job): two verify jobs on two regions at once
#     pass, and a time-based 2-job read has I/O in both jobs;
#   - a 4k randread job reports IOPS; randrw rwmixread=70 splits about so;
#     randtrim (Deallocate) and fsync=8 (Flush) complete;
#   - LD_PRELOAD=ealnvme_fio.so with ioengine=ealnvme works too, and so
#     does examples/fio_plugin/example.fio (pointed at this controller);
#   - on the host, before the boot: a bad EALNVME_FIO_MEM_MB fails with one line.
#
#   test/vm/test_fio.sh          (host; boots one guest)
# Prints 'ok - ...' per assertion and 'test_fio: N passed, M failed'.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/vm/apps/vmtest.sh
. "$HERE/apps/vmtest.sh"
ENGINE=examples/fio_plugin/ealnvme_fio.so
BDF=0000:00:10.0
DOTTED=0000.00.10.0
SERIAL=fio0
NS_MIB=128
# Verify jobs: name bs iodepth offset-MiB size-MiB
VERIFY=(
    "v4k 4k 32 0 8"
    "v64k 64k 16 8 16"
    "v1m 1m 16 24 32"
)
# numjobs=2 verify: each job its own 16 MiB from 64 MiB on (offset_increment).
NJ_OFF=64
NJ_MIB=16
MIX_OFF=104	# randrw (no verify) on 8 MiB from here; 96-104 and 112-116 stay untouched

# ---- guest half: test_fio.sh --guest --------------------------------------------
run() {	# run NAME CMD...: stdout, stderr and exit code in $EALNVME_OUT/NAME.*
    local name=$1
    shift
    "$@" > "$EALNVME_OUT/$name.out" 2> "$EALNVME_OUT/$name.err"
    echo $? > "$EALNVME_OUT/$name.rc"
}

guest() {
    local so=$VMT_BUILD/$ENGINE v name bs qd off size
    local fn="trtype=PCIe traddr=$DOTTED ns=1"
    local base=(--thread=1 --ioengine="external:$so" --output-format=json)
    cd "$VMT_REPO" || exit 1
    HUGEMEM=${HUGEMEM:-512} scripts/setup.sh > "$EALNVME_OUT/setup.out" 2>&1
    echo $? > "$EALNVME_OUT/setup.rc"

    run bad_notraddr fio "${base[@]}" --name=bad --rw=read --filename='trtype=PCIe ns=1'
    run bad_key fio "${base[@]}" --name=bad --rw=read --filename="traddr=$DOTTED nsid=1"
    run bad_ns fio "${base[@]}" --name=bad --rw=read --filename="traddr=$DOTTED ns=2"
    run bad_nothread fio --ioengine="external:$so" --name=bad --rw=read --filename="$fn"

    # The README's example job file, on this controller, 2 s of reads.
    sed -e "s|^ioengine=.*|ioengine=external:$so|" -e "s|traddr=0000.00.04.0|traddr=$DOTTED|" \
        -e 's|^runtime=10$|runtime=2|' examples/fio_plugin/example.fio > /tmp/example.fio
    run example fio --output-format=json /tmp/example.fio

    for v in "${VERIFY[@]}"; do
        read -r name bs qd off size <<< "$v"
        run "$name" fio "${base[@]}" --name="$name" --filename="$fn" --rw=randwrite \
            --bs="$bs" --iodepth="$qd" --offset="${off}m" --size="${size}m" \
            --verify=crc32c --do_verify=1 --verify_fatal=1 --verify_state_save=0
    done
    run nj_verify fio "${base[@]}" --name=nj --filename="$fn" --rw=randwrite --bs=16k \
        --iodepth=16 --numjobs=2 --offset="${NJ_OFF}m" --offset_increment="${NJ_MIB}m" \
        --size="${NJ_MIB}m" --verify=crc32c --do_verify=1 --verify_fatal=1 --verify_state_save=0
    run nj_read fio "${base[@]}" --name=njr --filename="$fn" --rw=randread --bs=4k \
        --iodepth=16 --numjobs=2 --time_based=1 --runtime=2 --norandommap=1
    run randread fio "${base[@]}" --name=read --filename="$fn" --rw=randread --bs=4k \
        --iodepth=32 --time_based=1 --runtime=2 --norandommap=1
    run mix fio "${base[@]}" --name=mix --filename="$fn" --rw=randrw --rwmixread=70 \
        --bs=4k --iodepth=16 --time_based=1 --runtime=2 --norandommap=1 --offset="${MIX_OFF}m" \
        --size=8m
    run trim fio "${base[@]}" --name=trim --filename="$fn" --rw=randtrim --bs=64k \
        --iodepth=8 --offset=116m --size=4m
    run fsync fio "${base[@]}" --name=fsync --filename="$fn" --rw=write --bs=4k \
        --iodepth=4 --fsync=8 --offset=120m --size=256k
    run preload env LD_PRELOAD="$so" fio --thread=1 --ioengine=ealnvme --output-format=json \
        --name=pre --filename="$fn" --rw=read --bs=64k --iodepth=4 --size=4m
    scripts/setup.sh reset > "$EALNVME_OUT/reset.out" 2>&1
    return 0
}
if [ "${1:-}" = --guest ]; then
    guest
    exit 0
fi

# ---- host half -------------------------------------------------------------------
vmt_init test_fio
vmt_need_bins "$ENGINE"
vmt_need_tools fio jq python3

rc() { [ -f "$1" ] && tr -dc '0-9' < "$1"; }
# j FILTER FILE: jq on fio's JSON (fio may print warnings before it).
j() { sed -n '/^{/,$p' "$2" 2>/dev/null | jq -r "$1" 2>/dev/null; }

# On the host (no device is touched): a bad EALNVME_FIO_MEM_MB is refused
# with one line before the EAL starts.
EALNVME_FIO_MEM_MB=12x fio --thread=1 --ioengine="external:$VMT_BUILD/$ENGINE" --name=bad \
    --rw=read --filename='traddr=0000.04.00.0' > "$VMT_DIR/env.out" 2> "$VMT_DIR/env.err"
vmt_check "[host] EALNVME_FIO_MEM_MB=12x: fio exits non-zero" test $? -ne 0
vmt_expect_eq "[host] ... with one line" "$(grep -c . "$VMT_DIR/env.err")" 1
vmt_check "[host] ... saying what is wrong" vmt_file_has "$VMT_DIR/env.err" \
    '^ealnvme fio: EALNVME_FIO_SHM_ID and EALNVME_FIO_MEM_MB must be decimal numbers'

head -c "$((NS_MIB << 20))" /dev/zero | tr '\0' '\245' > "$VMT_DIR/ns1.raw" || exit 1
vmt_boot fio --drive "file=$VMT_DIR/ns1.raw,format=raw,if=none,id=d1" \
    --nvme "nvme,id=c0,serial=$SERIAL,addr=0x${BDF:8:2}" \
    --nvme "nvme-ns,drive=d1,bus=c0,nsid=1" \
    --timeout 900 -- "$HERE/test_fio.sh" --guest
o=$VMT_DIR/fio
vmt_expect_eq "guest ran the test" "$VMT_RC" 0
vmt_expect_eq "scripts/setup.sh exit code" "$(rc "$o/setup.rc")" 0

# Bad input: fio fails, and the only 'ealnvme fio:' line says what to fix.
bad() {	# bad NAME DESC REGEX
    vmt_check "[$1] $2: fio exits non-zero" test "$(rc "$o/$1.rc")" != 0
    vmt_expect_eq "[$1] one 'ealnvme fio:' line" "$(grep -c '^ealnvme fio:' "$o/$1.err" 2>/dev/null)" 1
    vmt_check "[$1] ... saying: $3" vmt_file_has "$o/$1.err" "^ealnvme fio: .*$3"
    vmt_check "[$1] ... and no I/O ran" vmt_file_lacks "$o/$1.out" '"io_bytes" : [1-9]'
}
bad bad_notraddr "no traddr" "no traddr: name the controller, e.g. traddr=0000.04.00.0"
bad bad_key "unknown key" "unknown key 'nsid' \\(the keys are trtype, traddr and ns\\)"
bad bad_ns "inactive namespace" "namespace 2 of controller $BDF is not active"
bad bad_nothread "no thread=1" "job 'bad': add thread=1"

vmt_expect_eq "[example] examples/fio_plugin/example.fio: fio exit code" "$(rc "$o/example.rc")" 0
vmt_expect_eq "[example] verify job: bytes verified" "$(j '.jobs[0].read.io_bytes' "$o/example.out")" \
    $((64 << 20))
vmt_check "[example] randread group (numjobs=2) read something" \
    test "$(j '.jobs[1].read.io_bytes' "$o/example.out")" -gt 0

# Verify jobs: no error, all written and all read back (verified).
for v in "${VERIFY[@]}"; do
    read -r name bs qd off size <<< "$v"
    f=$o/$name.out
    vmt_expect_eq "[$name] bs=$bs iodepth=$qd verify=crc32c: fio exit code" "$(rc "$o/$name.rc")" 0
    vmt_expect_eq "[$name] job error" "$(j '.jobs[0].error' "$f")" 0
    vmt_expect_eq "[$name] bytes written" "$(j '.jobs[0].write.io_bytes' "$f")" "$((size << 20))"
    vmt_expect_eq "[$name] bytes read back and verified" "$(j '.jobs[0].read.io_bytes' "$f")" \
        "$((size << 20))"
done
vmt_expect_eq "[nj_verify] numjobs=2 verify: fio exit code" "$(rc "$o/nj_verify.rc")" 0
for i in 0 1; do
    vmt_expect_eq "[nj_verify] job $i: error" "$(j ".jobs[$i].error" "$o/nj_verify.out")" 0
    vmt_expect_eq "[nj_verify] job $i: bytes verified" \
        "$(j ".jobs[$i].read.io_bytes" "$o/nj_verify.out")" "$((NJ_MIB << 20))"
done

# On the host: each bs block of each region begins with fio's verify header
# (magic 0xacca, length bs, the block's own offset).
regions=()
for v in "${VERIFY[@]}"; do
    read -r name bs qd off size <<< "$v"
    b=${bs%k}; [ "$b" = "$bs" ] && b=$(( ${bs%m} * 1024 ))
    regions+=("$name:$((off << 20)):$((size << 20)):$((b << 10))")
done
regions+=("nj0:$((NJ_OFF << 20)):$((NJ_MIB << 20)):16384"
          "nj1:$(((NJ_OFF + NJ_MIB) << 20)):$((NJ_MIB << 20)):16384")
check_headers() {
    python3 - "$VMT_DIR/ns1.raw" "$@" <<'EOF'
import struct, sys
img = open(sys.argv[1], 'rb')
bad = 0
for spec in sys.argv[2:]:
    name, start, size, bs = spec.split(':')
    start, size, bs = int(start), int(size), int(bs)
    wrong = 0
    for off in range(start, start + size, bs):
        img.seek(off)
        magic, _vt, length, _seed, hoff = struct.unpack('<HHIQQ', img.read(24))
        if magic != 0xacca or length != bs or hoff != off:
            wrong += 1
    if wrong:
        print(f'{name}: {wrong} of {size // bs} blocks lack their verify header')
        bad += 1
sys.exit(1 if bad else 0)
EOF
}
vmt_check "[host] every block of every verify region holds its header and offset" \
    check_headers "${regions[@]}"
fill_at() {	# fill_at MIB: the 4 KiB at MIB MiB are still the host's 0xa5 fill
    [ "$(dd if="$VMT_DIR/ns1.raw" bs=4096 skip=$(($1 << 8)) count=1 2>/dev/null | tr -d '\245' | wc -c)" -eq 0 ]
}
vmt_check "[host] no job wrote between the verify regions and the randrw region" \
    fill_at "$((NJ_OFF + 2 * NJ_MIB))"
vmt_check "[host] no job wrote past the randrw region" fill_at "$((MIX_OFF + 8))"
# Each fio process detached its controller (releasing the device lock) and
# left no hugepage files: the next one found nothing to take over or reclaim.
for f in example v4k v64k v1m nj_verify nj_read randread mix trim fsync preload; do
    vmt_check "[$f] no stale device lock or hugepage files from the previous fio" \
        vmt_file_lacks "$o/$f.err" 'taking over the device lock|reclaimed [0-9]+ hugepage'
done

# numjobs=2 read: both jobs (each with its own qpair) did I/O.
vmt_expect_eq "[nj_read] numjobs=2 randread: fio exit code" "$(rc "$o/nj_read.rc")" 0
for i in 0 1; do
    vmt_check "[nj_read] job $i read something" \
        test "$(j ".jobs[$i].read.io_bytes" "$o/nj_read.out")" -gt 0
done
vmt_expect_eq "[read] 4k randread QD32: fio exit code" "$(rc "$o/randread.rc")" 0
iops=$(j '.jobs[0].read.iops' "$o/randread.out")
vmt_check "[read] reports IOPS (${iops:-none})" awk -v v="${iops:-0}" 'BEGIN { exit !(v > 0) }'
vmt_expect_eq "[mix] randrw rwmixread=70: fio exit code" "$(rc "$o/mix.rc")" 0
r=$(j '.jobs[0].read.total_ios' "$o/mix.out")
w=$(j '.jobs[0].write.total_ios' "$o/mix.out")
vmt_check "[mix] reads are 60-80% of the I/O (${r:-?} reads, ${w:-?} writes)" \
    awk -v r="${r:-0}" -v w="${w:-0}" 'BEGIN { exit !(r + w > 0 && r / (r + w) > 0.6 && r / (r + w) < 0.8) }'
vmt_expect_eq "[trim] rw=randtrim (Deallocate): fio exit code" "$(rc "$o/trim.rc")" 0
vmt_expect_eq "[trim] bytes trimmed" "$(j '.jobs[0].trim.io_bytes' "$o/trim.out")" $((4 << 20))
vmt_expect_eq "[fsync] fsync=8 (Flush): fio exit code" "$(rc "$o/fsync.rc")" 0
# fio issues one after every 8 writes, and more when the queue was busy then.
syncs=$(j '.jobs[0].sync.total_ios' "$o/fsync.out")
vmt_check "[fsync] at least 8 flushes completed (${syncs:-none})" test "${syncs:-0}" -ge 8
vmt_expect_eq "[preload] LD_PRELOAD + ioengine=ealnvme: fio exit code" "$(rc "$o/preload.rc")" 0
vmt_expect_eq "[preload] bytes read" "$(j '.jobs[0].read.io_bytes' "$o/preload.out")" $((4 << 20))

echo "--- 4k randread QD32, 1 job: ${iops:-?} IOPS; 2 jobs: $(j '[.jobs[].read.iops] | add' "$o/nj_read.out") IOPS"
if [ "$VMT_FAILED" -ne 0 ]; then
    for f in setup.out example.err bad_notraddr.err bad_key.err bad_ns.err bad_nothread.err v4k.err v64k.err \
             v1m.err nj_verify.err nj_read.err randread.err mix.err trim.err fsync.err preload.err console.log; do
        [ -f "$o/$f" ] && { echo "--- $f:"; vmt_show "$o/$f" 15; }
    done
fi
vmt_done
