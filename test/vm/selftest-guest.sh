#!/usr/bin/env bash
# The guest half of test/vm/selftest.sh; runs inside the guest (run.sh).
#
#   selftest-guest.sh uio|vfio
#
# Expects two controllers: serial ealnvme0 (null-co) and ealnvme1 (a raw file,
# writable, used for the in-use refusals). Prints 'ok - ...' / 'not ok - ...'
# per check, writes "PASSED FAILED" to $EALNVME_OUT/summary and exits 0 only
# if every check passed.
set -uo pipefail

mode=${1:?usage: selftest-guest.sh uio|vfio}
case $mode in
    uio) drv=uio_pci_generic; other=vfio-pci ;;
    vfio) drv=vfio-pci; other=uio_pci_generic ;;
    *) echo "selftest-guest.sh: mode must be uio or vfio" >&2; exit 2 ;;
esac
SETUP=$EALNVME_REPO/scripts/setup.sh
# The host kills the guest at 420 s. If a step hangs (seen once in CI), say
# where before that: the processes' states and the kernel's blocked tasks.
(
    sleep 300
    echo "watchdog: [$mode] still running after 300 s; processes and blocked tasks:"
    ps --ppid 2 -p 2 -N -o pid,stat,wchan:32,etimes,args 2>/dev/null | cut -c1-200 | tail -n 30
    echo w > /proc/sysrq-trigger 2>/dev/null
    # Kernel messages after boot only (unbinds, nvme errors, blocked tasks).
    dmesg 2>/dev/null | awk -F'[][]' '$2 + 0 > 6' | tail -n 50
) &
watchdog=$!
trap 'kill "$watchdog" 2>/dev/null' EXIT
OUT=${EALNVME_OUT:-/tmp}
passed=0
failed=0

ok() { echo "ok - [$mode] $*"; passed=$((passed + 1)); }
notok() { echo "not ok - [$mode] $*"; failed=$((failed + 1)); }
# check DESCRIPTION COMMAND...: pass when COMMAND succeeds.
check() {
    local d=$1
    shift
    if "$@"; then ok "$d"; else notok "$d"; fi
}
trim() { local s=$1; s=${s#"${s%%[![:space:]]*}"}; printf '%s' "${s%"${s##*[![:space:]]}"}"; }

driver_of() {
    local l=/sys/bus/pci/devices/$1/driver
    [ -L "$l" ] && basename "$(readlink "$l")"
    return 0
}
# run_setup ARGS...: run setup.sh, output in $SETUP_OUT, status in $SETUP_RC.
run_setup() {
    SETUP_OUT=$("$@" 2>&1)
    SETUP_RC=$?
    printf '%s\n' "$SETUP_OUT" | sed 's/^/    | /'
}
ctrl_of() { # BDF -> nvmeN of the kernel driver
    local c
    for c in /sys/bus/pci/devices/"$1"/nvme/nvme*; do
        [ -e "$c" ] && basename "$c"
    done
    return 0
}
wait_for() { # SECONDS COMMAND...
    local n=$(( $1 * 5 ))
    shift
    while ! "$@"; do
        n=$((n - 1))
        [ "$n" -gt 0 ] || return 1
        sleep 0.2
    done
}
ctrl_live() { [ "$(cat /sys/bus/pci/devices/"$1"/nvme/nvme*/state 2>/dev/null)" = live ]; }
both_live() { ctrl_live "$A" && ctrl_live "$B"; }
id_serial() { trim "$(nvme id-ctrl "/dev/$1" -o json | jq -r .sn)"; }

# --- find the two controllers by serial ----------------------------------------
A=
B=
for c in /sys/class/nvme/nvme*; do
    s=$(trim "$(cat "$c/serial")")
    bdf=$(basename "$(readlink -f "$c/device")")
    case $s in
        ealnvme0) A=$bdf ;;
        ealnvme1) B=$bdf ;;
    esac
done
if [ -z "$A" ] || [ -z "$B" ]; then
    notok "found controllers ealnvme0 ($A) and ealnvme1 ($B) bound to nvme at boot"
    echo "$passed $failed" > "$OUT/summary"
    exit 1
fi
ok "found ealnvme0 at $A and ealnvme1 at $B"
check "both controllers live under nvme" wait_for 10 both_live
DISK_B=/dev/$(ctrl_of "$B")n1
wait_for 10 test -b "$DISK_B"

