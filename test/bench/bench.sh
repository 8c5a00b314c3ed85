#!/usr/bin/env bash
# ealnvme against the kernel NVMe driver, in one QEMU guest, on one emulated
# controller (null-co backend: no storage cost, only the I/O path is timed).
#
#   test/bench/bench.sh [--short] [--only P,...] [--no-multicore] [--no-ioeventfd] [--out DIR] [--keep]
#
# One guest boot (test/vm/run.sh --iommu, 2 vCPUs, TCG) runs, for each point
# below, ealnvme's perf under vfio-pci and fio with io_uring on the kernel
# nvme driver (with and without hipri=1, the driver loaded with
# poll_queues=2), one core each, rebinding the controller between drivers.
# perf also runs a second time with --no-shadow-doorbells (MMIO doorbells
# even though QEMU offers DBBUF), to show what that library default costs.
# fio runs one job file (test/bench/fio_compare.fio) twice: with ealnvme's
# fio engine (examples/fio_plugin, under vfio-pci) and with io_uring on the
# kernel driver; the hipri run adds --hipri=1 on the command line.  With
# --short, or when the engine was not built (no fio source tree), the
# engine runs only at the 4 KiB QD32 point, resp. not at all.
# The order flips from one point to the next (E K, K E, ...) so that drifting
# machine noise hits both sides alike.  Points (4 KiB unless said):
#   randread QD1, QD32, QD128; randwrite QD32; 128 KiB and 1 MiB sequential
#   read and write QD32 (1 MiB is split at QEMU's MDTS, 512 KiB, by both
#   drivers).  --short runs the 4 KiB points, 128 KiB read and 1 MiB write.
# io_uring with hipri=1 is skipped where the kernel would split the I/O (bs
# above the device's max_hw_sectors_kb): a 1 MiB QD32 polled read did not
# finish in 6 minutes on this guest's kernel (6.1, 2026-12-02), where its
# 10 s run should end; the table shows "-" there.
# Then the multi-core comparison: perf -c 0x1 vs -c 0x1 -P 2 vs -c 0x3 at
# QD32 and QD128, with the host CPU time of each QEMU thread during each run.
#
# Prints a table of IOPS and average latency and the ratios ealnvme/kernel.
#   --short         2 s per run instead of 10 (CI: proves the bench works;
#                   asserts no speed, fails if any run errs or yields nothing)
#   --only P,...    only these points (names as in the table), e.g.
#                   --only read-1m-qd32,write-1m-qd32
#   --no-multicore  skip the multi-core runs
#   --no-ioeventfd  the controller without ioeventfd=on.  By default QEMU's
#                   nvme device gets ioeventfd=on: with shadow doorbells it
#                   then starts a queue on the doorbell write instead of
#                   after a 500 ns main-loop timer, which on this host
#                   oversleeps by ~22 us per I/O (docs/performance.md, QD1)
#   --out DIR       keep the raw results (perf/fio JSON, logs, table.md) in DIR
# Exit status: 0 when every run produced a result, 1 otherwise.
# Needs a build (ninja -C build) and root; installs fio if missing.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BUILD=${EALNVME_BUILD_DIR:-$REPO/build}
PERF=$BUILD/examples/perf/ealnvme_perf
FIO_ENGINE=$BUILD/examples/fio_plugin/ealnvme_fio.so
FIO_JOB=$HERE/fio_compare.fio

# Workloads: name pattern(perf) rw(fio) bs qd in-short-mode
POINTS=(
    "randread-4k-qd1 randread randread 4096 1 y"
    "randread-4k-qd32 randread randread 4096 32 y"
    "randread-4k-qd128 randread randread 4096 128 y"
    "randwrite-4k-qd32 randwrite randwrite 4096 32 y"
    "read-128k-qd32 read read 131072 32 y"
    "write-128k-qd32 write write 131072 32 n"
    "read-1m-qd32 read read 1048576 32 n"
    "write-1m-qd32 write write 1048576 32 y"
)
# Multi-core runs: name qd perf-args
MULTI=(
    "1core-1qp-qd32 32 -c 0x1"
    "1core-2qp-qd32 32 -c 0x1 -P 2"
    "2core-1qp-qd32 32 -c 0x3"
    "1core-1qp-qd128 128 -c 0x1"
    "1core-2qp-qd128 128 -c 0x1 -P 2"
    "2core-1qp-qd128 128 -c 0x3"
)

