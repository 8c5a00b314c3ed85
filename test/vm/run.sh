#!/usr/bin/env bash
# Run one command in a QEMU (TCG) guest that sees the host's files and has
# emulated NVMe controllers, and exit with the command's exit code.
#
#   test/vm/run.sh [options] -- CMD [ARGS...]
#
# The guest chroots into the host's root (read-only over virtio-9p), cds to
# the current directory (else the repo), and runs CMD with the host's PATH.
# Writable in the guest: /tmp (overlay on the host's /tmp), /run, /dev/shm,
# and $EALNVME_OUT (= /run/ealnvme-out), a share that is --out DIR on the host.
#
# Options:
#   --iommu             q35 with an Intel vIOMMU (intel_iommu=on): vfio-pci works;
#                       without it uio_pci_generic is the driver to use
#   --mem MB            guest RAM (default 2048)
#   --smp N             guest CPUs (default 2)
#   --nvme ARGS         add '-device nvme,ARGS'; if ARGS starts with a device name
#                       (nvme,... or nvme-ns,...) it is passed as is. Repeatable.
#   --drive ARGS        add '-drive ARGS'. Repeatable.
#                       Without --nvme: one controller, serial ealnvme0, on a 1 GiB
#                       null-co drive (reads zeroes, drops writes).
#   --no-nvme           no NVMe controller at all
#   --hugepages N       2 MiB hugepages reserved at boot (default 256)
#   --append ARGS       extra kernel command line (also $EALNVME_VM_APPEND)
#   --qemu-arg ARG      extra QEMU argument, e.g. --qemu-arg -qmp --qemu-arg unix:/tmp/q,server=on,wait=off
#   --env NAME[=VALUE]  export NAME to the command (host value if no =). Repeatable.
#   --cwd DIR           directory to run in (default: the current one)
#   --out DIR           host dir shared writable as $EALNVME_OUT (default: a
#                       temporary one, removed afterwards)
#   --log FILE          serial console log (default: DIR/console.log with --out,
#                       else $EALNVME_VM_LOGDIR or <repo>/build/vm-logs/*.log)
#   --timeout S         kill the guest after S seconds (default 300; 0 = never)
#   --quiet             do not copy the console to stdout (the log still has it)
#   --shell             interactive: the serial line is the command's terminal
#                       (default command: /bin/bash -i); Ctrl-A x quits QEMU
#   --cache DIR         guest artefacts (default $EALNVME_VM_CACHE or <repo>/build/vm-cache)
#
# Exit status: the guest command's; 124 if the guest timed out before reporting;
# 125 if the guest or QEMU failed before the command reported an exit code.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/vm/common.sh
. "$HERE/common.sh"
VM_DIE_RC=125
REPO=$(vm_repo_root)

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

iommu=0
mem=2048
smp=2
timeout_s=300
hugepages=
append=${EALNVME_VM_APPEND:-}
cache=${EALNVME_VM_CACHE:-$REPO/build/vm-cache}
cwd=$PWD
out=
log=
quiet=0
shell=0
no_nvme=0
nvme=()
drives=()
qemu_extra=()
envs=()

need() { [ $# -ge 2 ] || vm_die "option $1 needs a value (see --help)"; }
while [ $# -gt 0 ]; do
    case $1 in
        --iommu) iommu=1 ;;
        --mem) need "$@"; mem=$2; shift ;;
        --smp) need "$@"; smp=$2; shift ;;
        --nvme) need "$@"; nvme+=("$2"); shift ;;
        --drive) need "$@"; drives+=("$2"); shift ;;
        --no-nvme) no_nvme=1 ;;
        --hugepages) need "$@"; hugepages=$2; shift ;;
        --append) need "$@"; append="$append $2"; shift ;;
        --qemu-arg) need "$@"; qemu_extra+=("$2"); shift ;;
        --env) need "$@"; envs+=("$2"); shift ;;
        --cwd) need "$@"; cwd=$2; shift ;;
        --out) need "$@"; out=$2; shift ;;
        --log) need "$@"; log=$2; shift ;;
        --timeout) need "$@"; timeout_s=$2; shift ;;
        --quiet) quiet=1 ;;
        --shell) shell=1 ;;
        --cache) need "$@"; cache=$2; shift ;;
        -h|--help) usage; exit 0 ;;
        --) shift; break ;;
        -*) vm_die "unknown option $1 (see --help)" ;;
        *) break ;;
    esac
    shift
