# shellcheck shell=bash
# Guest-side helpers for NVMe/TCP tests and benchmarks: the Linux kernel
# NVMe-oF target (nvmet, nvmet-tcp, configured through configfs) and the
# kernel's own NVMe/TCP initiator (nvme-tcp, driven by nvme-cli).  Sourced
# in the guest half of a test (test/vm/test_*.sh --guest) or of a bench;
# defines functions and variables only.  On failure a function returns
# non-zero and prints an 'nvmet.sh: ...' line on stderr that says what failed
# (nvmet_host_ctrl, a lookup, is quiet).  The target-side functions record
# what they make for nvmet_teardown: call them in the test's own shell, not
# in $(...).
#
# Target:
#   nvmet_load_modules        nvmet, nvmet-tcp, crc32c_generic (digests),
#                             null_blk (nr_devices=0), loop, and the initiator
#                             nvme-tcp (with nvme-fabrics); configfs; lo up
#   nvmet_backing_dev KIND NAME SIZE_MB
#                             make a block device, its path in NVMET_DEV (not
#                             printed, see above). KIND:
#                             ram  null_blk with memory_backed=1 (keeps data)
#                             null null_blk, data not kept (no storage cost)
#                             loop a loop device on a file in /var/tmp
#   nvmet_subsys_create NQN NS_COUNT SIZE_MB [KIND]
#                             subsystem, allow_any_host, namespaces 1..NS_COUNT
#                             each on its own SIZE_MB device (KIND, default ram);
#                             NVMET_NS_DEV[NQN/NSID] holds each device
#   nvmet_port_create PORTID [TRSVCID] [TRADDR]
#                             TCP port (default $NVMET_TRSVCID, $NVMET_TRADDR);
#                             IPv6 when TRADDR has a ':' (e.g. ::1)
#   nvmet_port_link PORTID NQN    export NQN on the port (the "bring back")
#   nvmet_port_unlink PORTID NQN  stop exporting it: the target drops the
#                             subsystem's controllers on that port at once
#                             (the "target torn down under load")
#   nvmet_port_subsystems PORTID  the NQNs the port exports, one a line
#   nvmet_setup_default [KIND] [SIZE_MB]
#                             all of the above: $NVMET_NQN1 with 2 namespaces and
#                             $NVMET_NQN2 with 1 (SIZE_MB each, default 64, KIND
#                             default ram) on port 1, $NVMET_TRADDR:$NVMET_TRSVCID
#   nvmet_teardown            disconnect our kernel-host controllers, unlink and
#                             remove every port, subsystem, namespace and device
#   nvmet_trid NQN [TRSVCID] [TRADDR]
#                             the ealnvme/SPDK transport ID string for NQN
#   nvmet_lo_rps MASK         loopback receive work (so the target's) on the
#                             CPUs of MASK (hex), away from the initiator's
#
# Kernel initiator (nvme-tcp; nvme-cli runs from the host's root over 9p):
#   nvmet_host_connect NQN [nvme connect options...]
#                             nvme connect -t tcp to NQN at $NVMET_TRADDR
#                             $NVMET_TRSVCID (set them on the call for another
#                             port); prints the controller (nvmeN) once live
#   nvmet_host_ctrl NQN       the live-or-not kernel controller of NQN (nvmeN)
#   nvmet_host_wait_state CTRL STATE SECS
#                             wait until /sys/class/nvme/CTRL/state is STATE
#   nvmet_host_blockdev NQN [NSID] [SECS]
#                             /dev/nvmeXnY of namespace NSID (default 1) of NQN
#   nvmet_host_failfast CTRL [SECS]
#                             fast_io_fail_tmo: I/O fails SECS (default 1) after
#                             the connection drops instead of waiting for the
#                             reconnect (nvme-cli 2.3 has no option for it)
#   nvmet_host_disconnect NQN nvme disconnect -n NQN
#
# Variables (set before sourcing or before the call to change them):
#   NVMET_TRADDR (127.0.0.1), NVMET_TRSVCID (4420), NVMET_NQN1, NVMET_NQN2,
#   NVMET_DISC_NQN (the well-known discovery NQN, always served by nvmet on
#   every port), NVMET_CFS (/sys/kernel/config/nvmet).

