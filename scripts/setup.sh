#!/usr/bin/env bash
# ealnvme machine setup: hugepages and NVMe controller binding.
#
# Usage: scripts/setup.sh [config|reset|status|cleanup|help]
#        (installed by 'meson install' as ealnvme-setup)
#
#   config (default)  reserve hugepages (HUGEMEM MiB), mount hugetlbfs on
#                     /dev/hugepages if no hugetlbfs is mounted, and bind the NVMe
#                     controllers (PCI class 0x010802) to a userspace driver:
#                     vfio-pci when the machine has an IOMMU, else uio_pci_generic.
#                     Controllers whose namespaces are mounted, used as swap, or
#                     held by LVM/dm/md are refused and left alone.
#                     With TARGET_USER, also lets that user run ealnvme
#                     without root (vfio-pci only): chowns /dev/vfio/<group> and
#                     the hugetlbfs mounts to it, and checks its locked-memory
#                     limit against the hugepages (VFIO pins them).
#   reset             give the controllers back to the kernel nvme driver
#   cleanup           remove hugepage files and DPDK runtime directories that no
#                     running process has open or mapped (left by killed programs)
#   status            table of NVMe controllers (blocked ones marked), and
#                     hugepages per NUMA node
#   help              this text
#
# Environment:
#   HUGEMEM=MiB        hugepage memory to have reserved (default 2048; 0 = leave
#                      hugepages alone). A larger existing reservation is kept;
#                      a request that cannot be met is undone, not left half done.
#   TARGET_USER=name   config: give that user the devices and hugepages
#   PCI_ALLOWED="BDF.." only these controllers (e.g. "0000:01:00.0 02:00.0")
#   PCI_BLOCKED="BDF.." never these: not bound, unbound or reset, even when
#                      PCI_ALLOWED names them too (whitespace separated)
#   DRIVER_OVERRIDE=D  bind to driver D (vfio-pci or uio_pci_generic) whatever
#                      the IOMMU says
#   RESET_WAIT=S       seconds 'reset' waits for the kernel driver to bring a
#                      controller live (default 15)
#
# Exit status: 0 when every selected controller ended up where asked,
# 1 otherwise; each problem is reported on one line with what to do.
set -euo pipefail

PROG=${0##*/}
# What the user types to run this script, for messages.
case $PROG in ealnvme-setup) SELF=ealnvme-setup ;; *) SELF=$0 ;; esac
NVME_CLASS=0x010802
PCI_DEVICES=/sys/bus/pci/devices
PCI_DRIVERS=/sys/bus/pci/drivers

failures=0

say() { printf '%s\n' "$*"; }
warn() { printf '%s: warning: %s\n' "$PROG" "$*" >&2; }
err() { printf '%s: error: %s\n' "$PROG" "$*" >&2; failures=$((failures + 1)); }
die() { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 1; }

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

require_root() {
    [ "$EUID" -eq 0 ] || die "'$1' changes kernel settings and needs root; rerun with sudo"
}

# --- helpers ------------------------------------------------------------------------
# Under emulation every exec costs tens of milliseconds, so the helpers below
# use shell builtins only and hand results back in REPLY or arrays.

# rd FILE: first line of FILE in REPLY ("" if unreadable).
rd() {
    REPLY=
    { IFS= read -r REPLY < "$1"; } 2>/dev/null || true
}