# point_runs SHORT IN-SHORT NAME ONLY: whether a point runs (both halves);
# ONLY is "all" or a comma-separated list of point names.
point_runs() {
    { [ "$1" = 0 ] || [ "$2" = y ]; } && { [ "$4" = all ] || [[ ",$4," == *",$3,"* ]]; }
}

# hipri_fits DEV BS: whether the kernel sends a BS-byte I/O to DEV unsplit.
hipri_fits() {
    local max
    max=$(cat "/sys/block/${1#/dev/}/queue/max_hw_sectors_kb" 2>/dev/null) || return 0
    [ $(( $2 / 1024 )) -le "$max" ]
}

# fio_engine_at POINT SHORT: whether the fio engine runs at POINT (both halves).
fio_engine_at() {
    [ -f "$FIO_ENGINE" ] && { [ "$2" = 0 ] || [ "$1" = randread-4k-qd32 ]; }
}

# ---- guest half: bench.sh --guest SECONDS MULTICORE SHORT ---------------------
# Each run leaves OUT/runs/<id>.{json,err,rc}; OUT/runs.tsv lists them in order.
# OUT/phase names the run in progress (the host samples QEMU's threads by it).
guest_log() { echo "bench-guest: $*" >> "$EALNVME_OUT/guest.log"; }

guest_bdf() {
    local d c
    for d in /sys/bus/pci/devices/*; do
        read -r c < "$d/class" 2>/dev/null || continue
        [ "$c" = 0x010802 ] && { echo "${d##*/}"; return 0; }
    done
    return 1
}

guest_bind() {	# guest_bind userspace|kernel
    local rc
    if [ "$1" = userspace ]; then
        HUGEMEM=${HUGEMEM:-512} scripts/setup.sh >> "$EALNVME_OUT/setup.log" 2>&1
    else
        scripts/setup.sh reset >> "$EALNVME_OUT/setup.log" 2>&1
    fi
    rc=$?
    guest_log "bind $1: setup.sh exit $rc"
    return $rc
}

# The block device of the controller once the kernel driver owns it.
guest_blockdev() {
    local bdf=$1 n
    for _ in $(seq 1 100); do
        for n in /sys/bus/pci/devices/"$bdf"/nvme/nvme*/nvme*n1; do
            if [ -e "$n" ] && [ -b "/dev/${n##*/}" ]; then
                echo "/dev/${n##*/}"
                return 0
            fi
        done
        sleep 0.1
    done
    return 1
}

run_cmd() {	# run_cmd ID CMD...: stdout to ID.json, stderr to ID.err, rc to ID.rc
    local id=$1 rc
    shift
    echo "$id" > "$EALNVME_OUT/phase"
    "$@" > "$EALNVME_OUT/runs/$id.json" 2> "$EALNVME_OUT/runs/$id.err"
    rc=$?
    echo idle > "$EALNVME_OUT/phase"
    echo "$rc" > "$EALNVME_OUT/runs/$id.rc"
    guest_log "$id: exit $rc"
}