NVMET_TRADDR=${NVMET_TRADDR:-127.0.0.1}
NVMET_TRSVCID=${NVMET_TRSVCID:-4420}
NVMET_NQN1=${NVMET_NQN1:-nqn.2026-12.io.ealnvme:nvmet-1}
NVMET_NQN2=${NVMET_NQN2:-nqn.2026-12.io.ealnvme:nvmet-2}
# shellcheck disable=SC2034  # for the scripts that source this file
NVMET_DISC_NQN=nqn.2014-08.org.nvmexpress.discovery
NVMET_CFS=/sys/kernel/config/nvmet
NVMET_NULLB_CFS=/sys/kernel/config/nullb
declare -gA NVMET_NS_DEV=()
NVMET_DEV=
NVMET_CREATED_NULLB=()
NVMET_CREATED_LOOPS=()
NVMET_CREATED_SUBSYS=()
NVMET_CREATED_PORTS=()

nvmet_err() { echo "nvmet.sh: $*" >&2; return 1; }

# nvmet_wait_for SECS CMD...: poll CMD every 0.1 s for SECS seconds.
nvmet_wait_for() {
    local n=$(( $1 * 10 ))
    shift
    while [ "$n" -gt 0 ]; do
        "$@" && return 0
        sleep 0.1
        n=$((n - 1))
    done
    "$@"
}

nvmet_load_modules() {
    local m
    # One modprobe for all (each exec costs in the guest); one by one only to
    # say which is missing.  crc32c_generic: nvmet-tcp asks the crypto API
    # for crc32c only when a host wants digests, and the guest cannot autoload
    # it then.  nvme-tcp: the kernel initiator (nvme discover/connect need
    # /dev/nvme-fabrics, which comes with it).
    if ! modprobe -a nvmet nvmet-tcp crc32c_generic loop nvme-tcp 2>/dev/null; then
        for m in nvmet nvmet-tcp; do
            modprobe "$m" ||
                nvmet_err "modprobe $m failed: the guest kernel needs CONFIG_NVME_TARGET(_TCP)=m" || return 1
        done
        modprobe crc32c_generic || nvmet_err "modprobe crc32c_generic failed: digests will be refused"
        modprobe loop || nvmet_err "modprobe loop failed: no loop namespaces"
        modprobe nvme-tcp || nvmet_err "modprobe nvme-tcp failed: no kernel NVMe/TCP initiator"
    fi
    # nr_devices=0: devices are made through configfs, each with its own size.
    modprobe null_blk nr_devices=0 || nvmet_err "modprobe null_blk failed: no ram/null namespaces"
    if [ ! -d "$NVMET_CFS" ]; then
        mount -t configfs none /sys/kernel/config 2>/dev/null
        [ -d "$NVMET_CFS" ] || nvmet_err "no $NVMET_CFS: configfs not mounted?" || return 1
    fi
    ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up 2>/dev/null ||
        nvmet_err "cannot bring lo up" || return 1
    return 0
}

nvmet_backing_dev() {
    local kind=$1 name=$2 size=$3 d idx img dev
    case $kind in
        ram|null)
            [ -d "$NVMET_NULLB_CFS" ] || modprobe null_blk nr_devices=0 2>/dev/null
            d=$NVMET_NULLB_CFS/$name
            mkdir "$d" 2>/dev/null || nvmet_err "cannot create null_blk $d (null_blk loaded?)" || return 1
            NVMET_CREATED_NULLB+=("$name")
            {
                echo "$size" > "$d/size" &&
                if [ "$kind" = ram ]; then echo 1 > "$d/memory_backed"; else :; fi &&
                echo 1 > "$d/power"
            } 2>/dev/null || nvmet_err "cannot configure null_blk $d" || return 1
            # Since Linux 6.0 the disk takes the configfs item's name; before, nullb<index>.
            read -r idx < "$d/index" || return 1
            dev=/dev/$name
            [ -e "/sys/block/$name" ] || dev=/dev/nullb$idx ;;
        loop)
            img=/var/tmp/nvmet-$name.img
            truncate -s "${size}M" "$img" || nvmet_err "cannot create $img" || return 1
            dev=$(losetup -f --show "$img") || nvmet_err "losetup on $img failed" || return 1
            NVMET_CREATED_LOOPS+=("$dev") ;;
        *) nvmet_err "nvmet_backing_dev: unknown kind '$kind' (ram, null, loop)"; return 1 ;;
    esac
    nvmet_wait_for 5 test -b "$dev" || nvmet_err "$dev did not appear" || return 1
    NVMET_DEV=$dev
}