# Canonical BDF (0000:01:00.0) of a user's spelling in REPLY, "" if invalid.
normalize_bdf() {
    local b=${1,,}
    REPLY=
    if [[ $b =~ ^[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$ ]]; then
        b=0000:$b
    fi
    if [[ $b =~ ^[0-9a-f]{4,8}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$ ]]; then
        REPLY=$b
    fi
}

is_nvme() {
    rd "$PCI_DEVICES/$1/class"
    [ "$REPLY" = "$NVME_CLASS" ]
}

# ALL_NVME: every NVMe controller.
find_all_nvme() {
    local d
    ALL_NVME=()
    for d in "$PCI_DEVICES"/*; do
        is_nvme "${d##*/}" && ALL_NVME+=("${d##*/}")
    done
    return 0
}

# WORDS: the whitespace-separated words of $1, without glob expansion.
split_words() {
    WORDS=()
    IFS=$' \t\n' read -r -d '' -a WORDS <<< "$1" || true
}

# BLOCKED: the devices PCI_BLOCKED names, canonical. Every entry must be a PCI
# address of a present device: a typo must not leave a controller unprotected.
find_blocked() {
    local w
    BLOCKED=()
    split_words "${PCI_BLOCKED:-}"
    for w in ${WORDS[@]+"${WORDS[@]}"}; do
        normalize_bdf "$w"
        [ -n "$REPLY" ] ||
            die "PCI_BLOCKED entry '$w' is not a PCI address; write it as 0000:01:00.0"
        [ -e "$PCI_DEVICES/$REPLY" ] ||
            die "PCI_BLOCKED lists $REPLY but there is no such PCI device; see '$SELF status' for the NVMe controllers"
        BLOCKED+=("$REPLY")
    done
    return 0
}

is_blocked() {
    local b
    for b in ${BLOCKED[@]+"${BLOCKED[@]}"}; do
        [ "$b" = "$1" ] && return 0
    done
    return 1
}

# SELECTED: the controllers to act on: PCI_ALLOWED if set (each must be an
# NVMe controller), else every NVMe controller; minus PCI_BLOCKED, which wins.
find_selected() {
    local w b why
    local -a cand=()
    SELECTED=()
    find_blocked
    if [ -z "${PCI_ALLOWED:-}" ]; then
        find_all_nvme
        cand=(${ALL_NVME[@]+"${ALL_NVME[@]}"})
        why="listed in PCI_BLOCKED"
    else
        split_words "$PCI_ALLOWED"
        for w in ${WORDS[@]+"${WORDS[@]}"}; do
            normalize_bdf "$w"
            b=$REPLY
            [ -n "$b" ] ||
                die "PCI_ALLOWED entry '$w' is not a PCI address; write it as 0000:01:00.0"
            [ -e "$PCI_DEVICES/$b" ] ||
                die "PCI_ALLOWED lists $b but there is no such PCI device; see '$SELF status' for the NVMe controllers"
            is_nvme "$b" ||
                die "PCI_ALLOWED lists $b, which is not an NVMe controller (class $REPLY); remove it"
            cand+=("$b")
        done
        why="listed in PCI_BLOCKED, which wins over PCI_ALLOWED"
    fi
    for b in ${cand[@]+"${cand[@]}"}; do
        if is_blocked "$b"; then
            driver_of "$b"
            say "$b: skipped, $why; left on ${REPLY:-no driver}"
        else
            SELECTED+=("$b")
        fi
    done
    return 0
}

# Driver bound to device $1 in REPLY ("" if none).
driver_of() {
    local l
    REPLY=
    for l in "$PCI_DRIVERS"/*/"$1"; do
        if [ -e "$l" ]; then
            l=${l%/*}
            REPLY=${l##*/}
        fi
    done
}

# IOMMU group number of device $1 in REPLY ("" if none).
iommu_group_of() {
    local g
    REPLY=
    for g in /sys/kernel/iommu_groups/*/devices/"$1"; do
        if [ -e "$g" ]; then
            g=${g%/devices/*}
            REPLY=${g##*/}
        fi
    done
}

# DISKS: block devices (disks) the kernel nvme driver exposes for controller $1.
# With native multipath the controller owns nvmeXcYnZ paths whose disk is nvmeXnZ.
find_disks() {
    local c n name seen=" "
    DISKS=()
    for c in "$PCI_DEVICES/$1"/nvme/nvme*; do
        [ -d "$c" ] || continue
        for n in "$c"/nvme*; do
            name=${n##*/}
            if [[ $name =~ ^nvme([0-9]+)c[0-9]+n([0-9]+)$ ]]; then
                name=nvme${BASH_REMATCH[1]}n${BASH_REMATCH[2]}
            elif [[ ! $name =~ ^nvme[0-9]+n[0-9]+$ ]]; then
                continue
            fi
            [ -e "/sys/class/block/$name" ] || continue
            case $seen in *" $name "*) continue ;; esac
            seen="$seen$name "
            DISKS+=("$name")
        done
    done
    return 0
}

holder_desc() {
    local h=$1 name uuid
    case $h in
        dm-*)
            rd "/sys/class/block/$h/dm/name"; name=${REPLY:-$h}
            rd "/sys/class/block/$h/dm/uuid"; uuid=$REPLY
            case $uuid in
                LVM-*) REPLY="LVM volume $name (/dev/mapper/$name)" ;;
                CRYPT-*) REPLY="dm-crypt mapping $name" ;;
                *) REPLY="device-mapper device $name" ;;
            esac ;;
        md*) REPLY="md RAID /dev/$h" ;;
        *) REPLY="/dev/$h" ;;
    esac
}

