#!/usr/bin/env bash
# ealnvme over NVMe/TCP against the kernel's nvme-tcp initiator, in one QEMU
# guest, on one Linux kernel target (nvmet-tcp on 127.0.0.1:4420, set up by
# test/vm/apps/nvmet.sh; namespace on a null_blk RAM disk by default).
#
#   test/bench/bench_tcp.sh [--short] [--backend ram|null|loop] [--size MB]
#                           [--target-cpu N|none] [--out DIR] [--keep]
#
# One guest boot (test/vm/run.sh --no-nvme, 2 vCPUs, TCG) exports one
# subsystem with one namespace, connects the kernel initiator to it (nvme
# connect), and for each point runs ealnvme's perf with
# -r 'trtype:TCP adrfam:IPv4 traddr:127.0.0.1 trsvcid:4420 subnqn:NQN' -c 0x1
# and fio (io_uring, direct=1, --cpus_allowed=0) on the initiator's block
# device, alternating which goes first (E K, K E, ...).  Both talk to the same
# target in the same guest.  The initiators run on guest CPU 0; the target's
# work is steered to CPU 1 (RPS on lo, see nvmet_lo_rps), as if it were
# another machine: without that, loopback receive work, and so the whole
# target, runs on the sending CPU and competes with the initiator there.
# Points: 4 KiB randread QD1, 4 KiB randread QD32, 128 KiB read QD32.
#   --short          2 s per run instead of 10 (proves the bench works)
#   --backend KIND   ram: null_blk memory_backed (default); null: null_blk
#                    without storage; loop: a loop device on a tmpfs file
#   --size MB        namespace size (default 1024)
#   --target-cpu N   guest CPU for the target's receive work (default 1);
#                    none: leave it where the kernel puts it (CPU 0 too)
#   --out DIR        keep the raw results (perf/fio JSON, logs, table.md) in DIR
# Exit status: 0 when every run produced a result; 2 when only ealnvme's runs
# failed, all with "not supported" (the TCP transport is not behind
# spdk_nvme_probe in this build); 1 otherwise.
# Needs a build (ninja -C build) and root; installs fio, jq, nvme-cli if missing.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BUILD=${EALNVME_BUILD_DIR:-$REPO/build}
PERF=$BUILD/examples/perf/ealnvme_perf
NQN=nqn.2026-12.io.ealnvme:bench-tcp

# Workloads: name pattern bs qd
POINTS=(
    "randread-4k-qd1 randread 4096 1"
    "randread-4k-qd32 randread 4096 32"
    "read-128k-qd32 read 131072 32"
)

# ---- guest half: bench_tcp.sh --guest SECONDS BACKEND SIZE_MB TARGET_CPU ---------
guest_log() { echo "bench-tcp-guest: $*" >> "$EALNVME_OUT/guest.log"; }

# run ID LABEL CMD...: stdout to ID.json, stderr to ID.err, exit code to ID.rc.
run() {
    local id=$1 label=$2 rc t
    shift 2
    printf '%s\t%s\t%s\n' "$id" "$label" "$*" >> "$EALNVME_OUT/runs.tsv"
    t=${EPOCHREALTIME/./}
    "$@" > "$EALNVME_OUT/runs/$id.json" 2> "$EALNVME_OUT/runs/$id.err"
    rc=$?
    echo "$rc" > "$EALNVME_OUT/runs/$id.rc"
    guest_log "$id: exit $rc after $(( (${EPOCHREALTIME/./} - t) / 1000 )) ms"
}