# perf in the background; the phase names the run only from the moment its
# workers start until half a second before they stop, so that the host's
# CPU samples cover the measured window and not DPDK's start-up or teardown.
run_perf() {	# run_perf ID PATTERN BS QD [perf args...]
    local id=$1 pat=$2 bs=$3 qd=$4 pid rc err window
    shift 4
    err=$EALNVME_OUT/runs/$id.err
    printf '%s\tealnvme\t%s\n' "$id" "perf -q $qd -o $bs -w $pat -t $SECS $* --json" >> "$EALNVME_OUT/runs.tsv"
    : > "$err"	# exists before the wait loop below reads it
    "$PERF" -q "$qd" -o "$bs" -w "$pat" -t "$SECS" "$@" --json \
        > "$EALNVME_OUT/runs/$id.json" 2> "$err" &
    pid=$!
    while kill -0 "$pid" 2>/dev/null && [[ $(< "$err") != *"Launching workers"* ]]; do
        read -r -t 0.05 <> <(:) || true
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "$id" > "$EALNVME_OUT/phase"
        window=$(( SECS * 1000 - 500 ))
        sleep "$(( window / 1000 )).$(printf '%03d' $(( window % 1000 )))"
        echo idle > "$EALNVME_OUT/phase"
    fi
    wait "$pid"
    rc=$?
    echo "$rc" > "$EALNVME_OUT/runs/$id.rc"
    guest_log "$id: exit $rc"
}

run_fio() {	# run_fio ID DRIVER-LABEL DEV RW BS QD [fio args...]
    local id=$1 label=$2 dev=$3 rw=$4 bs=$5 qd=$6
    shift 6
    local args=(--name=bench --filename="$dev" --ioengine=io_uring --direct=1
                --rw="$rw" --bs="$bs" --iodepth="$qd" --numjobs=1 --cpus_allowed=0
                --time_based=1 --runtime="$SECS" --norandommap=1 --randrepeat=0
                --output-format=json "$@")
    printf '%s\t%s\t%s\n' "$id" "$label" "fio ${args[*]}" >> "$EALNVME_OUT/runs.tsv"
    run_cmd "$id" fio "${args[@]}"
}

# The same job file for both engines: only the engine and the file differ.
run_fio_job() {	# run_fio_job ID LABEL ENGINE FILENAME RW BS QD
    local id=$1 label=$2
    local vars=(FIO_ENGINE="$3" FIO_FILENAME="$4" FIO_RW="$5" FIO_BS="$6" FIO_QD="$7"
                FIO_RUNTIME="$SECS")
    printf '%s\t%s\t%s\n' "$id" "$label" \
        "${vars[*]} fio --output-format=json ${FIO_JOB#"$REPO"/}" >> "$EALNVME_OUT/runs.tsv"
    run_cmd "$id" env "${vars[@]}" fio --output-format=json "$FIO_JOB"
}