# OPENERS: "PID (command) has NODE open" for each process holding a NODE.
find_openers() {
    local args=() n l pid fd node seen=" "
    OPENERS=()
    [ $# -gt 0 ] || return 0
    for n in "$@"; do args+=(-o -lname "$n"); done
    while read -r l; do
        [ -n "$l" ] || continue
        pid=${l#/proc/}
        pid=${pid%%/*}
        fd=${l##*/}
        [ "$pid" = "$$" ] && continue
        node=$(readlink "/proc/$pid/fd/$fd" 2>/dev/null) || continue
        case $seen in *" $pid:$node "*) continue ;; esac
        seen="$seen$pid:$node "
        rd "/proc/$pid/comm"
        OPENERS+=("process $pid ($REPLY) has $node open")
    done <<< "$(find /proc/[0-9]*/fd -mindepth 1 -maxdepth 1 \( "${args[@]:1}" \) 2>/dev/null || true)"
}

# Device nodes through which users reach controller $1 while driver $2 has it.
# Sets NODES.
find_nodes() {
    local bdf=$1 drv=$2 c d p
    NODES=()
    case $drv in
        nvme)
            for c in "$PCI_DEVICES/$bdf"/nvme/nvme*; do
                [ -e "$c" ] && NODES+=("/dev/${c##*/}")
            done
            find_disks "$bdf"
            for d in ${DISKS[@]+"${DISKS[@]}"}; do
                NODES+=("/dev/$d" "/dev/ng${d#nvme}")
                for p in "/sys/class/block/$d/$d"p*; do
                    [ -e "$p" ] && NODES+=("/dev/${p##*/}")
                done
            done ;;
        uio_pci_generic)
            for c in "$PCI_DEVICES/$bdf"/uio/uio*; do
                [ -e "$c" ] && NODES+=("/dev/${c##*/}")
            done ;;
        vfio-pci)
            iommu_group_of "$bdf"
            [ -z "$REPLY" ] || NODES+=("/dev/vfio/$REPLY")
            for c in "$PCI_DEVICES/$bdf"/vfio-dev/vfio*; do
                [ -e "$c" ] && NODES+=("/dev/vfio/devices/${c##*/}")
            done ;;
    esac
    return 0
}

# REASONS: why controller $1 must not be taken from driver $2, one per entry.
find_in_use_reasons() {
    local disk p b majmin h where line dev mnt _a _b mm _c o
    local -a mountinfo swaps
    REASONS=()
    find_nodes "$1" "$2"
    find_openers ${NODES[@]+"${NODES[@]}"}
    for o in ${OPENERS[@]+"${OPENERS[@]}"}; do
        REASONS+=("$o: stop it first")
    done
    [ "$2" = nvme ] || return 0
    find_disks "$1"
    [ "${#DISKS[@]}" -gt 0 ] || return 0
    mapfile -t mountinfo < /proc/self/mountinfo
    mapfile -t swaps < /proc/swaps
    for disk in "${DISKS[@]}"; do
        for p in "/sys/class/block/$disk" "/sys/class/block/$disk/$disk"p*; do
            [ -e "$p/dev" ] || continue
            b=${p##*/}
            rd "$p/dev"; majmin=$REPLY
            where=
            for line in ${mountinfo[@]+"${mountinfo[@]}"}; do
                read -r _a _b mm _c mnt _ <<< "$line"
                [ "$mm" = "$majmin" ] && where="$where $mnt"
            done
            # Some file systems (btrfs) show another device number: match the name too.
            while read -r dev mnt _; do
                [ "$dev" = "/dev/$b" ] && case "$where " in *" $mnt "*) ;; *) where="$where $mnt" ;; esac
            done < /proc/mounts
            if [ -n "$where" ]; then
                line=${where# }
                REASONS+=("/dev/$b is mounted on${where}: unmount it (umount ${line%% *})")
            fi
            for line in ${swaps[@]+"${swaps[@]:1}"}; do
                read -r dev _ <<< "$line"
                [ "$dev" = "/dev/$b" ] &&
                    REASONS+=("/dev/$b is in use as swap: run 'swapoff /dev/$b'")
            done
            for h in "$p/holders"/*; do
                [ -e "$h" ] || continue
                holder_desc "${h##*/}"
                REASONS+=("/dev/$b is held by $REPLY: deactivate it first (vgchange -an, mdadm --stop or cryptsetup close)")
            done
        done
    done
    return 0
}