guest() {
    local secs=$1 backend=$2 size=$3 tcpu=$4 t ctrl dev trid order=0 p name pat bs qd s sides
    # shellcheck source=test/vm/apps/nvmet.sh
    . "$REPO/test/vm/apps/nvmet.sh"
    mkdir -p "$EALNVME_OUT/runs"
    : > "$EALNVME_OUT/runs.tsv"
    cd "$REPO" || exit 1
    t=${EPOCHREALTIME/./}
    {
        nvmet_load_modules &&
            nvmet_subsys_create "$NQN" 1 "$size" "$backend" &&
            nvmet_port_create 1 && nvmet_port_link 1 "$NQN"
    } 2>> "$EALNVME_OUT/guest.log" || { guest_log "target setup failed"; exit 1; }
    guest_log "target: $NQN on ${NVMET_NS_DEV[$NQN/1]} ($backend, $size MiB) after $(( (${EPOCHREALTIME/./} - t) / 1000 )) ms"
    if [ "$tcpu" != none ]; then
        nvmet_lo_rps "$(printf '%x' $((1 << tcpu)))" 2>> "$EALNVME_OUT/guest.log" || exit 1
        guest_log "target receive work on CPU $tcpu (lo rps_cpus $(cat /sys/class/net/lo/queues/rx-0/rps_cpus))"
    fi
    ctrl=$(nvmet_host_connect "$NQN" 2>> "$EALNVME_OUT/guest.log") &&
        dev=$(nvmet_host_blockdev "$NQN" 1 2>> "$EALNVME_OUT/guest.log") ||
        { guest_log "kernel initiator: no block device"; dev=/dev/kernel-initiator-missing; }
    guest_log "kernel initiator: $ctrl, $dev"
    trid=$(nvmet_trid "$NQN")
    for p in "${POINTS[@]}"; do
        read -r name pat bs qd <<< "$p"
        if [ $((order % 2)) -eq 0 ]; then sides=(ealnvme kernel); else sides=(kernel ealnvme); fi
        order=$((order + 1))
        for s in "${sides[@]}"; do
            if [ "$s" = ealnvme ]; then
                run "$name.ealnvme" ealnvme "$PERF" -q "$qd" -o "$bs" -w "$pat" -t "$secs" \
                    -c 0x1 -r "$trid" --json
            else
                run "$name.io_uring" io_uring fio --name=bench --filename="$dev" \
                    --ioengine=io_uring --direct=1 --rw="$pat" --bs="$bs" --iodepth="$qd" \
                    --numjobs=1 --cpus_allowed=0 --time_based=1 --runtime="$secs" \
                    --norandommap=1 --randrepeat=0 --output-format=json
            fi
        done
    done
    nvmet_teardown 2>> "$EALNVME_OUT/guest.log" || guest_log "teardown incomplete"
    return 0
}

if [ "${1:-}" = --guest ]; then
    shift
    guest "$@"
    exit $?
fi

# ---- host half -------------------------------------------------------------------
# shellcheck source=test/vm/common.sh
. "$REPO/test/vm/common.sh"

secs=10
backend=ram
size=1024
tcpu=1
out=
keep=0
while [ $# -gt 0 ]; do
    case $1 in
        --short) secs=2 ;;
        --backend) [ $# -ge 2 ] || vm_die "--backend needs ram, null or loop"; backend=$2; shift ;;
        --size) [ $# -ge 2 ] || vm_die "--size needs a number of MiB"; size=$2; shift ;;
        --target-cpu) [ $# -ge 2 ] || vm_die "--target-cpu needs a CPU number or none"; tcpu=$2; shift ;;
        --out) [ $# -ge 2 ] || vm_die "--out needs a directory"; out=$2; shift ;;
        --keep) keep=1 ;;
        -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) vm_die "unknown argument $1 (see --help)" ;;
    esac
    shift
done
case $backend in ram|null|loop) ;; *) vm_die "--backend: '$backend' is not ram, null or loop" ;; esac
[[ $size =~ ^[1-9][0-9]*$ ]] || vm_die "--size: '$size' is not a positive number of MiB"
[[ $tcpu =~ ^(none|[1-9])$ ]] || vm_die "--target-cpu: '$tcpu' is not 1..9 or none (CPU 0 runs the initiators)"
smp=2
[ "$tcpu" != none ] && [ "$tcpu" -ge 2 ] && smp=$((tcpu + 1))

[ -x "$PERF" ] || vm_die "$PERF is missing: build first (ninja -C build)"
vm_ensure_pkgs fio jq nvme-cli
if [ -z "$out" ]; then
    out=$(mktemp -d "${TMPDIR:-/tmp}/ealnvme-bench-tcp.XXXXXX") || exit 1
    [ "$keep" -eq 1 ] || trap 'rm -rf "$out"' EXIT
else
    mkdir -p "$out" || exit 1
    out=$(cd "$out" && pwd)
    rm -rf "$out/runs" "$out/runs.tsv" "$out/guest.log"
fi

