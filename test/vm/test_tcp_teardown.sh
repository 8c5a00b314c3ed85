#!/usr/bin/env bash
# The Linux kernel NVMe/TCP target torn down under load, then back (issue 9,
# "Failure").  The guest exports a loop-device namespace with nvmet-tcp on
# 127.0.0.1:4420 and runs test/vm/apps/nvme_tcp_teardown, which keeps 32
# writes in flight through spdk_nvme_connect's controller, removes the
# port's link to the subsystem (the target drops the controller and closes
# its connections), checks that every write completed exactly once and that
# the qpair failed with a reason, links the subsystem back, resets the
# controller and reads back what it wrote before the teardown.
#
#   test/vm/test_tcp_teardown.sh        (host; boots one guest, no NVMe device)
# Prints 'ok - ...' per assertion and 'test_tcp_teardown: N passed, M failed'.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/vm/apps/vmtest.sh
. "$HERE/apps/vmtest.sh"
APP=test/vm/apps/nvme_tcp_teardown
NQN=nqn.2026-12.io.ealnvme:teardown
CFS=/sys/kernel/config/nvmet

guest() {
    local out=$EALNVME_OUT img=/tmp/teardown-ns.img dev
    ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up 2>/dev/null
    { modprobe nvmet && modprobe nvmet-tcp; } > "$out/modprobe.out" 2>&1
    echo $? > "$out/modprobe.rc"
    # configfs comes with nvmet; mounted only once the module is there.
    [ -d $CFS ] || mount -t configfs none /sys/kernel/config 2>/dev/null
    dd if=/dev/zero of=$img bs=1M count=16 2>/dev/null
    modprobe loop 2>/dev/null
    dev=$(losetup -f --show $img 2>/dev/null)
    (
        set -e
        mkdir "$CFS/subsystems/$NQN"
        echo 1 > "$CFS/subsystems/$NQN/attr_allow_any_host"
        mkdir "$CFS/subsystems/$NQN/namespaces/1"
        echo -n "$dev" > "$CFS/subsystems/$NQN/namespaces/1/device_path"
        echo 1 > "$CFS/subsystems/$NQN/namespaces/1/enable"
        mkdir "$CFS/ports/1"
        echo tcp > "$CFS/ports/1/addr_trtype"
        echo ipv4 > "$CFS/ports/1/addr_adrfam"
        echo 127.0.0.1 > "$CFS/ports/1/addr_traddr"
        echo 4420 > "$CFS/ports/1/addr_trsvcid"
        ln -s "$CFS/subsystems/$NQN" "$CFS/ports/1/subsystems/$NQN"
    ) > "$out/configfs.out" 2>&1
    echo $? > "$out/configfs.rc"
    timeout 300 "$VMT_BUILD/$APP" \
        "trtype:TCP adrfam:IPv4 traddr:127.0.0.1 trsvcid:4420 subnqn:$NQN" \
        "$CFS/ports/1/subsystems/$NQN" "$CFS/subsystems/$NQN" \
        > "$out/teardown.out" 2> "$out/teardown.err"
    echo $? > "$out/teardown.rc"
    dmesg | grep -i nvmet > "$out/dmesg.out" 2>&1
    exit 0
}

if [ "${1:-}" = --guest ]; then
    guest
fi

rc() { cat "$1" 2>/dev/null || echo missing; }

vmt_init test_tcp_teardown
vmt_need_bins "$APP"
vmt_boot teardown --no-nvme -- "$HERE/test_tcp_teardown.sh" --guest
o=$VMT_DIR/teardown
vmt_expect_eq "guest ran the test" "$VMT_RC" 0
vmt_expect_eq "modprobe nvmet nvmet-tcp" "$(rc "$o/modprobe.rc")" 0
vmt_expect_eq "kernel target configured through configfs" "$(rc "$o/configfs.rc")" 0
vmt_expect_eq "nvme_tcp_teardown exit code" "$(rc "$o/teardown.rc")" 0
for what in 'writes before the teardown completed' 'target torn down' \
            'poll reports -ENXIO' 'failure reason' 'failed qpair is refused' \
            'completed exactly once' 'caught by the teardown completed with an error' \
            'reset succeeded once the target was back' 'read back intact' \
            'new write succeeds after the reset' 'detached'; do
    vmt_check "$what" vmt_file_has "$o/teardown.out" "^ok - .*$what"
done
echo "--- nvme_tcp_teardown:"
sed 's/^/    | /' "$o/teardown.out" 2>/dev/null
if [ "$VMT_FAILED" -ne 0 ]; then
    for f in configfs.out teardown.err dmesg.out console.log; do
        [ -f "$o/$f" ] && { echo "--- $f:"; vmt_show "$o/$f" 30; }
    done
fi
vmt_done