iommu_present() {
    compgen -G '/sys/kernel/iommu_groups/*' >/dev/null
}

# BLOCKERS: other devices in $1's IOMMU group that a kernel driver still holds.
find_iommu_group_blockers() {
    local d bdf
    BLOCKERS=()
    for d in "$PCI_DEVICES/$1"/iommu_group/devices/*; do
        bdf=${d##*/}
        [ "$bdf" = "$1" ] && continue
        # Bridges may stay with their drivers (pcieport).
        rd "$d/class"
        case $REPLY in 0x0604*) continue ;; esac
        driver_of "$bdf"
        case $REPLY in ''|vfio-pci) ;; *) BLOCKERS+=("$bdf ($REPLY)") ;; esac
    done
    return 0
}

normalize_driver() {
    case $1 in
        vfio_pci|vfio-pci) REPLY=vfio-pci ;;
        uio-pci-generic|uio_pci_generic) REPLY=uio_pci_generic ;;
        *) REPLY=$1 ;;
    esac
}

# Make sure PCI driver $1 is registered, loading its module if needed.
ensure_driver() {
    local drv=$1 out
    [ -d "$PCI_DRIVERS/$drv" ] && return 0
    command -v modprobe >/dev/null ||
        die "driver $drv is not loaded and modprobe is missing; install kmod (apt-get install kmod)"
    if ! out=$(modprobe "$drv" 2>&1); then
        die "cannot load kernel module $drv: ${out:-modprobe failed}; install the modules package of the running kernel ($(uname -r)) or choose another driver with DRIVER_OVERRIDE"
    fi
    [ -d "$PCI_DRIVERS/$drv" ] ||
        die "module $drv loaded but registers no PCI driver $drv; check DRIVER_OVERRIDE"
    if [ "$drv" = vfio-pci ] && [ ! -d /sys/module/vfio_iommu_type1 ]; then
        modprobe vfio_iommu_type1 2>/dev/null ||
            warn "could not load vfio_iommu_type1; vfio-pci users will fail to set up DMA"
    fi
}

sysfs_write() { # value file
    { printf '%s' "$1" > "$2"; } 2>/dev/null
}

last_kernel_msg() {
    dmesg 2>/dev/null | tail -n 1 | sed 's/^\[[^]]*\] *//' || true
}

# --- hugepages -------------------------------------------------------------------