runs=$(( ${#POINTS[@]} * 2 ))
timeout_s=$(( runs * (secs + 30) + 180 ))
vm_log "booting the guest: $runs runs of $secs s, $backend namespace of $size MiB (results in $out)"
start=$(date +%s)
bash "$REPO/test/vm/run.sh" --no-nvme --smp "$smp" --quiet --out "$out" --timeout "$timeout_s" \
    --env EALNVME_BUILD_DIR="$BUILD" \
    -- "$HERE/bench_tcp.sh" --guest "$secs" "$backend" "$size" "$tcpu" > "$out/run.log" 2>&1
vm_rc=$?
elapsed=$(( $(date +%s) - start ))
vm_log "guest exited $vm_rc after $elapsed s"

# ---- results --------------------------------------------------------------------
failed=0
notsup=0
declare -A IOPS LAT NOTE
# check_run ID KIND: fills IOPS[ID], LAT[ID] (us), NOTE[ID]; counts a failure
# if the run did not exit 0 or produced no positive IOPS.
check_run() {
    local id=$1 kind=$2 r=$out/runs/$1 rc iops lat
    rc=$(cat "$r.rc" 2>/dev/null)
    if [ "$kind" = ealnvme ]; then
        iops=$(jq -r '.total.iops' "$r.json" 2>/dev/null)
        lat=$(jq -r '.total.latency_us.avg' "$r.json" 2>/dev/null)
    else
        iops=$(jq -r '[.jobs[0].read.iops, .jobs[0].write.iops] | add' "$r.json" 2>/dev/null)
        lat=$(jq -r '.jobs[0].read.lat_ns.mean / 1000' "$r.json" 2>/dev/null)
        [ "$(jq -r '.jobs[0].error' "$r.json" 2>/dev/null)" = 0 ] || rc="$rc, fio error"
    fi
    IOPS[$id]=
    LAT[$id]=
    NOTE[$id]=
    if [ "$rc" = 0 ] && awk -v v="$iops" 'BEGIN { exit !(v + 0 > 0) }'; then
        IOPS[$id]=$iops
        LAT[$id]=$lat
        return
    fi
    if [ "$kind" = ealnvme ] && grep -qi 'not supported' "$r.err" 2>/dev/null; then
        notsup=$((notsup + 1))
        NOTE[$id]="ENOTSUP"
        return
    fi
    failed=$((failed + 1))
    NOTE[$id]="failed"
    echo "FAILED run $id: exit '${rc:-none}', IOPS '${iops:-none}'" >&2
    [ -f "$r.err" ] && tail -n 5 "$r.err" | sed 's/^/    | /' >&2
}

fmt_k() { awk -v v="$1" 'BEGIN { if (v == "") print "-"; else printf "%.1fk", v / 1000 }'; }
fmt_f() { awk -v v="$1" 'BEGIN { if (v == "") print "-"; else printf "%.1f", v }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "-"; else printf "%.2fx", a / b }'; }

table=$out/table.md
{
    echo "| workload | ealnvme perf over TCP: IOPS | avg us | kernel nvme-tcp + fio io_uring: IOPS | avg us | ealnvme / kernel |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: |"
    for p in "${POINTS[@]}"; do
        read -r name _ <<< "$p"
        check_run "$name.ealnvme" ealnvme
        check_run "$name.io_uring" fio
        e=${IOPS[$name.ealnvme]}
        k=${IOPS[$name.io_uring]}
        echo "| $name | $(fmt_k "$e")${NOTE[$name.ealnvme]:+ (${NOTE[$name.ealnvme]})} |" \
             "$(fmt_f "${LAT[$name.ealnvme]}") | $(fmt_k "$k")${NOTE[$name.io_uring]:+ (${NOTE[$name.io_uring]})} |" \
             "$(fmt_f "${LAT[$name.io_uring]}") | $(ratio "$e" "$k") |"
    done
} > "$table"

echo
echo "NVMe/TCP: ealnvme perf vs kernel nvme-tcp + fio io_uring, same nvmet-tcp target" \
     "($backend, $size MiB) on 127.0.0.1 in one guest; initiators on CPU 0, target" \
     "receive work on CPU $tcpu; $secs s per run;" \
     "$(date -u '+%Y-%m-%d %H:%M UTC')"
cat "$table"
echo
if [ "$notsup" -gt 0 ]; then
    echo "bench_tcp: ealnvme's perf refused trtype:TCP as not supported in $notsup run(s):" \
         "this build does not have the TCP transport behind spdk_nvme_probe yet. First lines:"
    grep -hi 'not supported' "$out"/runs/*.ealnvme.err 2>/dev/null | sort -u | head -n 3 | sed 's/^/    | /'
fi
if [ "$vm_rc" -ne 0 ]; then
    echo "bench_tcp: the guest exited $vm_rc; last lines of its log:"
    tail -n 15 "$out/run.log" | sed 's/^/    | /'
    failed=$((failed + 1))
fi
[ -f "$out/guest.log" ] && { echo "guest log:"; sed 's/^/    | /' "$out/guest.log"; }
echo "bench_tcp: $runs runs, $failed failed, $notsup not supported, $elapsed s"
[ "$failed" -eq 0 ] || exit 1
[ "$notsup" -eq 0 ] || exit 2
exit 0