guest() {
    SECS=$1
    local multicore=$2 short=$3 only=${4:-all} bdf dev order=0 p name pat rw bs qd side m qdm
    mkdir -p "$EALNVME_OUT/runs"
    : > "$EALNVME_OUT/runs.tsv"
    cd "$REPO" || exit 1
    bdf=$(guest_bdf) || { guest_log "no NVMe controller"; exit 1; }
    guest_log "controller $bdf"
    # Poll queues for hipri: the module parameter is read when the driver
    # binds a controller, and the controller is still on the kernel driver.
    if ! { echo 2 > /sys/module/nvme/parameters/poll_queues; } 2>/dev/null; then
        guest_log "poll_queues not writable at runtime; reloading nvme with poll_queues=2"
        echo "$bdf" > "/sys/bus/pci/drivers/nvme/unbind" 2>/dev/null
        modprobe -r nvme && modprobe nvme poll_queues=2
    fi
    guest_log "nvme poll_queues=$(cat /sys/module/nvme/parameters/poll_queues 2>/dev/null)"
    # Start from the kernel driver with the new parameter in force.
    guest_bind kernel || exit 1
    side=kernel
    for p in "${POINTS[@]}"; do
        read -r name pat rw bs qd in_short <<< "$p"
        point_runs "$short" "$in_short" "$name" "$only" || continue
        # Alternate which driver goes first: E K, K E, E K, ...
        if [ $((order % 2)) -eq 0 ]; then sides=(ealnvme kernel); else sides=(kernel ealnvme); fi
        order=$((order + 1))
        for s in "${sides[@]}"; do
            if [ "$s" = ealnvme ]; then
                [ "$side" = userspace ] || { guest_bind userspace; side=userspace; }
                run_perf "$name.ealnvme" "$pat" "$bs" "$qd" -c 0x1
                run_perf "$name.ealnvme_mmio" "$pat" "$bs" "$qd" -c 0x1 --no-shadow-doorbells
                # fio's filename syntax has no ':' (its file separator).
                fio_engine_at "$name" "$short" &&
                    run_fio_job "$name.fio_ealnvme" fio_ealnvme "external:$FIO_ENGINE" \
                        "trtype=PCIe traddr=${bdf//:/.} ns=1" "$rw" "$bs" "$qd"
            else
                [ "$side" = kernel ] || { guest_bind kernel; side=kernel; }
                dev=$(guest_blockdev "$bdf") || { guest_log "no block device for $bdf"; dev=/dev/null-missing; }
                [ -n "$(cat /sys/block/"${dev#/dev/}"/queue/io_poll 2>/dev/null)" ] &&
                    guest_log "$dev io_poll=$(cat /sys/block/"${dev#/dev/}"/queue/io_poll)"
                run_fio_job "$name.io_uring" io_uring io_uring "$dev" "$rw" "$bs" "$qd"
                if hipri_fits "$dev" "$bs"; then
                    run_fio "$name.io_uring_hipri" io_uring_hipri "$dev" "$rw" "$bs" "$qd" --hipri=1
                else
                    guest_log "$name.io_uring_hipri: skipped, $bs bytes exceed max_hw_sectors_kb"
                    : > "$EALNVME_OUT/runs/$name.io_uring_hipri.skipped"
                fi
            fi
        done
    done
    if [ "$multicore" = 1 ]; then
        [ "$side" = userspace ] || { guest_bind userspace; side=userspace; }
        for m in "${MULTI[@]}"; do
            read -r name qdm margs <<< "$m"
            # shellcheck disable=SC2086  # margs is a word list on purpose
            run_perf "multi-$name" randread 4096 "$qdm" $margs
        done
    fi
    [ "$side" = kernel ] || guest_bind kernel
    return 0
}

if [ "${1:-}" = --guest ]; then
    shift
    guest "$@"
    exit $?
fi

# ---- host half -----------------------------------------------------------------
# shellcheck source=test/vm/common.sh
. "$REPO/test/vm/common.sh"

short=0
only=all
multicore=1
ioeventfd=1
out=
keep=0
while [ $# -gt 0 ]; do
    case $1 in
        --short) short=1 ;;
        --only) [ $# -ge 2 ] || vm_die "--only needs a list of points"; only=$2; shift ;;
        --no-multicore) multicore=0 ;;
        --no-ioeventfd) ioeventfd=0 ;;
        --out) [ $# -ge 2 ] || vm_die "--out needs a directory"; out=$2; shift ;;
        --keep) keep=1 ;;
        -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) vm_die "unknown argument $1 (see --help)" ;;
    esac
    shift
done
secs=10
[ "$short" -eq 1 ] && secs=2
if [ "$only" != all ]; then
    IFS=, read -r -a wanted <<< "$only"
    for w in "${wanted[@]}"; do
        printf '%s\n' "${POINTS[@]}" | grep -q "^$w " ||
            vm_die "--only: no point '$w' (points: $(printf '%s\n' "${POINTS[@]}" | cut -d' ' -f1 | tr '\n' ' '))"
    done
fi

[ -x "$PERF" ] || vm_die "$PERF is missing: build first (ninja -C build)"
vm_ensure_pkgs fio jq
if [ -z "$out" ]; then
    out=$(mktemp -d "${TMPDIR:-/tmp}/ealnvme-bench.XXXXXX") || exit 1
    [ "$keep" -eq 1 ] || trap 'rm -rf "$out"' EXIT
else
    mkdir -p "$out" || exit 1
    out=$(cd "$out" && pwd)
    rm -rf "$out/runs" "$out/runs.tsv" "$out/phase" "$out/guest.log" "$out/setup.log"
