#!/usr/bin/env bash
# The NVMe/TCP guest infrastructure (test/vm/apps/nvmet.sh) against the Linux
# kernel itself, no ealnvme code involved: proves what the TCP tests and the
# TCP bench build on.  One guest (no NVMe device) sets up the kernel target
# (nvmet_setup_default: two subsystems on RAM namespaces, one TCP port on
# 127.0.0.1:4420) and drives it with the kernel's nvme-tcp initiator through
# nvme-cli:
#   - the port exports both subsystems, and the discovery controller lists both;
#   - nvme connect gives block devices of the configured size and a controller
#     whose id-ctrl subnqn is the subsystem's;
#   - data written through the initiator is in the RAM namespace;
#   - unlinking the subsystem from the port under fio load ends the load with
#     an error within seconds, later reads fail, discovery no longer lists it;
#   - re-linking brings the same controller back live with the same data;
#   - a second port (IPv6, [::1]:4421) exports only the second subsystem, and
#     the kernel host reads from it with header and data digests;
#   - disconnect and nvmet_teardown leave nothing behind.
#
#   test/vm/test_nvmet_infra.sh        (host; boots one guest)
# Prints 'ok - ...' per assertion and 'test_nvmet_infra: N passed, M failed'.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/vm/apps/vmtest.sh
. "$HERE/apps/vmtest.sh"
# shellcheck source=test/vm/apps/nvmet.sh
. "$HERE/apps/nvmet.sh"
SIZE_MB=64

# ---- guest half: test_nvmet_infra.sh --guest ----------------------------------
fact() { echo "$1=$2" >> "$EALNVME_OUT/facts.txt"; }
ms_since() { echo $(( (${EPOCHREALTIME/./} - ${1/./}) / 1000 )); }