hugetlbfs_mounts() {
    local dev mnt fstype _
    REPLY=
    while read -r dev mnt fstype _; do
        [ "$fstype" = hugetlbfs ] && REPLY="$REPLY $mnt"
    done < /proc/mounts
    REPLY=${REPLY# }
}

setup_hugepages() {
    local mem=${HUGEMEM:-2048} size_kb='' want cur got key val _
    [[ $mem =~ ^[0-9]+$ ]] || die "HUGEMEM='$mem' is not a number of MiB; use e.g. HUGEMEM=2048"
    if [ "$mem" -eq 0 ]; then
        say "hugepages: HUGEMEM=0, left as they are"
        return 0
    fi
    while read -r key val _; do
        [ "$key" = Hugepagesize: ] && size_kb=$val
    done < /proc/meminfo
    [ -n "$size_kb" ] ||
        die "the kernel has no hugepage support (no Hugepagesize in /proc/meminfo); use a kernel built with CONFIG_HUGETLBFS"
    want=$(( (mem * 1024 + size_kb - 1) / size_kb ))
    rd /proc/sys/vm/nr_hugepages; cur=$REPLY
    if [ "$cur" -lt "$want" ]; then
        sysfs_write "$want" /proc/sys/vm/nr_hugepages ||
            die "cannot write /proc/sys/vm/nr_hugepages; run as root, and not in a container that makes /proc/sys read-only"
        rd /proc/sys/vm/nr_hugepages; got=$REPLY
        if [ "$got" -lt "$want" ]; then
            # Hand back what this request took: a partial reservation serves
            # no one and starves everything else of memory.
            sysfs_write "$cur" /proc/sys/vm/nr_hugepages || true
            rd /proc/sys/vm/nr_hugepages
            die "only $got of $want ${size_kb} kB hugepages could be reserved (HUGEMEM=$mem MiB), so the $((got > cur ? got - cur : 0)) this request took were released (reserved now: $REPLY): memory is short or fragmented; lower HUGEMEM, free memory, or reserve them at boot with the kernel parameter hugepages=$want"
        fi
        say "hugepages: reserved $got x ${size_kb} kB ($((got * size_kb / 1024)) MiB)"
    else
        say "hugepages: $cur x ${size_kb} kB already reserved ($((cur * size_kb / 1024)) MiB >= HUGEMEM=$mem MiB)"
    fi
    hugetlbfs_mounts
    if [ -n "$REPLY" ]; then
        say "hugetlbfs: mounted on $REPLY"
    else
        mkdir -p /dev/hugepages
        mount -t hugetlbfs nodev /dev/hugepages ||
            die "cannot mount hugetlbfs on /dev/hugepages; check 'grep hugetlbfs /proc/filesystems'"
        say "hugetlbfs: mounted on /dev/hugepages"
    fi
}

# --- config / reset --------------------------------------------------------------

# Bind controller $1 to driver $2. Reports and counts failures, never exits.
bind_ctrl() {
    local bdf=$1 drv=$2 cur r group dev=$PCI_DEVICES/$1
    driver_of "$bdf"; cur=$REPLY
    if [ "$cur" = "$drv" ]; then
        say "$bdf: already bound to $drv"
        return 0
    fi
    find_in_use_reasons "$bdf" "$cur"
    if [ "${#REASONS[@]}" -gt 0 ]; then
        for r in "${REASONS[@]}"; do
            err "refusing $bdf: $r; or leave the controller out with PCI_BLOCKED=$bdf"
        done
        return 0
    fi
    if [ "$drv" = vfio-pci ]; then
        iommu_group_of "$bdf"; group=$REPLY
        if [ -z "$group" ]; then
            err "$bdf has no IOMMU group, so vfio-pci cannot take it: enable the IOMMU (VT-d/AMD-Vi in firmware, intel_iommu=on or amd_iommu=on) or use DRIVER_OVERRIDE=uio_pci_generic"
            return 0
        fi
        find_iommu_group_blockers "$bdf"
        if [ "${#BLOCKERS[@]}" -gt 0 ]; then
            err "$bdf shares IOMMU group $group with ${BLOCKERS[*]}, still bound to kernel drivers: unbind those too or move the card to another slot"
            return 0
        fi
    fi
    if [ -n "$cur" ]; then
        sysfs_write "$bdf" "$dev/driver/unbind" || {
            err "cannot unbind $bdf from $cur: $(last_kernel_msg); check that nothing uses it"
            return 0
        }
    fi
    sysfs_write "$drv" "$dev/driver_override" || {
        err "cannot set driver_override of $bdf: kernel too old (needs 3.16+) or not root"
        return 0
    }
    sysfs_write "$bdf" /sys/bus/pci/drivers_probe || true
    driver_of "$bdf"; cur=$REPLY
    if [ "$cur" != "$drv" ]; then
        err "$bdf did not bind to $drv (now: ${cur:-no driver}): $(last_kernel_msg); see dmesg"
        return 0
    fi
    case $drv in
        vfio-pci) say "$bdf: bound to vfio-pci (/dev/vfio/$group)" ;;
        uio_pci_generic)
            r=$(compgen -G "$dev/uio/uio*" || true)
            say "$bdf: bound to uio_pci_generic (/dev/${r##*/})" ;;
        *) say "$bdf: bound to $drv" ;;
    esac
}

do_config() {
    local drv bdf
    require_root config
    if [ -n "${TARGET_USER:-}" ]; then
        id -u "$TARGET_USER" >/dev/null 2>&1 ||
            die "TARGET_USER=$TARGET_USER is not a user on this machine; name an existing login"
    fi
    find_selected
    setup_hugepages
    if [ "${#SELECTED[@]}" -eq 0 ]; then
        if [ "${#BLOCKED[@]}" -gt 0 ]; then
            warn "every NVMe controller selected is in PCI_BLOCKED; nothing to bind"
        else
            warn "no NVMe controllers (PCI class $NVME_CLASS) found; nothing to bind"
        fi
        return 0
    fi
    if [ -n "${DRIVER_OVERRIDE:-}" ]; then
        normalize_driver "$DRIVER_OVERRIDE"; drv=$REPLY
    elif iommu_present; then
        drv=vfio-pci
    else
        drv=uio_pci_generic
    fi
    ensure_driver "$drv"
    for bdf in "${SELECTED[@]}"; do
        bind_ctrl "$bdf" "$drv"
    done
    [ -z "${TARGET_USER:-}" ] || grant_user "$TARGET_USER"
}