# --- status -------------------------------------------------------------------------
run_setup "$SETUP" status
check "setup.sh status exits 0" test "$SETUP_RC" -eq 0
check "status lists $A as 1b36:0010 under nvme" \
    grep -Eq "^$A +1b36:0010 +[-0-9]+ +nvme " <<< "$SETUP_OUT"
check "status shows the 2048kB hugepages" grep -Eq '2048kB +[0-9]+' <<< "$SETUP_OUT"
check "nvme-cli reads serial ealnvme0 from $A" \
    test "$(id_serial "$(ctrl_of "$A")")" = ealnvme0

# --- PCI_BLOCKED: never bound, unbound or reset; wins over PCI_ALLOWED ------------------
ctrl_a=$(ctrl_of "$A")
run_setup env PCI_BLOCKED="$A" PCI_ALLOWED="$A $B" "$SETUP"
check "PCI_BLOCKED=$A PCI_ALLOWED='$A $B' setup.sh exits 0" test "$SETUP_RC" -eq 0
check "it says $A was skipped and why" \
    grep -qx "$A: skipped, listed in PCI_BLOCKED, which wins over PCI_ALLOWED; left on nvme" \
    <<< "$SETUP_OUT"
check "blocked $A stayed with nvme" test "$(driver_of "$A")" = nvme
check "blocked $A is still the same live controller ($ctrl_a)" \
    test "$(ctrl_of "$A")" = "$ctrl_a" -a "$(cat "/sys/class/nvme/$ctrl_a/state")" = live
check "the other controller $B was bound to $drv" test "$(driver_of "$B")" = "$drv"
run_setup env PCI_BLOCKED="$A" "$SETUP" status
check "status marks $A as blocked" \
    grep -Eq "^$A +1b36:0010 +[-0-9]+ +nvme .*\[blocked: PCI_BLOCKED" <<< "$SETUP_OUT"
row_b_unmarked() { grep -E "^$B +1b36:0010 " <<< "$SETUP_OUT" | grep -vq blocked; }
check "status does not mark $B" row_b_unmarked
run_setup env PCI_BLOCKED="${B#0000:}" "$SETUP" reset
check "PCI_BLOCKED=$B setup.sh reset exits 0" test "$SETUP_RC" -eq 0
check "it says $B was skipped" \
    grep -qx "$B: skipped, listed in PCI_BLOCKED; left on $drv" <<< "$SETUP_OUT"
check "blocked $B not reset: still on $drv" test "$(driver_of "$B")" = "$drv"
# one bad entry among good ones: nothing done, one line that says which
for bad in "00:04" "0000:7f:1f.7"; do
    run_setup env PCI_BLOCKED="$A $bad" "$SETUP" reset
    check "PCI_BLOCKED with '$bad' fails" test "$SETUP_RC" -ne 0
    check "with exactly one line naming it" \
        test "$(wc -l <<< "$SETUP_OUT")" -eq 1 -a -n "$(grep -F "$bad" <<< "$SETUP_OUT")"
    check "and nothing changed ($B still on $drv)" test "$(driver_of "$B")" = "$drv"
done
run_setup env PCI_BLOCKED=00:04 "$SETUP" status
check "status rejects a malformed PCI_BLOCKED too" test "$SETUP_RC" -ne 0
# a blocked controller with no driver stays unbound
printf '%s' "$A" > "/sys/bus/pci/devices/$A/driver/unbind"
run_setup env PCI_BLOCKED="$A" "$SETUP"
check "PCI_BLOCKED=$A on an unbound $A exits 0" test "$SETUP_RC" -eq 0
check "it says $A was left with no driver" \
    grep -qx "$A: skipped, listed in PCI_BLOCKED; left on no driver" <<< "$SETUP_OUT"
check "blocked $A still has no driver" test -z "$(driver_of "$A")"
run_setup "$SETUP" reset
check "reset without PCI_BLOCKED gives both back to nvme" \
    test "$SETUP_RC" -eq 0 -a "$(driver_of "$A")" = nvme -a "$(driver_of "$B")" = nvme
check "both controllers live again" wait_for 15 both_live
DISK_B=/dev/$(ctrl_of "$B")n1
wait_for 10 test -b "$DISK_B"

# --- bind one controller --------------------------------------------------------------
run_setup env PCI_ALLOWED="${A#0000:}" "$SETUP"
check "PCI_ALLOWED=$A setup.sh exits 0" test "$SETUP_RC" -eq 0
check "$A bound to $drv" test "$(driver_of "$A")" = "$drv"
check "$B left with nvme" test "$(driver_of "$B")" = nvme
if [ "$mode" = vfio ]; then
    grp=$(basename "$(readlink "/sys/bus/pci/devices/$A/iommu_group")")
    check "/dev/vfio/$grp exists" test -c "/dev/vfio/$grp"