done

if [ $# -eq 0 ]; then
    [ "$shell" -eq 1 ] || vm_die "no command given: run.sh [options] -- CMD [ARGS...]"
    set -- /bin/bash -i
fi
for n in "$mem" "$smp" "$timeout_s" ${hugepages:+"$hugepages"}; do
    case $n in ''|*[!0-9]*) vm_die "'$n' is not a number" ;; esac
done
[ "$shell" -eq 0 ] || timeout_s=0

vm_ensure_pkgs qemu-system-x86
"$HERE/prepare.sh" "$cache" || vm_die "test/vm/prepare.sh $cache failed"
# shellcheck disable=SC1091
. "$cache/guest.env"

# --- the out share, the log, the command script --------------------------------
tmp_out=
if [ -z "$out" ]; then
    out=$(mktemp -d "${TMPDIR:-/tmp}/ealnvme-vm.XXXXXX")
    tmp_out=$out
fi
mkdir -p "$out/.ealnvme" || vm_die "cannot create $out; pass a writable --out DIR"
out=$(cd "$out" && pwd)
rm -f "$out/.ealnvme/exit_code" "$out/.ealnvme/cmd"
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() { [ -z "$tmp_out" ] || rm -rf "$tmp_out"; }
trap cleanup EXIT

if [ -z "$log" ]; then
    if [ -z "$tmp_out" ]; then
        log=$out/console.log
    else
        logdir=${EALNVME_VM_LOGDIR:-$REPO/build/vm-logs}
        mkdir -p "$logdir"
        log=$logdir/vm-$(date +%Y%m%d-%H%M%S)-$$.log
    fi
fi
mkdir -p "$(dirname "$log")"
: > "$log"

# Quote for sh: 'it'\''s'.
shq() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
{
    echo "# written by test/vm/run.sh"
    echo "cd $(shq "$cwd") 2>/dev/null || cd $(shq "$REPO") 2>/dev/null || cd /"
    path=/run/ealnvme/bin:$PATH
    for d in /usr/local/sbin /usr/local/bin /usr/sbin /usr/bin /sbin /bin; do
        case :$path: in *:"$d":*) ;; *) path=$path:$d ;; esac
    done
    echo "export PATH=$(shq "$path")"
    echo "export EALNVME_REPO=$(shq "$REPO")"
    for e in ${envs[@]+"${envs[@]}"}; do
        name=${e%%=*}
        case $name in ''|[0-9]*|*[!A-Za-z0-9_]*) vm_die "--env $e: bad variable name" ;; esac
        if [ "$name" = "$e" ]; then
            [ -n "${!name+set}" ] || vm_die "--env $name: not set on the host"
            value=${!name}
        else
            value=${e#*=}
        fi
        echo "export $name=$(shq "$value")"
    done
    printf 'exec'
    for a in "$@"; do printf ' %s' "$(shq "$a")"; done
    echo
} > "$out/.ealnvme/cmd"

# --- QEMU ---------------------------------------------------------------------
cmdline="console=ttyS0 quiet loglevel=3 panic=-1"
case $MODROOT in *[[:space:]]*) ;; *) cmdline="$cmdline ealnvme.modroot=$MODROOT" ;; esac
[ -z "$hugepages" ] || cmdline="$cmdline ealnvme.hugepages=$hugepages"
[ "$shell" -eq 0 ] || cmdline="$cmdline ealnvme.interactive"

qemu=(qemu-system-x86_64 -accel tcg -cpu max -smp "$smp" -m "$mem"
      -nographic -no-reboot -nic none)