# --- TARGET_USER ----------------------------------------------------------------------

# Locked-memory limit (KiB or "unlimited") a login of user $1 gets, in REPLY.
memlock_of() {
    REPLY=$(runuser -u "$1" -- sh -c 'ulimit -l' 2>/dev/null ||
            su -s /bin/sh -c 'ulimit -l' "$1" 2>/dev/null) || REPLY=
}

# Let user $1 use the selected controllers and the hugepages without root.
grant_user() {
    local user=$1 bdf mnt size_kb='' nr key val _ need_kb
    for bdf in "${SELECTED[@]}"; do
        driver_of "$bdf"
        case $REPLY in
            vfio-pci)
                iommu_group_of "$bdf"
                if chown "$user" "/dev/vfio/$REPLY" 2>/dev/null; then
                    say "$bdf: /dev/vfio/$REPLY now belongs to $user"
                else
                    err "cannot chown /dev/vfio/$REPLY to $user; check that /dev is writable"
                fi ;;
            uio_pci_generic)
                err "TARGET_USER: $bdf is on uio_pci_generic, which only root can use (DPDK needs physical addresses): enable the IOMMU so that $SELF binds vfio-pci, or run ealnvme as root" ;;
        esac
    done
    hugetlbfs_mounts
    for mnt in $REPLY; do
        if chown "$user" "$mnt"; then
            say "hugetlbfs: $mnt now belongs to $user"
        else
            err "cannot chown $mnt to $user"
        fi
    done
    # VFIO pins DMA memory against RLIMIT_MEMLOCK for users without
    # CAP_IPC_LOCK: the user may pin every reserved hugepage.
    while read -r key val _; do
        [ "$key" = Hugepagesize: ] && size_kb=$val
    done < /proc/meminfo
    rd /proc/sys/vm/nr_hugepages; nr=${REPLY:-0}
    need_kb=$((nr * ${size_kb:-0}))
    memlock_of "$user"
    if [ -z "$REPLY" ]; then
        warn "could not read the locked-memory limit of $user (no runuser or su); it must be at least $((need_kb / 1024)) MiB"
    elif [ "$REPLY" != unlimited ] && [ "$REPLY" -lt "$need_kb" ]; then
        err "the locked-memory limit of $user is $REPLY KiB, below the $((need_kb / 1024)) MiB of hugepages VFIO pins: add the line '$user - memlock unlimited' to /etc/security/limits.d/ealnvme.conf and log in again (or run 'ulimit -l unlimited' in a root shell before switching to $user)"
    else
        say "$user: locked-memory limit $REPLY (KiB) covers the $((need_kb / 1024)) MiB of hugepages"
    fi
}

# --- cleanup -------------------------------------------------------------------------

# INUSE[path]=1 for every file under the directories $@ that a process has
# open or mapped (one grep and one find: under emulation each exec is slow).
find_in_use_files() {
    local p
    local -a pat=()
    declare -gA INUSE=()
    for p in "$@"; do pat+=(-e "$p/"); done
    while IFS= read -r p; do
        [ -n "$p" ] && INUSE[$p]=1
    done <<< "$( { grep -hoE '[[:space:]]/[^[:space:]].*$' /proc/[0-9]*/maps 2>/dev/null | sed 's/^[[:space:]]*//'
                  find /proc/[0-9]*/fd -mindepth 1 -maxdepth 1 -printf '%l\n' 2>/dev/null
                } | grep -F "${pat[@]}" || true)"
    return 0    # the loop's status is its last test's: not an error
}

