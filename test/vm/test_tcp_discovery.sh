#!/usr/bin/env bash
# NVMe/TCP discovery against the Linux kernel target in a QEMU guest (issue 9).
# The guest exports TWO subsystems on one port (127.0.0.1:4420), each with a
# namespace on its own loop device, then:
#   - identify -r 'trtype:TCP ... trsvcid:4420' (no subnqn): spdk_nvme_connect
#     attaches the discovery controller itself (is_discovery), whose log page
#     entries list both subsystem NQNs, as text and as valid JSON;
#   - hello_world -r with the same trid: spdk_nvme_probe reads the discovery
#     log and attaches BOTH subsystems (probe_cb sees each trid), writes
#     "Hello world!" to namespace 1 of each, which must then be in both
#     backing devices;
#   - nvme_tcp_discovery_check: probe_cb sees each subsystem's trid (never the
#     discovery NQN), attach_cb both controllers; spdk_nvme_connect of the
#     discovery NQN gives the discovery controller (no namespaces, no I/O
#     qpair), held 12 s with KATO 4 s and still answering (keep-alive);
#   - identify -r with subnqn of the second subsystem: the subsystem NQN shown.
# A shared nvmet setup library (wt-tcpinfra) may replace the inline setup.
#
#   test/vm/test_tcp_discovery.sh      (host; boots one guest, no NVMe device)
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/vm/apps/vmtest.sh
. "$HERE/apps/vmtest.sh"
NQN1=nqn.2026-12.io.ealnvme:disc-one
NQN2=nqn.2026-12.io.ealnvme:disc-two
CFS=/sys/kernel/config/nvmet
TRID="trtype:TCP adrfam:IPv4 traddr:127.0.0.1 trsvcid:4420"
APP=test/vm/apps/nvme_tcp_discovery_check

# ---- guest half --------------------------------------------------------------
guest() {
    local out=$EALNVME_OUT i nqn dev
    ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up 2>/dev/null
    { modprobe nvmet && modprobe nvmet-tcp && modprobe loop; } > "$out/modprobe.out" 2>&1
    echo $? > "$out/modprobe.rc"
    [ -d $CFS ] || mount -t configfs none /sys/kernel/config 2>/dev/null
    (
        set -e
        mkdir $CFS/ports/1
        echo tcp > $CFS/ports/1/addr_trtype
        echo ipv4 > $CFS/ports/1/addr_adrfam
        echo 127.0.0.1 > $CFS/ports/1/addr_traddr
        echo 4420 > $CFS/ports/1/addr_trsvcid
        for i in 1 2; do
            nqn=$NQN1; [ $i = 2 ] && nqn=$NQN2
            dd if=/dev/zero of=/tmp/disc-ns$i.img bs=1M count=8 2>/dev/null
            dev=$(losetup -f --show /tmp/disc-ns$i.img)
            echo "$dev" > "$out/dev$i.txt"
            mkdir $CFS/subsystems/$nqn
            echo 1 > $CFS/subsystems/$nqn/attr_allow_any_host
            mkdir $CFS/subsystems/$nqn/namespaces/1
            echo -n "$dev" > $CFS/subsystems/$nqn/namespaces/1/device_path
            echo 1 > $CFS/subsystems/$nqn/namespaces/1/enable
            ln -s $CFS/subsystems/$nqn $CFS/ports/1/subsystems/$nqn
        done
    ) > "$out/configfs.out" 2>&1
    echo $? > "$out/configfs.rc"
    timeout 120 "$VMT_BUILD/examples/identify/identify" -r "$TRID" \
        > "$out/identify.out" 2> "$out/identify.err"
    echo $? > "$out/identify.rc"
    timeout 120 "$VMT_BUILD/examples/identify/identify" --json -r "$TRID" \
        > "$out/identify.json" 2> "$out/identify_json.err"
    echo $? > "$out/identify_json.rc"
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); c=d["controllers"][0]
assert c["discovery"] is True
print("\n".join(e["subtype"]+" "+e["trtype"]+" "+e["adrfam"]+" "+e["traddr"]+" "+e["trsvcid"]+" "+e["subnqn"] for e in c["discovery_log"]["entries"]))' \
        "$out/identify.json" > "$out/json_entries.out" 2>&1
    echo $? > "$out/json_parse.rc"
    EALNVME_LOG_LEVEL=info timeout 120 "$VMT_BUILD/examples/hello_world/hello_world" -r "$TRID" \
        > "$out/hello.out" 2> "$out/hello.err"
    echo $? > "$out/hello.rc"
    sync
    for i in 1 2; do
        dev=$(cat "$out/dev$i.txt" 2>/dev/null)
        [ -n "$dev" ] && blockdev --flushbufs "$dev" 2>/dev/null
        head -c 13 /tmp/disc-ns$i.img > "$out/ns$i.head" 2>/dev/null
    done
    timeout 120 "$VMT_BUILD/$APP" 127.0.0.1 4420 $NQN1 $NQN2 \
        > "$out/check.out" 2> "$out/check.err"
    echo $? > "$out/check.rc"
    timeout 120 "$VMT_BUILD/examples/identify/identify" -r "$TRID subnqn:$NQN2" \
        > "$out/identify2.out" 2> "$out/identify2.err"
    echo $? > "$out/identify2.rc"
    dmesg | grep -i nvmet > "$out/dmesg.out" 2>&1
    exit 0
}