nvmet_subsys_create() {
    local nqn=$1 count=$2 size=$3 kind=${4:-ram} s nsid dev
    s=$NVMET_CFS/subsystems/$nqn
    mkdir "$s" || nvmet_err "cannot create subsystem $nqn (nvmet loaded? name taken?)" || return 1
    NVMET_CREATED_SUBSYS+=("$nqn")
    echo 1 > "$s/attr_allow_any_host" || return 1
    for ((nsid = 1; nsid <= count; nsid++)); do
        nvmet_backing_dev "$kind" "${nqn##*:}-ns$nsid" "$size" || return 1
        dev=$NVMET_DEV
        mkdir "$s/namespaces/$nsid" &&
            echo -n "$dev" > "$s/namespaces/$nsid/device_path" &&
            echo 1 > "$s/namespaces/$nsid/enable" ||
            nvmet_err "cannot enable namespace $nsid of $nqn on $dev" || return 1
        NVMET_NS_DEV[$nqn/$nsid]=$dev
    done
}

nvmet_port_create() {
    local id=$1 svc=${2:-$NVMET_TRSVCID} addr=${3:-$NVMET_TRADDR} p fam=ipv4
    [[ $addr == *:* ]] && fam=ipv6
    p=$NVMET_CFS/ports/$id
    mkdir "$p" || nvmet_err "cannot create port $id" || return 1
    NVMET_CREATED_PORTS+=("$id")
    {
        echo tcp > "$p/addr_trtype" && echo "$fam" > "$p/addr_adrfam" &&
            echo "$addr" > "$p/addr_traddr" && echo "$svc" > "$p/addr_trsvcid"
    } || nvmet_err "cannot configure port $id as tcp $addr:$svc" || return 1
}

nvmet_port_link() {
    ln -s "$NVMET_CFS/subsystems/$2" "$NVMET_CFS/ports/$1/subsystems/$2" ||
        nvmet_err "cannot export $2 on port $1 (the port listens once its first subsystem is linked: address in use?)"
}

nvmet_port_unlink() {
    rm "$NVMET_CFS/ports/$1/subsystems/$2" || nvmet_err "$2 was not exported on port $1"
}

nvmet_port_subsystems() {
    local l
    for l in "$NVMET_CFS/ports/$1/subsystems"/*; do
        [ -L "$l" ] && echo "${l##*/}"
    done
    return 0
}

nvmet_setup_default() {
    local kind=${1:-ram} size=${2:-64}
    nvmet_load_modules &&
        nvmet_subsys_create "$NVMET_NQN1" 2 "$size" "$kind" &&
        nvmet_subsys_create "$NVMET_NQN2" 1 "$size" "$kind" &&
        nvmet_port_create 1 &&
        nvmet_port_link 1 "$NVMET_NQN1" &&
        nvmet_port_link 1 "$NVMET_NQN2"
}