else
    check "$A has a uio device" test -n "$(ls /sys/bus/pci/devices/"$A"/uio 2>/dev/null)"
fi
check "hugetlbfs mounted" grep -q ' hugetlbfs ' /proc/mounts
check "at least 256 hugepages" test "$(cat /proc/sys/vm/nr_hugepages)" -ge 256
run_setup "$SETUP" status
check "status shows $A under $drv" grep -Eq "^$A +1b36:0010 +[-0-9]+ +$drv" <<< "$SETUP_OUT"

# --- refusals: swap, then a mounted file system ---------------------------------------
if mkswap -q "$DISK_B" >/dev/null 2>&1 && swapon "$DISK_B"; then
    run_setup "$SETUP"
    check "setup.sh fails while $DISK_B is swap" test "$SETUP_RC" -ne 0
    check "it says why (swap) and what to do (swapoff)" \
        grep -q "refusing $B: $DISK_B is in use as swap: run 'swapoff $DISK_B'" <<< "$SETUP_OUT"
    check "$B stayed with nvme" test "$(driver_of "$B")" = nvme
    check "$A still $drv" test "$(driver_of "$A")" = "$drv"
    swapoff "$DISK_B"
else
    notok "could not put swap on $DISK_B"
fi
exec 3< "$DISK_B"
run_setup env PCI_ALLOWED="$B" "$SETUP"
check "setup.sh fails while a process has $DISK_B open" test "$SETUP_RC" -ne 0
check "it names the process" grep -q "refusing $B: process $$ (.*) has $DISK_B open" <<< "$SETUP_OUT"
check "$B stayed with nvme" test "$(driver_of "$B")" = nvme
exec 3<&-
mkdir -p /tmp/mnt
if mkfs.ext4 -q -F "$DISK_B" >/dev/null 2>&1 && mount "$DISK_B" /tmp/mnt; then
    run_setup env PCI_ALLOWED="$B" "$SETUP"
    check "setup.sh fails while $DISK_B is mounted" test "$SETUP_RC" -ne 0
    check "it says where it is mounted" \
        grep -q "refusing $B: $DISK_B is mounted on /tmp/mnt: unmount it" <<< "$SETUP_OUT"
    check "$B stayed with nvme" test "$(driver_of "$B")" = nvme
    umount /tmp/mnt
else
    notok "could not mount an ext4 on $DISK_B"
fi

# --- bind all, twice ----------------------------------------------------------------
run_setup "$SETUP"
check "setup.sh exits 0" test "$SETUP_RC" -eq 0
check "$A bound to $drv" test "$(driver_of "$A")" = "$drv"
check "$B bound to $drv" test "$(driver_of "$B")" = "$drv"
check "no /dev/nvme* block devices left" test -z "$(ls /dev/nvme*n* 2>/dev/null)"
run_setup "$SETUP"
check "setup.sh again exits 0 (already bound)" test "$SETUP_RC" -eq 0
check "it says already bound" grep -q "$A: already bound to $drv" <<< "$SETUP_OUT"

# Each guest has 420 s (shared CPUs): the slow checks below run in one mode each (the
# hugepage reservation under uio, cleanup under vfio).
t0=$SECONDS
# --- HUGEMEM that cannot be met: nothing stranded -----------------------------------------
if [ "$mode" = uio ]; then
hp_before=$(cat /proc/sys/vm/nr_hugepages)
run_setup env HUGEMEM=2048 "$SETUP"
check "HUGEMEM=2048 on a 1 GiB guest fails" test "$SETUP_RC" -ne 0
check "it says the pages it took were released" \
    grep -q "could be reserved (HUGEMEM=2048 MiB), so the [0-9]* this request took were released (reserved now: $hp_before)" <<< "$SETUP_OUT"
check "nr_hugepages is back to $hp_before" test "$(cat /proc/sys/vm/nr_hugepages)" = "$hp_before"
echo "    (HUGEMEM check: $((SECONDS - t0)) s)"
fi