if [ "${1:-}" = --guest ]; then
    guest
fi

rc() { cat "$1" 2>/dev/null || echo missing; }

vmt_init test_tcp_discovery
vmt_need_bins examples/identify/identify examples/hello_world/hello_world "$APP"
vmt_boot tcpdisc --no-nvme -- "$HERE/test_tcp_discovery.sh" --guest
o=$VMT_DIR/tcpdisc
vmt_expect_eq "guest ran the test" "$VMT_RC" 0
vmt_expect_eq "modprobe nvmet nvmet-tcp loop" "$(rc "$o/modprobe.rc")" 0
vmt_expect_eq "two subsystems on one port configured through configfs" \
    "$(rc "$o/configfs.rc")" 0
# Direct connect to the discovery NQN: the discovery controller itself.
vmt_expect_eq "identify -r (no subnqn) exit code" "$(rc "$o/identify.rc")" 0
vmt_check "identify: connected to the discovery controller" \
    vmt_file_has "$o/identify.out" 'nqn\.2014-08\.org\.nvmexpress\.discovery \(discovery controller\)'
vmt_check "identify: the discovery log lists $NQN1" \
    vmt_file_has "$o/identify.out" "Subsystem NQN \(SUBNQN\) *$NQN1\$"
vmt_check "identify: the discovery log lists $NQN2" \
    vmt_file_has "$o/identify.out" "Subsystem NQN \(SUBNQN\) *$NQN2\$"
vmt_check "identify: entries show TCP, IPv4, 127.0.0.1, 4420" \
    vmt_file_has "$o/identify.out" 'Transport Address \(TRADDR\) *127\.0\.0\.1$'
vmt_expect_eq "identify --json exit code" "$(rc "$o/identify_json.rc")" 0
vmt_expect_eq "identify --json is valid JSON with discovery true" "$(rc "$o/json_parse.rc")" 0
vmt_check "identify --json: entry for $NQN1" \
    vmt_file_has "$o/json_entries.out" "^nvme TCP IPv4 127.0.0.1 4420 $NQN1\$"
vmt_check "identify --json: entry for $NQN2" \
    vmt_file_has "$o/json_entries.out" "^nvme TCP IPv4 127.0.0.1 4420 $NQN2\$"
# Probe through discovery: both subsystems attached and written.
vmt_expect_eq "hello_world -r (discovery) exit code" "$(rc "$o/hello.rc")" 0
vmt_expect_eq "hello_world attached two controllers" \
    "$(grep -c '^Attached to 127.0.0.1' "$o/hello.out" 2>/dev/null)" 2
vmt_expect_eq "hello_world read back its write on both" \
    "$(grep -c '^Hello world!' "$o/hello.out" 2>/dev/null)" 2
vmt_check "the probe went through the discovery log for $NQN1" \
    vmt_file_has "$o/hello.err" "probing $NQN1 at 127.0.0.1:4420"
vmt_check "the probe went through the discovery log for $NQN2" \
    vmt_file_has "$o/hello.err" "probing $NQN2 at 127.0.0.1:4420"
for i in 1 2; do
    vmt_expect_eq "namespace of subsystem $i holds 'Hello world!' in its backing device" \
        "$(cat "$o/ns$i.head" 2>/dev/null)" "Hello world!"
done
# The API directly: probe_cb's trids, the discovery controller kept alive.
vmt_expect_eq "nvme_tcp_discovery_check exit code" "$(rc "$o/check.rc")" 0
n=0
while IFS= read -r line; do
    case $line in
        "ok - "*) vmt_ok "${line#ok - }"; n=$((n + 1)) ;;
        "not ok - "*) vmt_notok "${line#not ok - }"; n=$((n + 1)) ;;
    esac
done < "$o/check.out"
vmt_check "nvme_tcp_discovery_check reported its checks ($n)" test "$n" -ge 18
vmt_check "the target never expired a keep-alive timer" \
    vmt_file_lacks "$o/dmesg.out" 'keep-alive timer .* expired'
vmt_expect_eq "identify -r subnqn:$NQN2 exit code" "$(rc "$o/identify2.rc")" 0
vmt_check "identify shows the subsystem NQN of a fabrics controller" \
    vmt_file_has "$o/identify2.out" "Subsystem NQN \(SUBNQN\) *$NQN2\$"
for f in identify.out identify.err json_entries.out hello.out hello.err check.out check.err \
         identify2.err; do
    echo "--- $f:"; sed 's/^/    | /' "$o/$f" 2>/dev/null | head -60
done
if [ "$VMT_FAILED" -ne 0 ]; then
    for f in modprobe.out configfs.out identify_json.err dmesg.out console.log; do
        [ -f "$o/$f" ] && { echo "--- $f:"; vmt_show "$o/$f" 30; }
    done
fi
vmt_done