# qboot starts faster than SeaBIOS and prints nothing; EALNVME_VM_BIOS= (empty)
# falls back to QEMU's default firmware.
bios=${EALNVME_VM_BIOS-/usr/share/qemu/qboot.rom}
if [ -n "$bios" ] && [ -f "$bios" ]; then
    qemu+=(-bios "$bios")
fi
if [ "$iommu" -eq 1 ]; then
    qemu+=(-machine 'q35,kernel-irqchip=split' -device 'intel-iommu,intremap=on')
    cmdline="$cmdline intel_iommu=on"
else
    qemu+=(-machine q35)
fi
cmdline="$cmdline $append"
qemu+=(-kernel "$VMLINUZ" -initrd "$INITRAMFS" -append "$cmdline"
       -virtfs 'local,path=/,mount_tag=host,security_model=passthrough,readonly=on,multidevs=remap'
       -virtfs "local,path=${out//,/,,},mount_tag=out,security_model=none")
if [ "$no_nvme" -eq 0 ] && [ "${#nvme[@]}" -eq 0 ]; then
    drives+=('driver=null-co,size=1G,read-zeroes=on,if=none,id=nvm0')
    nvme+=('serial=ealnvme0,drive=nvm0')
fi
# A host write error (ENOSPC on a full /tmp) would otherwise pause the guest
# silently until the timeout (QEMU's default werror=enospc): report it instead.
for d in ${drives[@]+"${drives[@]}"}; do
    case ",$d," in *,werror=*) ;; *) d="$d,werror=report" ;; esac
    case ",$d," in *,rerror=*) ;; *) d="$d,rerror=report" ;; esac
    qemu+=(-drive "$d")
done
for d in ${nvme[@]+"${nvme[@]}"}; do
    case ${d%%,*} in
        *=*) qemu+=(-device "nvme,$d") ;;
        *) qemu+=(-device "$d") ;;
    esac
done
qemu+=(${qemu_extra[@]+"${qemu_extra[@]}"})

{ printf '# %q' "${qemu[0]}"; printf ' %q' "${qemu[@]:1}"; echo; } >> "$log"

start=$(date +%s.%N)
set +e
if [ "$shell" -eq 1 ]; then
    "${qemu[@]}" 2>&1 | tee -a "$log"
    qemu_rc=${PIPESTATUS[0]}
elif [ "$quiet" -eq 1 ]; then
    timeout --foreground -k 10 "$timeout_s" "${qemu[@]}" </dev/null >>"$log" 2>&1
    qemu_rc=$?
else
    timeout --foreground -k 10 "$timeout_s" "${qemu[@]}" </dev/null 2>&1 | tee -a "$log"
    qemu_rc=${PIPESTATUS[0]}
fi
set -e
end=$(date +%s.%N)

# --- the verdict ----------------------------------------------------------------
rc=
if [ -s "$out/.ealnvme/exit_code" ]; then
    rc=$(tr -dc '0-9' < "$out/.ealnvme/exit_code")
fi
if [ -z "$rc" ]; then
    rc=$(tr -d '\r' < "$log" | sed -n 's/^EALNVME_EXIT=\([0-9][0-9]*\)$/\1/p' | tail -n 1)
fi
boot=$(tr -d '\r' < "$log" | sed -n 's/.*ealnvme-init: guest ready after \([0-9.]*\)s$/\1/p' | tail -n 1)
wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
if [ -n "$rc" ]; then
    vm_log "guest command exited $rc (boot ${boot:-?} s, wall $wall s); log: $log"
    exit "$rc"
fi
if [ "$qemu_rc" -eq 124 ] || [ "$qemu_rc" -eq 137 ]; then
    vm_log "error: guest timed out after ${timeout_s}s without reporting an exit code; log: $log"
    vm_log "last lines of the log:"
    tail -n 20 "$log" | tr -d '\r' | sed 's/^/    /' >&2
    exit 124
fi
vm_log "error: guest never reported an exit code (QEMU exited $qemu_rc after $wall s); log: $log"
if [ "$quiet" -eq 1 ]; then
    vm_log "last lines of the log:"
    tail -n 5 "$log" | tr -d '\r' | sed 's/^/    /' >&2
fi
exit 125