# --- cleanup: what no live process uses goes, the rest stays ------------------------------
if [ "$mode" = vfio ]; then
t0=$SECONDS
HP=/sys/kernel/mm/hugepages/hugepages-2048kB
fallocate -l 2M /dev/hugepages/stale_map_0 && fallocate -l 2M /dev/hugepages/live_map_0
sleep 300 < /dev/hugepages/live_map_0 &
holder1=$!
mkdir -p /var/run/dpdk/stale_prefix /var/run/dpdk/live_prefix
: > /var/run/dpdk/stale_prefix/config
: > /var/run/dpdk/live_prefix/config
sleep 300 < /var/run/dpdk/live_prefix/config &
holder2=$!
free_before=$(cat "$HP/free_hugepages")
run_setup "$SETUP" cleanup
check "setup.sh cleanup exits 0" test "$SETUP_RC" -eq 0
check "it removed the unused hugepage file" test ! -e /dev/hugepages/stale_map_0
check "it kept the one a process has open" test -e /dev/hugepages/live_map_0
check "it removed the unused runtime dir" test ! -e /var/run/dpdk/stale_prefix
check "it kept the one in use" test -e /var/run/dpdk/live_prefix/config
check "the hugepage came back ($free_before free before)" \
    test "$(cat "$HP/free_hugepages")" -eq $((free_before + 1))
check "it says what it removed" \
    grep -q "cleanup: removed 1 hugepage file(s) (2 MiB) and 1 DPDK runtime dir(s)" <<< "$SETUP_OUT"
kill "$holder1" "$holder2" 2>/dev/null
wait "$holder1" "$holder2" 2>/dev/null
rm -rf /dev/hugepages/live_map_0 /var/run/dpdk/live_prefix
# A dead process whose device lock was never taken over: its controller may
# still DMA into its hugepages (uio), so cleanup keeps them and says why.
sh -c 'exit 0' & deadpid=$!
wait "$deadpid"
fallocate -l 2M "/dev/hugepages/ealnvme_pid${deadpid}map_0"
printf "$(printf '\\%03o' $((deadpid & 255)) $(((deadpid >> 8) & 255)) $(((deadpid >> 16) & 255)) 0)" \
    > /var/tmp/spdk_pci_lock_0000:00:1f.7
run_setup "$SETUP" cleanup
check "cleanup keeps the hugepages of a dead owner whose device lock is unclaimed" \
    test -e "/dev/hugepages/ealnvme_pid${deadpid}map_0"
check "... and says which controller may still write into them" \
    grep -q "keeping the hugepage files of dead process $deadpid: its controller 0000:00:1f.7 may still write" <<< "$SETUP_OUT"
rm -f /var/tmp/spdk_pci_lock_0000:00:1f.7
run_setup "$SETUP" cleanup
check "once the lock is gone they are removed" test ! -e "/dev/hugepages/ealnvme_pid${deadpid}map_0"
echo "    (cleanup check: $((SECONDS - t0)) s)"
fi

# --- TARGET_USER: a login without root -------------------------------------------------------
t0=$SECONDS
BUILD=${EALNVME_BUILD_DIR:-$EALNVME_REPO/build}
# A login of nobody (runuser, through pam_limits) gets the kernel's 8 MiB
# memlock default until limits.d says otherwise.
if [ "$mode" = vfio ]; then
    grp=$(basename "$(readlink "/sys/bus/pci/devices/$A/iommu_group")")
    run_setup env TARGET_USER=nobody "$SETUP"
    check "TARGET_USER=nobody with the default memlock limit fails" test "$SETUP_RC" -ne 0
    check "it names the limit and the limits.d line" \
        grep -q "locked-memory limit of nobody is [0-9]* KiB, below the .*'nobody - memlock unlimited' to /etc/security/limits.d/ealnvme.conf" <<< "$SETUP_OUT"
    check "/dev/vfio/$grp belongs to nobody" test "$(stat -c %U "/dev/vfio/$grp")" = nobody
    check "/dev/hugepages belongs to nobody" test "$(stat -c %U /dev/hugepages)" = nobody
    # Apply the fix it printed (the root file system is read-only here).
    mount -t tmpfs tmpfs /etc/security/limits.d &&
        echo 'nobody - memlock unlimited' > /etc/security/limits.d/ealnvme.conf
    run_setup env TARGET_USER=nobody "$SETUP"
    check "with that limits.d line, TARGET_USER=nobody exits 0" test "$SETUP_RC" -eq 0
    # $B: the raw-file controller (hello_world reads back what it wrote;
    # $A's null-co drive drops writes).
    runuser -u nobody -- "$BUILD/examples/hello_world/ealnvme_hello_world" -r "trtype:PCIe traddr:$B" \
        > "$OUT/nobody.out" 2> "$OUT/nobody.err"
    check "nobody runs hello_world on $B without root" grep -qx 'Hello world!' "$OUT/nobody.out"
    sed 's/^/    | /' "$OUT/nobody.err"
    umount /etc/security/limits.d
    chown root /dev/vfio/[0-9]*