# STALE[pid]=BDF for each device lock (/var/tmp/spdk_pci_lock_BDF, SPDK's
# and ealnvme's) that records a process no longer running: its controller
# may still be enabled, and under uio_pci_generic (IOVA = physical address)
# still write into that process's hugepages until something resets it.
stale_lock_pids() {
    local f pid
    declare -gA STALE=()
    for f in /var/tmp/spdk_pci_lock_*; do
        [ -f "$f" ] || continue
        pid=$(od -An -td4 -N4 "$f" 2>/dev/null | tr -d ' ')
        [ -n "$pid" ] && [ "$pid" -gt 0 ] 2>/dev/null || continue
        kill -0 "$pid" 2>/dev/null && continue
        STALE[$pid]=${f#/var/tmp/spdk_pci_lock_}
    done
}

# True (and said once per process) when hugepage file $1 belongs to such a
# dead owner ("<prefix>pid<PID>map_<n>", as ealnvme's and SPDK's prefixes).
kept_for_stale_owner() {
    local name=${1##*/} pid
    [[ $name =~ pid([0-9]+)map_ ]] || return 1
    pid=${BASH_REMATCH[1]}
    [ -n "${STALE[$pid]:-}" ] || return 1
    if [ -z "${STALE_SAID[$pid]:-}" ]; then
        STALE_SAID[$pid]=1
        say "cleanup: keeping the hugepage files of dead process $pid: its controller ${STALE[$pid]} may still write into them; attach it once (or '$SELF reset') first"
    fi
    return 0
}

do_cleanup() {
    declare -gA STALE_SAID=()
    local mnt f d files=0 kb=0 dirs=0 size
    local -a rundirs=()
    require_root cleanup
    # Real paths: /proc shows /run/dpdk for /var/run/dpdk.
    for d in /var/run/dpdk/* /run/user/[0-9]*/dpdk/*; do
        [ -d "$d" ] && rundirs+=("$(cd -P "$d" && pwd)")
    done
    hugetlbfs_mounts
    # shellcheck disable=SC2086
    find_in_use_files $REPLY ${rundirs[@]+"${rundirs[@]}"}
    stale_lock_pids
    for mnt in $REPLY; do
        for f in "$mnt"/*; do
            [ -f "$f" ] && [ -z "${INUSE[$f]:-}" ] || continue
            if kept_for_stale_owner "$f"; then
                continue
            fi
            size=$(stat -c %s "$f" 2>/dev/null || echo 0)
            if rm -f "$f"; then
                files=$((files + 1))
                kb=$((kb + size / 1024))
            else
                err "cannot remove $f"
            fi
        done
    done
    # DPDK's runtime directories: a live primary keeps <dir>/config mapped.
    for d in ${rundirs[@]+"${rundirs[@]}"}; do
        [ -n "${INUSE[$d/config]:-}" ] && continue
        [ -e "$d/config" ] || [ -z "$(ls -A "$d")" ] || continue
        if rm -rf "$d"; then dirs=$((dirs + 1)); else err "cannot remove $d"; fi
    done
    say "cleanup: removed $files hugepage file(s) ($((kb / 1024)) MiB) and $dirs DPDK runtime dir(s) that no running process uses"
}

# Wait for the nvme driver to bring the controller of $1 live; its name in REPLY.
wait_live() {
    local bdf=$1 limit=${RESET_WAIT:-15} i c
    [[ $limit =~ ^[0-9]+$ ]] || limit=15
    for ((i = 0; i <= limit * 5; i++)); do
        for c in "$PCI_DEVICES/$bdf"/nvme/nvme*; do
            rd "$c/state"
            if [ "$REPLY" = live ]; then
                REPLY=${c##*/}
                return 0
            fi
        done
        sleep 0.2
    done
    return 1
}

do_reset() {
    local bdf cur dev r
    require_root reset
    find_selected
    if [ "${#SELECTED[@]}" -eq 0 ]; then
        if [ "${#BLOCKED[@]}" -gt 0 ]; then
            warn "every NVMe controller selected is in PCI_BLOCKED; nothing to reset"
        else
            warn "no NVMe controllers (PCI class $NVME_CLASS) found; nothing to reset"
        fi
        return 0
    fi
    ensure_driver nvme
    for bdf in "${SELECTED[@]}"; do
        dev=$PCI_DEVICES/$bdf
        driver_of "$bdf"; cur=$REPLY
        if [ "$cur" = nvme ]; then
            say "$bdf: already bound to nvme"
            continue
        fi
        if [ -n "$cur" ]; then
            find_in_use_reasons "$bdf" "$cur"
            if [ "${#REASONS[@]}" -gt 0 ]; then
                for r in "${REASONS[@]}"; do
                    err "not resetting $bdf: $r; or leave the controller out with PCI_BLOCKED=$bdf"
                done
                continue
            fi
            sysfs_write "$bdf" "$dev/driver/unbind" || {
                err "cannot unbind $bdf from $cur: $(last_kernel_msg); see dmesg"
                continue
            }
        fi
        # A lone newline clears driver_override.
        sysfs_write $'\n' "$dev/driver_override" || true
        sysfs_write "$bdf" /sys/bus/pci/drivers_probe || true
        driver_of "$bdf"; cur=$REPLY
        if [ "$cur" != nvme ]; then
            err "$bdf did not return to nvme (now: ${cur:-no driver}): $(last_kernel_msg); see dmesg"
            continue
        fi
        if wait_live "$bdf"; then
            say "$bdf: bound to nvme ($REPLY)"
        else
            err "$bdf is bound to nvme but its controller did not come live within ${RESET_WAIT:-15}s; see dmesg"
        fi
    done
}

# --- status ------------------------------------------------------------------------

do_status() {
    local bdf dev node drv disks vid did fmt n d size total free ngroups label note w=12
    local -a nodes groups
    find_blocked
    find_all_nvme
    # A domain above ffff (VMD) makes the address longer: widen, never cut.
    for bdf in ${ALL_NVME[@]+"${ALL_NVME[@]}"}; do
        [ "${#bdf}" -le "$w" ] || w=${#bdf}
    done
    fmt="%-${w}s %-10s %-5s %-16s %s%s\n"
    # shellcheck disable=SC2059
    printf "$fmt" BDF VID:DID NUMA DRIVER "BLOCK DEVICES" ""
    for bdf in ${ALL_NVME[@]+"${ALL_NVME[@]}"}; do
        dev=$PCI_DEVICES/$bdf
        rd "$dev/numa_node"; node=$REPLY
        [[ $node =~ ^[0-9]+$ ]] || node=-
        rd "$dev/vendor"; vid=${REPLY#0x}
        rd "$dev/device"; did=${REPLY#0x}
        driver_of "$bdf"; drv=${REPLY:-none}
        if [ "$drv" = vfio-pci ]; then
            iommu_group_of "$bdf"
            drv="$drv (grp $REPLY)"
        fi
        find_disks "$bdf"
        disks=${DISKS[*]/#/\/dev\/}
        note=
        is_blocked "$bdf" && note="  [blocked: PCI_BLOCKED, config/reset leave it alone]"
        # shellcheck disable=SC2059
        printf "$fmt" "$bdf" "$vid:$did" "$node" "$drv" "${disks:--}" "$note"
    done
    [ "${#ALL_NVME[@]}" -gt 0 ] ||
        say "(no NVMe controllers: no PCI device of class $NVME_CLASS)"
    say ""
    groups=(/sys/kernel/iommu_groups/*)
    ngroups=0
    [ -e "${groups[0]}" ] && ngroups=${#groups[@]}
    if [ "$ngroups" -gt 0 ]; then
        say "IOMMU: on ($ngroups groups): config binds to vfio-pci"
    else
        say "IOMMU: off: config binds to uio_pci_generic"
    fi
    say ""
    fmt='%-6s %-10s %8s %8s\n'
    # shellcheck disable=SC2059
    printf "$fmt" NODE PAGESIZE TOTAL FREE
    nodes=(/sys/devices/system/node/node[0-9]*)
    [ -e "${nodes[0]}" ] || nodes=(/sys/kernel/mm)
    for n in "${nodes[@]}"; do
        for d in "$n"/hugepages/hugepages-*; do
            [ -d "$d" ] || continue
            size=${d##*hugepages-}
            rd "$d/nr_hugepages"; total=$REPLY
            rd "$d/free_hugepages"; free=$REPLY
            case $n in */node[0-9]*) label=${n##*/node} ;; *) label=- ;; esac
            # shellcheck disable=SC2059
            printf "$fmt" "$label" "$size" "$total" "$free"
        done
    done
    hugetlbfs_mounts
    say "hugetlbfs: ${REPLY:-not mounted}"
}

# --- main --------------------------------------------------------------------------

cmd=${1:-config}
[ $# -le 1 ] || die "too many arguments; usage: $SELF [config|reset|status|cleanup|help]"
case $cmd in
    config) do_config ;;
    reset) do_reset ;;
    status) do_status ;;
    help|-h|--help) usage; exit 0 ;;
    cleanup) do_cleanup ;;
    *) die "unknown command '$cmd'; usage: $SELF [config|reset|status|cleanup|help]" ;;
esac

if [ "$failures" -gt 0 ]; then
    printf '%s: %d problem(s), see above\n' "$PROG" "$failures" >&2
    exit 1
fi