nvmet_teardown() {
    local rc=0 nqn p l ns name dev
    for nqn in "${NVMET_CREATED_SUBSYS[@]}"; do
        [ -n "$(nvmet_host_ctrl "$nqn")" ] && { nvmet_host_disconnect "$nqn" > /dev/null || rc=1; }
    done
    for p in "${NVMET_CREATED_PORTS[@]}"; do
        for l in "$NVMET_CFS/ports/$p/subsystems"/*; do
            [ -L "$l" ] && { rm "$l" || rc=1; }
        done
        rmdir "$NVMET_CFS/ports/$p" || rc=1
    done
    for nqn in "${NVMET_CREATED_SUBSYS[@]}"; do
        for ns in "$NVMET_CFS/subsystems/$nqn/namespaces"/*; do
            [ -d "$ns" ] || continue
            echo 0 > "$ns/enable"
            rmdir "$ns" || rc=1
        done
        rmdir "$NVMET_CFS/subsystems/$nqn" || rc=1
    done
    for name in "${NVMET_CREATED_NULLB[@]}"; do
        echo 0 > "$NVMET_NULLB_CFS/$name/power" 2>/dev/null
        rmdir "$NVMET_NULLB_CFS/$name" || rc=1
    done
    for dev in "${NVMET_CREATED_LOOPS[@]}"; do
        losetup -d "$dev" || rc=1
    done
    rm -f /var/tmp/nvmet-*.img
    NVMET_CREATED_PORTS=() NVMET_CREATED_SUBSYS=() NVMET_CREATED_NULLB=() NVMET_CREATED_LOOPS=()
    # shellcheck disable=SC2034  # read by the scripts that source this file
    NVMET_NS_DEV=()
    [ "$rc" -eq 0 ] || nvmet_err "teardown left something behind (see the messages above)"
}

# Loopback traffic is received on the sending CPU, so without this the target
# runs on the initiator's CPU.  RPS moves lo's receive processing, and with it
# nvmet-tcp's work (queued on the socket's incoming CPU), to the CPUs of MASK
# (hex, e.g. 2 for CPU 1); 0 turns it off.
nvmet_lo_rps() {
    echo "$1" > /sys/class/net/lo/queues/rx-0/rps_cpus ||
        nvmet_err "cannot set lo's rps_cpus to $1 (CONFIG_RPS?)"
}

nvmet_trid() {
    local addr=${3:-$NVMET_TRADDR} fam=IPv4
    [[ $addr == *:* ]] && fam=IPv6
    echo "trtype:TCP adrfam:$fam traddr:$addr trsvcid:${2:-$NVMET_TRSVCID} subnqn:$1"
}

# ---- kernel initiator ---------------------------------------------------------

nvmet_host_ctrl() {
    local c t n
    for c in /sys/class/nvme/nvme*; do
        { read -r t < "$c/transport" && read -r n < "$c/subsysnqn"; } 2>/dev/null || continue
        [ "$t" = tcp ] && [ "$n" = "$1" ] && { echo "${c##*/}"; return 0; }
    done
    return 1
}

nvmet_host_state_is() { local s; read -r s < "/sys/class/nvme/$1/state" 2>/dev/null && [ "$s" = "$2" ]; }

nvmet_host_wait_state() {
    nvmet_wait_for "$3" nvmet_host_state_is "$1" "$2" ||
        nvmet_err "$1 is '$(cat "/sys/class/nvme/$1/state" 2>/dev/null)', not '$2', after $3 s"
}

nvmet_host_connect() {
    local nqn=$1 c
    shift
    modprobe nvme-tcp || nvmet_err "modprobe nvme-tcp failed: no kernel NVMe/TCP initiator" || return 1
    nvme connect -t tcp -a "$NVMET_TRADDR" -s "$NVMET_TRSVCID" -n "$nqn" "$@" > /dev/null ||
        nvmet_err "nvme connect -t tcp -a $NVMET_TRADDR -s $NVMET_TRSVCID -n $nqn failed" || return 1
    c=$(nvmet_wait_for 10 nvmet_host_ctrl "$nqn") ||
        nvmet_err "nvme connect to $nqn succeeded but no controller shows in /sys/class/nvme" || return 1
    nvmet_host_wait_state "$c" live 10 || return 1
    echo "$c"
}

# With native multipath (Debian's default) the block device is the subsystem's
# head, nvme<subsys>n<nsid>; its 'device' is then the nvme-subsystem, which
# has subsysnqn like a controller.  The hidden per-path nodes (nvmeXcYnZ) are
# skipped.
nvmet_host_find_blockdev() {
    local b n id
    for b in /sys/block/nvme*n*; do
        case ${b##*/} in nvme*c*n*) continue ;; esac
        { read -r n < "$b/device/subsysnqn" && read -r id < "$b/nsid"; } 2>/dev/null || continue
        [ "$n" = "$1" ] && [ "$id" = "$2" ] && [ -b "/dev/${b##*/}" ] && { echo "/dev/${b##*/}"; return 0; }
    done
    return 1
}

nvmet_host_blockdev() {
    nvmet_wait_for "${3:-10}" nvmet_host_find_blockdev "$1" "${2:-1}" ||
        nvmet_err "no block device for namespace ${2:-1} of $1"
}

nvmet_host_failfast() {
    local f=/sys/class/nvme/$1/fast_io_fail_tmo
    [ -w "$f" ] || nvmet_err "$f is missing: I/O will wait for ctrl_loss_tmo" || return 1
    echo "${2:-1}" > "$f"
}

nvmet_host_disconnect() {
    nvme disconnect -n "$1" > /dev/null || nvmet_err "nvme disconnect -n $1 failed"
}