else
    run_setup env TARGET_USER=nobody "$SETUP"
    check "TARGET_USER=nobody on uio_pci_generic fails" test "$SETUP_RC" -ne 0
    check "it says only root can use uio_pci_generic" \
        grep -q "is on uio_pci_generic, which only root can use" <<< "$SETUP_OUT"
fi
chown root /dev/hugepages
run_setup env TARGET_USER=nosuchuser "$SETUP"
check "TARGET_USER=nosuchuser fails" test "$SETUP_RC" -ne 0
check "it says there is no such user" grep -q "TARGET_USER=nosuchuser is not a user" <<< "$SETUP_OUT"
echo "    (TARGET_USER checks: $((SECONDS - t0)) s)"

# --- a userspace driver's node held open blocks reset ---------------------------------
if [ "$mode" = vfio ]; then
    node=/dev/vfio/$(basename "$(readlink "/sys/bus/pci/devices/$A/iommu_group")")
else
    node=/dev/$(ls "/sys/bus/pci/devices/$A/uio")
fi
exec 4< "$node"
run_setup env PCI_ALLOWED="$A" "$SETUP" reset
check "reset fails while a process has $node open" test "$SETUP_RC" -ne 0
check "it names the process" grep -q "not resetting $A: process $$ (.*) has $node open" <<< "$SETUP_OUT"
check "$A still on $drv" test "$(driver_of "$A")" = "$drv"
exec 4<&-

# --- bad input ------------------------------------------------------------------------
run_setup env PCI_ALLOWED=0000:7f:1f.7 "$SETUP"
check "unknown PCI_ALLOWED address fails" test "$SETUP_RC" -ne 0
check "and says so" grep -q "no such PCI device" <<< "$SETUP_OUT"
run_setup "$SETUP" frobnicate
failed_with_usage() { [ "$SETUP_RC" -ne 0 ] && grep -q usage <<< "$SETUP_OUT"; }
check "unknown command fails with usage" failed_with_usage

# --- reset ----------------------------------------------------------------------------
run_setup "$SETUP" reset
check "setup.sh reset exits 0" test "$SETUP_RC" -eq 0
check "$A back on nvme" test "$(driver_of "$A")" = nvme
check "$B back on nvme" test "$(driver_of "$B")" = nvme
check "/dev/nvme0n1 appears" wait_for 15 test -b /dev/nvme0n1
n0serial=$(trim "$(cat /sys/class/nvme/nvme0/serial 2>/dev/null)")
check "nvme id-ctrl /dev/nvme0 serial is the one QEMU was given ($n0serial)" \
    test "$(id_serial nvme0)" = "$n0serial"
check "nvme id-ctrl on $A says ealnvme0" test "$(id_serial "$(ctrl_of "$A")")" = ealnvme0
check "nvme id-ctrl on $B says ealnvme1" test "$(id_serial "$(ctrl_of "$B")")" = ealnvme1
run_setup "$SETUP" reset
check "reset again exits 0" test "$SETUP_RC" -eq 0

# --- DRIVER_OVERRIDE --------------------------------------------------------------------
run_setup env DRIVER_OVERRIDE="$other" PCI_ALLOWED="$A" "$SETUP"
if [ "$mode" = vfio ]; then
    check "DRIVER_OVERRIDE=uio_pci_generic works with an IOMMU" test "$SETUP_RC" -eq 0
    check "$A bound to uio_pci_generic" test "$(driver_of "$A")" = uio_pci_generic
else
    check "DRIVER_OVERRIDE=vfio-pci without IOMMU fails" test "$SETUP_RC" -ne 0
    check "and says the IOMMU is missing" grep -q "has no IOMMU group" <<< "$SETUP_OUT"
    check "$A stayed with nvme" test "$(driver_of "$A")" = nvme
fi
run_setup "$SETUP" reset
check "final reset exits 0" test "$SETUP_RC" -eq 0
check "$A on nvme at the end" test "$(driver_of "$A")" = nvme

echo "$passed $failed" > "$OUT/summary"
echo "[$mode] guest checks: $passed ok, $failed not ok"
[ "$failed" -eq 0 ]