guest() {
    local o=$EALNVME_OUT t ctrl dev1 dev2 pid
    cd "$o" || exit 1
    : > facts.txt
    t=$EPOCHREALTIME
    nvmet_setup_default ram "$SIZE_MB" 2> setup.err
    fact setup_rc $?
    fact setup_ms "$(ms_since "$t")"
    nvmet_port_subsystems 1 > exported.txt
    nvme discover -t tcp -a "$NVMET_TRADDR" -s "$NVMET_TRSVCID" -o json > discover.json 2> discover.err
    fact discover_rc $?

    t=$EPOCHREALTIME
    ctrl=$(nvmet_host_connect "$NVMET_NQN1" --reconnect-delay=1 --ctrl-loss-tmo=120 2> host.err)
    fact connect_rc $?
    fact connect_ms "$(ms_since "$t")"
    fact ctrl "$ctrl"
    nvmet_host_failfast "$ctrl" 1 2>> host.err
    fact failfast_rc $?
    dev1=$(nvmet_host_blockdev "$NVMET_NQN1" 1 2>> host.err)
    dev2=$(nvmet_host_blockdev "$NVMET_NQN1" 2 2>> host.err)
    fact dev1 "$dev1"
    fact ns1_bytes "$(blockdev --getsize64 "$dev1" 2>> host.err)"
    fact ns2_bytes "$(blockdev --getsize64 "$dev2" 2>> host.err)"
    nvme id-ctrl "/dev/$ctrl" -o json > id-ctrl.json 2> id-ctrl.err
    fact idctrl_rc $?

    # Through the kernel initiator into the RAM namespace, read back directly.
    head -c 1048576 /dev/urandom > /tmp/pattern
    dd if=/tmp/pattern of="$dev1" bs=64k seek=16 oflag=direct 2>> host.err
    fact write_rc $?
    dd if="${NVMET_NS_DEV[$NVMET_NQN1/1]:-/dev/missing}" bs=64k skip=16 count=16 iflag=direct 2>/dev/null |
        cmp - /tmp/pattern > cmp_backing.out 2>&1
    fact cmp_backing_rc $?

    # Torn down under load.
    fio --name=load --filename="$dev1" --ioengine=io_uring --direct=1 --rw=randread --bs=4k \
        --iodepth=8 --time_based=1 --runtime=60 --output-format=json > load.json 2> load.err &
    pid=$!
    sleep 3
    t=$EPOCHREALTIME
    nvmet_port_unlink 1 "$NVMET_NQN1" 2>> host.err
    fact unlink_rc $?
    wait "$pid"
    fact load_rc $?
    fact load_end_ms "$(ms_since "$t")"
    timeout 30 dd if="$dev1" of=/dev/null bs=4k count=1 iflag=direct 2> down_read.err
    fact down_read_rc $?
    fact down_state "$(cat "/sys/class/nvme/$ctrl/state" 2>&1)"
    nvme discover -t tcp -a "$NVMET_TRADDR" -s "$NVMET_TRSVCID" -o json > discover_down.json 2>> discover.err
    fact discover_down_rc $?

    # Brought back: the kernel reconnects by itself (reconnect_delay 1 s).
    t=$EPOCHREALTIME
    nvmet_port_link 1 "$NVMET_NQN1" 2>> host.err
    fact relink_rc $?
    nvmet_host_wait_state "$ctrl" live 30 2>> host.err
    fact relive_rc $?
    fact relive_ms "$(ms_since "$t")"
    timeout 30 dd if="$dev1" bs=64k skip=16 count=16 iflag=direct 2> up_read.err | cmp - /tmp/pattern > cmp_up.out 2>&1
    fact up_cmp_rc $?

    nvmet_host_disconnect "$NVMET_NQN1" 2>> host.err
    fact disconnect_rc $?
    nvmet_host_ctrl "$NVMET_NQN1" > /dev/null
    fact ctrl_after_disconnect_rc $?
    # A second port, IPv6, port 4421, exporting only NQN2; the kernel host
    # connects to it with header and data digests (needs crc32c in the guest).
    { nvmet_port_create 2 4421 ::1 && nvmet_port_link 2 "$NVMET_NQN2"; } 2>> host.err
    fact port2_rc $?
    nvme discover -t tcp -a ::1 -s 4421 -o json > discover_v6.json 2>> discover.err
    fact discover_v6_rc $?
    ctrl=$(NVMET_TRADDR=::1 NVMET_TRSVCID=4421 nvmet_host_connect "$NVMET_NQN2" \
        --hdr-digest --data-digest 2>> host.err)
    fact digest_connect_rc $?
    fact digest_addr "$(cat "/sys/class/nvme/$ctrl/address" 2>&1)"
    dev2=$(nvmet_host_blockdev "$NVMET_NQN2" 1 2>> host.err)
    dd if="$dev2" of=/dev/null bs=64k count=64 iflag=direct 2>> host.err
    fact digest_read_rc $?
    nvmet_host_disconnect "$NVMET_NQN2" 2>> host.err
    fact digest_disconnect_rc $?

    nvmet_teardown 2> teardown.err
    fact teardown_rc $?
    for t in "$NVMET_CFS/subsystems"/* "$NVMET_CFS/ports"/* "$NVMET_NULLB_CFS"/*; do
        [ -d "$t" ] && echo "$t"	# nullb/features is a file
    done > configfs_after.txt
    dmesg | grep -E 'nvme|nvmet|null_blk' > dmesg.out 2>&1
    exit 0
}

if [ "${1:-}" = --guest ]; then
    guest
fi

# ---- host half -------------------------------------------------------------------
vmt_init test_nvmet_infra
vmt_need_tools nvme fio jq
vmt_boot infra --no-nvme -- "$HERE/test_nvmet_infra.sh" --guest
o=$VMT_DIR/infra
f() { sed -n "s/^$1=//p" "$o/facts.txt" 2>/dev/null | tail -n 1; }
# subnqns NQN-LIST-FILE: the subsystem NQNs of an 'nvme discover -o json' output.
subnqns() { jq -r '.. | objects | select(has("subnqn")) | .subnqn' "$1" 2>/dev/null | sort -u; }
# shellcheck disable=SC2317  # called through vmt_check
lacks_line() { ! grep -qxF -- "$2" "$1"; }
has_line() { grep -qxF -- "$2" "$1"; }

vmt_expect_eq "guest ran the test" "$VMT_RC" 0
vmt_log "target setup $(f setup_ms) ms, kernel connect $(f connect_ms) ms, back live $(f relive_ms) ms after re-link"
vmt_expect_eq "nvmet_setup_default: modules, 2 subsystems, port 1" "$(f setup_rc)" 0
vmt_check "port 1 exports $NVMET_NQN1" has_line "$o/exported.txt" "$NVMET_NQN1"
vmt_check "port 1 exports $NVMET_NQN2" has_line "$o/exported.txt" "$NVMET_NQN2"
vmt_expect_eq "nvme discover through the discovery controller" "$(f discover_rc)" 0
subnqns "$o/discover.json" > "$o/disc.txt"
subnqns "$o/discover_down.json" > "$o/disc_down.txt"
vmt_check "discovery log lists $NVMET_NQN1" has_line "$o/disc.txt" "$NVMET_NQN1"
vmt_check "discovery log lists $NVMET_NQN2" has_line "$o/disc.txt" "$NVMET_NQN2"
vmt_expect_eq "discovery log: NVMe subsystem entries" \
    "$(jq '[.records[] | select(.subtype == "nvme subsystem")] | length' "$o/discover.json" 2>/dev/null)" 2
# Linux 6.1's nvmet also lists the discovery subsystem itself (subtype 3,
# "current discovery subsystem"): a discovery client must skip that entry.
vmt_check "discovery log lists the discovery controller itself ($NVMET_DISC_NQN)" \
    has_line "$o/disc.txt" "$NVMET_DISC_NQN"
vmt_expect_eq "nvme connect (kernel nvme-tcp)" "$(f connect_rc)" 0
vmt_check "a controller nvmeN for it ($(f ctrl))" test -n "$(f ctrl | grep -E '^nvme[0-9]+$')"
vmt_expect_eq "fast_io_fail_tmo settable" "$(f failfast_rc)" 0
vmt_expect_eq "namespace 1 block device size" "$(f ns1_bytes)" $((SIZE_MB * 1048576))
vmt_expect_eq "namespace 2 block device size" "$(f ns2_bytes)" $((SIZE_MB * 1048576))
vmt_expect_eq "nvme id-ctrl -o json" "$(f idctrl_rc)" 0
vmt_expect_eq "id-ctrl subnqn" "$(jq -r .subnqn "$o/id-ctrl.json" 2>/dev/null)" "$NVMET_NQN1"
vmt_expect_eq "write through the initiator" "$(f write_rc)" 0
vmt_expect_eq "the bytes are in the RAM namespace" "$(f cmp_backing_rc)" 0
vmt_expect_eq "unlink from the port" "$(f unlink_rc)" 0
vmt_check "fio under load failed after the unlink (exit $(f load_rc))" test "$(f load_rc)" != 0
vmt_check "... within 20 s ($(f load_end_ms) ms)" test "$(f load_end_ms)" -lt 20000
vmt_check "a read after the teardown fails (exit $(f down_read_rc))" \
    test "$(f down_read_rc)" != 0 -a "$(f down_read_rc)" != 124
vmt_expect_eq "the controller is reconnecting" "$(f down_state)" connecting
vmt_expect_eq "discovery still answers" "$(f discover_down_rc)" 0
vmt_check "discovery no longer lists $NVMET_NQN1" lacks_line "$o/disc_down.txt" "$NVMET_NQN1"
vmt_check "discovery still lists $NVMET_NQN2" has_line "$o/disc_down.txt" "$NVMET_NQN2"
vmt_expect_eq "re-link" "$(f relink_rc)" 0
vmt_expect_eq "the kernel controller is live again" "$(f relive_rc)" 0
vmt_expect_eq "the data reads back after the reconnect" "$(f up_cmp_rc)" 0
vmt_expect_eq "nvme disconnect" "$(f disconnect_rc)" 0
vmt_check "no controller left for $NVMET_NQN1" test "$(f ctrl_after_disconnect_rc)" != 0
vmt_expect_eq "IPv6 port 2 on [::1]:4421 exporting $NVMET_NQN2" "$(f port2_rc)" 0
vmt_expect_eq "nvme discover on [::1]:4421" "$(f discover_v6_rc)" 0
subnqns "$o/discover_v6.json" > "$o/disc_v6.txt"
vmt_check "port 2's discovery log lists $NVMET_NQN2" has_line "$o/disc_v6.txt" "$NVMET_NQN2"
vmt_check "port 2's discovery log does not list $NVMET_NQN1" lacks_line "$o/disc_v6.txt" "$NVMET_NQN1"
vmt_expect_eq "kernel connect with header and data digests over IPv6" "$(f digest_connect_rc)" 0
vmt_check "... to [::1]:4421 ($(f digest_addr))" vmt_file_has "$o/facts.txt" '^digest_addr=traddr=::1,trsvcid=4421'
vmt_expect_eq "reads with digests" "$(f digest_read_rc)" 0
vmt_expect_eq "disconnect" "$(f digest_disconnect_rc)" 0
vmt_expect_eq "nvmet_teardown" "$(f teardown_rc)" 0
vmt_check "configfs is empty after teardown" test -f "$o/configfs_after.txt" -a ! -s "$o/configfs_after.txt"
vmt_show_if_failed "$o" facts.txt setup.err host.err discover.err load.err down_read.err up_read.err \
    teardown.err configfs_after.txt dmesg.out console.log
vmt_done