fi

# Per-thread CPU time of the QEMU process while the guest runs, by the run
# the guest names in $out/phase.  Appends "phase thread ticks wall-ms" to
# cpu.tsv for each 0.5 s interval that began and ended in the same phase.
# Shell builtins only: the sampler must not steal the CPU it measures.
sample_qemu() {
    local qpid=$1 t name line now last_now phase prev_phase=idle
    local -a f
    local -A last
    getconf CLK_TCK > "$out/cpu.hz"
    : > "$out/cpu.tsv"
    last_now=${EPOCHREALTIME/./}
    while [ -d "/proc/$qpid" ]; do
        sleep 0.5
        phase=idle
        { read -r phase < "$out/phase"; } 2>/dev/null
        now=${EPOCHREALTIME/./}
        for t in /proc/"$qpid"/task/*; do
            { read -r name < "$t/comm" && read -r line < "$t/stat"; } 2>/dev/null || continue
            # After "pid (comm) ": state is field 1, utime 12, stime 13.
            read -r -a f <<< "${line##*) }"
            [ "${#f[@]}" -gt 13 ] || continue
            if [ -n "${last[$t]:-}" ] && [ "$phase" = "$prev_phase" ]; then
                printf '%s\t%s\t%s\t%s\n' "$phase" "$name" \
                    "$(( f[11] + f[12] - last[$t] ))" "$(( (now - last_now) / 1000 ))" >> "$out/cpu.tsv"
            fi
            last[$t]=$(( f[11] + f[12] ))
        done
        # The whole host: busy (all processes) and stolen by the hypervisor.
        read -r -a f < /proc/stat
        for t in busy steal; do
            if [ "$t" = busy ]; then
                line=$(( f[1] + f[2] + f[3] + f[6] + f[7] ))
            else
                line=${f[8]:-0}
            fi
            if [ -n "${last[$t]:-}" ] && [ "$phase" = "$prev_phase" ]; then
                printf '%s\t@host-%s\t%s\t%s\n' "$phase" "$t" "$(( line - last[$t] ))" \
                    "$(( (now - last_now) / 1000 ))" >> "$out/cpu.tsv"
            fi
            last[$t]=$line
        done
        last_now=$now
        prev_phase=$phase
    done
}

runs=$(( multicore * ${#MULTI[@]} ))
for p in "${POINTS[@]}"; do
    read -r name _ _ _ _ in_short <<< "$p"
    point_runs "$short" "$in_short" "$name" "$only" || continue
    runs=$((runs + 4))
    fio_engine_at "$name" "$short" && runs=$((runs + 1))
done
[ -f "$FIO_ENGINE" ] ||
    vm_log "$FIO_ENGINE not built (no fio source tree: scripts/install_deps.sh): no fio engine runs"
nvme_extra=
[ "$ioeventfd" -eq 1 ] && nvme_extra=,ioeventfd=on
timeout_s=$(( runs * (secs + 25) + 120 ))
vm_log "booting the guest: $runs runs of $secs s (results in $out)"
start=$(date +%s)
bash "$REPO/test/vm/run.sh" --iommu --quiet --out "$out" --timeout "$timeout_s" \
    --env EALNVME_BUILD_DIR="$BUILD" --qemu-arg -name --qemu-arg debug-threads=on \
    --drive 'driver=null-co,size=4G,read-zeroes=on,if=none,id=nvm' \
    --nvme "serial=bench0,drive=nvm$nvme_extra" \
    -- "$HERE/bench.sh" --guest "$secs" "$multicore" "$short" "$only" > "$out/run.log" 2>&1 &
runpid=$!
# Find QEMU (a descendant of run.sh) and sample its threads while it runs.
qpid=
for _ in $(seq 1 100); do
    qpid=$(pgrep -f -n -- "path=${out//,/,,},mount_tag=out" 2>/dev/null | head -n 1)
    [ -n "$qpid" ] && break
    kill -0 "$runpid" 2>/dev/null || break
    sleep 0.2
done
sampler=
if [ -n "$qpid" ]; then
    sample_qemu "$qpid" &
    sampler=$!
fi
wait "$runpid"
vm_rc=$?
[ -n "$sampler" ] && wait "$sampler" 2>/dev/null
elapsed=$(( $(date +%s) - start ))
vm_log "guest exited $vm_rc after $elapsed s"

# ---- results --------------------------------------------------------------------
failed=0
declare -A IOPS LAT
# check_run ID KIND: fills IOPS[ID], LAT[ID] (us); counts a failure if the run
# did not exit 0 or produced no positive IOPS.
check_run() {
    local id=$1 kind=$2 r=$out/runs/$1 rc iops lat
    if [ -f "$r.skipped" ]; then
        IOPS[$id]=
        LAT[$id]=
        return
    fi
    rc=$(cat "$r.rc" 2>/dev/null)
    if [ "$kind" = ealnvme ]; then
        iops=$(jq -r '.total.iops' "$r.json" 2>/dev/null)
        lat=$(jq -r '.total.latency_us.avg' "$r.json" 2>/dev/null)
    else
        iops=$(jq -r '[.jobs[0].read.iops, .jobs[0].write.iops] | add' "$r.json" 2>/dev/null)
        lat=$(jq -r '.jobs[0] | if .read.io_bytes > 0 then .read.lat_ns.mean else .write.lat_ns.mean end / 1000' \
            "$r.json" 2>/dev/null)
        [ "$(jq -r '.jobs[0].error' "$r.json" 2>/dev/null)" = 0 ] || rc="$rc, fio error"
    fi
    if [ "$rc" != 0 ] || ! awk -v v="$iops" 'BEGIN { exit !(v + 0 > 0) }'; then
        failed=$((failed + 1))
        echo "FAILED run $id: exit '${rc:-none}', IOPS '${iops:-none}'" >&2
        [ -f "$r.err" ] && tail -n 5 "$r.err" | sed 's/^/    | /' >&2
        IOPS[$id]=
        LAT[$id]=
        return
    fi
    IOPS[$id]=$iops
    LAT[$id]=$lat
}

fmt_k() { awk -v v="$1" 'BEGIN { if (v == "") print "-"; else printf "%.1fk", v / 1000 }'; }
fmt_f() { awk -v v="$1" 'BEGIN { if (v == "") print "-"; else printf "%.1f", v }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "-"; else printf "%.1fx", a / b }'; }

table=$out/table.md
{
    echo "| workload | ealnvme IOPS | avg us | io_uring IOPS | avg us | io_uring hipri IOPS | avg us | ealnvme / io_uring | ealnvme / hipri | ealnvme, MMIO doorbells: IOPS | avg us | fio + ealnvme engine: IOPS | avg us | vs fio + io_uring |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for p in "${POINTS[@]}"; do
        read -r name _ _ _ _ in_short <<< "$p"
        point_runs "$short" "$in_short" "$name" "$only" || continue
        check_run "$name.ealnvme" ealnvme
        check_run "$name.ealnvme_mmio" ealnvme
        check_run "$name.io_uring" fio
        check_run "$name.io_uring_hipri" fio
        fio_engine_at "$name" "$short" && check_run "$name.fio_ealnvme" fio
        e=${IOPS[$name.ealnvme]}; k=${IOPS[$name.io_uring]}; h=${IOPS[$name.io_uring_hipri]}
        fe=${IOPS[$name.fio_ealnvme]:-}
        echo "| $name | $(fmt_k "$e") | $(fmt_f "${LAT[$name.ealnvme]}") | $(fmt_k "$k") |" \
             "$(fmt_f "${LAT[$name.io_uring]}") | $(fmt_k "$h") | $(fmt_f "${LAT[$name.io_uring_hipri]}") |" \
             "$(ratio "$e" "$k") | $(ratio "$e" "$h") |" \
             "$(fmt_k "${IOPS[$name.ealnvme_mmio]}") | $(fmt_f "${LAT[$name.ealnvme_mmio]}") |" \
             "$(fmt_k "$fe") | $(fmt_f "${LAT[$name.fio_ealnvme]:-}") | $(ratio "$fe" "$k") |"
    done
} > "$table"

if [ "$multicore" -eq 1 ]; then
    hz=$(cat "$out/cpu.hz" 2>/dev/null || echo 100)
    {
        echo
        echo "| multi-core run (4k randread) | total IOPS | avg us | vs 1 core 1 qpair | host CPU: vCPU 0 | vCPU 1 | QEMU main loop | other QEMU threads | whole host (of $(( $(nproc) * 100 ))%) | stolen |"
        echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        for m in "${MULTI[@]}"; do
            read -r name qdm _ <<< "$m"
            check_run "multi-$name" ealnvme
            base=${IOPS[multi-1core-1qp-qd$qdm]}
            # Host CPU % per thread over the measured window (ticks / wall time).
            cpu=$(awk -F'\t' -v ph="multi-$name" -v hz="$hz" '
                $1 == ph { t[$2] += $3; if ($2 == "@host-busy") w += $4 }
                END {
                    if (w == 0) { print "- - - - - -"; exit }
                    for (n in t) {
                        pct = 100 * t[n] / hz / (w / 1000)
                        if (n == "CPU 0/TCG") c0 = pct
                        else if (n == "CPU 1/TCG") c1 = pct
                        else if (n ~ /^qemu-system/) ml = pct
                        else if (n == "@host-busy") hb = pct
                        else if (n == "@host-steal") st = pct
                        else o += pct
                    }
                    printf "%.0f%% %.0f%% %.0f%% %.0f%% %.0f%% %.0f%%\n", c0, c1, ml, o, hb, st
                }' "$out/cpu.tsv" 2>/dev/null)
            read -r c0 c1 ml ot hb st <<< "${cpu:-- - - - - -}"
            echo "| $name | $(fmt_k "${IOPS[multi-$name]}") | $(fmt_f "${LAT[multi-$name]}") |" \
                 "$(ratio "${IOPS[multi-$name]}" "$base") | $c0 | $c1 | $ml | $ot | $hb | $st |"
        done
    } >> "$table"
fi

# Noise: CPU the host spent outside this QEMU during the runs.
if [ -s "$out/cpu.tsv" ]; then
    awk -F'\t' -v hz="$(cat "$out/cpu.hz" 2>/dev/null || echo 100)" '
        $1 != "idle" && $2 == "@host-busy" { busy += $3; w += $4 }
        $1 != "idle" && $2 == "@host-steal" { steal += $3 }
        $1 != "idle" && $2 !~ /^@/ { q += $3 }
        END {
            if (w == 0) exit
            # Per-thread and whole-host tick counts are sampled separately: clamp.
            other = busy > q ? busy - q : 0
            printf "\nDuring the runs the host (%d CPUs) was busy %.0f%% (this QEMU %.0f%%, everything else %.0f%%), %.0f%% stolen by its hypervisor.\n", ncpu, 100 * busy / hz / (w / 1000), 100 * q / hz / (w / 1000), 100 * other / hz / (w / 1000), 100 * steal / hz / (w / 1000)
        }
    ' ncpu="$(nproc)" "$out/cpu.tsv" >> "$table"
fi

echo
echo "ealnvme perf vs kernel nvme + fio io_uring; 1 core; $secs s per run; $(date -u '+%Y-%m-%d %H:%M UTC')"
cat "$table"
echo
if [ "$vm_rc" -ne 0 ]; then
    echo "bench: the guest exited $vm_rc; last lines of its log:"
    tail -n 15 "$out/run.log" | sed 's/^/    | /'
    [ -f "$out/guest.log" ] && tail -n 15 "$out/guest.log" | sed 's/^/    | /'
    failed=$((failed + 1))
fi
echo "bench: $runs runs, $failed failed, $elapsed s"
[ "$failed" -eq 0 ]
