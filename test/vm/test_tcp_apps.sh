#!/usr/bin/env bash
# The PCIe guest suites that make sense over NVMe/TCP (issue 9, "Tools" and
# "Guest, the real peer"), against the Linux kernel target in one guest:
# subsystem B and port 127.0.0.1:4420 made by the commands of README.md's
# "NVMe/TCP quick start" (run as written there: the README stays true), then
# subsystem A (namespaces 1 and 2, 64 MiB loop devices) on the same port;
# any host allowed.
#   - nvme_integrity write-verify over TCP: namespace A1 without digests, A2
#     with header and data digests (-H -I; the driver's info log must show
#     the target granted both); cases up to 3 x the max transfer, read back
#     twice, then check-file on each backing file (and a wrong seed fails)
#   - identify -r trtype:TCP (text and --json) against `nvme id-ctrl -o json`
#     through the kernel's own nvme-tcp initiator on the same subsystem: a
#     different controller (cntlid) of the same subsystem, so the
#     subsystem-level fields must be equal; no error line for the features
#     the target does not implement
#   - nvme_admin_check over TCP (what only PCIe has is skipped with a reason)
#   - hello_world -H -I, perf -H -I with two -r (A ns:1 and B), and perf with a
#     short -r (no adrfam, no trsvcid)
#
#   test/vm/test_tcp_apps.sh     seed: $EALNVME_TEST_SEED, else time-based
# Prints 'ok - ...' per assertion and 'test_tcp_apps: N passed, M failed'.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/vm/apps/vmtest.sh
. "$HERE/apps/vmtest.sh"
INTEG=test/vm/apps/nvme_integrity
ADMIN=test/vm/apps/nvme_admin_check
IDENTIFY=examples/identify/identify
HELLO=examples/hello_world/hello_world
PERF=examples/perf/perf
NQN=nqn.2026-12.io.ealnvme:tcp-apps-a
NQN2=nqn.2026-12.io.example:demo	# the README's
TRID="trtype:TCP adrfam:IPv4 traddr:127.0.0.1 trsvcid:4420 subnqn:$NQN"
TRID2="trtype:TCP adrfam:IPv4 traddr:127.0.0.1 trsvcid:4420 subnqn:$NQN2"
CFS=/sys/kernel/config/nvmet
# Identify Controller members of one NVM subsystem (nvme-cli's keys) that
# every controller of a Linux target reports alike.
SUBSYS_KEYS="vid ssvid sn mn fr rab ieee cmic mdts ver oaes ctratt cntrltype oacs acl aerl
frmw lpa elpe npss kas sqes cqes maxcmd nn oncs fuses fna vwc awun awupf sgls subnqn
ioccsz iorcsz icdoff fcatt msdbd ofcs"

# ---- guest half -------------------------------------------------------------
# The kernel target (kept small: the shared nvmet helper can replace it).
# ns NQN NSID SIZE_MB IMG: a loop device over a zeroed file as namespace NSID.
target_ns() {
    local dev
    dd if=/dev/zero of="$4" bs=1M count="$3" 2>/dev/null || return 1
    dev=$(losetup -f --show "$4") || return 1
    echo "$dev" > "$4.dev"
    mkdir "$CFS/subsystems/$1/namespaces/$2" &&
        echo -n "$dev" > "$CFS/subsystems/$1/namespaces/$2/device_path" &&
        echo 1 > "$CFS/subsystems/$1/namespaces/$2/enable"
}

# The README's quick-start target commands, as written there (indented block
# from 'modprobe nvmet-tcp' to 'modprobe crc32c_generic').
readme_target() {
    sed -n '/^    modprobe nvmet-tcp$/,/^    modprobe crc32c_generic/s/^    //p' \
        "$VMT_REPO/README.md" > /tmp/readme-target.sh
    cat /tmp/readme-target.sh
    grep -q "^NQN=$NQN2\$" /tmp/readme-target.sh || { echo "README: no NQN=$NQN2 line"; return 1; }
    bash -e /tmp/readme-target.sh
}

target_up() {
    ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up
    # A distribution has /dev/loop-control before loop is loaded (kmod's
    # static nodes); the guest's busybox init does not.
    modprobe loop
    readme_target || return 1
    # crc32c for the digests is loaded by the README's last line: nvmet-tcp
    # asks for it only when a host wants digests, and the guest cannot
    # autoload then.
    mkdir "$CFS/subsystems/$NQN" || return 1
    echo 1 > "$CFS/subsystems/$NQN/attr_allow_any_host"
    target_ns "$NQN" 1 64 /tmp/tcp-apps-a1.img &&
        target_ns "$NQN" 2 64 /tmp/tcp-apps-a2.img &&
        ln -s "$CFS/subsystems/$NQN" "$CFS/ports/1/subsystems/$NQN"
}

# run NAME CMD...: stdout, stderr and exit code in $EALNVME_OUT/NAME.{out,err,rc}.
run() {
    local name=$1
    shift
    timeout 600 "$@" > "$EALNVME_OUT/$name.out" 2> "$EALNVME_OUT/$name.err"
    echo $? > "$EALNVME_OUT/$name.rc"
}

# integrity NAME NSID SEED LOG_LEVEL [OPTIONS]: write-verify, then check-file on the image.
integrity() {
    local name=$1 nsid=$2 seed=$3 level=$4 img params s
    shift 4
    img=/tmp/tcp-apps-a$nsid.img
    run "$name" env EALNVME_LOG_LEVEL="$level" "$VMT_BUILD/$INTEG" write-verify -r "$TRID" \
        -n "$nsid" -s "$seed" "$@"
    sync
    blockdev --flushbufs "$(cat "$img.dev")" 2>/dev/null
    params=$(sed -n 's/^integrity-params: //p' "$EALNVME_OUT/$name.out")
    [ -n "$params" ] || return 0
    # shellcheck disable=SC2086  # params holds options
    run "$name-file" "$VMT_BUILD/$INTEG" check-file "$img" $params
    s="--seed $seed "
    # shellcheck disable=SC2086
    run "$name-wrongseed" "$VMT_BUILD/$INTEG" check-file "$img" ${params/$s/--seed $((seed + 1000)) }
}

# The kernel's own initiator on subsystem A: nvme-cli's id-ctrl as JSON; our
# identify runs while that controller is still connected (another cntlid).
kernel_identify() {
    local out=$EALNVME_OUT uuid c dev=
    modprobe nvme-tcp	# a failure shows as connect.rc
    uuid=$(cat /proc/sys/kernel/random/uuid)
    nvme connect -t tcp -a 127.0.0.1 -s 4420 -n "$NQN" \
        --hostnqn "nqn.2014-08.org.nvmexpress:uuid:$uuid" --hostid "$uuid" \
        > "$out/connect.out" 2>&1
    echo $? > "$out/connect.rc"
    for _ in $(seq 50); do
        for c in /sys/class/nvme/nvme*; do
            [ "$(cat "$c/subsysnqn" 2>/dev/null)" = "$NQN" ] && [ -c "/dev/${c##*/}" ] &&
                dev=${c##*/}
        done
        [ -n "$dev" ] && break
        sleep 0.2
    done
    echo "$dev" > "$out/kernel-dev.txt"
    [ -n "$dev" ] && nvme id-ctrl "/dev/$dev" -o json > "$out/kernel-id-ctrl.json" \
        2> "$out/kernel-id-ctrl.err"
    run identify "$VMT_BUILD/$IDENTIFY" -r "$TRID"
    run identify-json "$VMT_BUILD/$IDENTIFY" --json -r "$TRID"
    nvme disconnect -n "$NQN" > "$out/disconnect.out" 2>&1
    echo $? > "$out/disconnect.rc"
}

guest() {
    local seed=$1 out=$EALNVME_OUT
    cd "$VMT_REPO" || exit 1
    target_up > "$out/target.out" 2>&1
    echo $? > "$out/target.rc"
    # The README: hugepages from setup.sh, nothing to bind.
    HUGEMEM=512 scripts/setup.sh > "$out/setup.out" 2>&1
    echo $? > "$out/setup.rc"
    integrity integ-plain 1 "$seed" info
    integrity integ-digests 2 "$((seed + 1))" info -H -I
    kernel_identify >> "$out/target.out" 2>&1
    run admin env EALNVME_LOG_LEVEL=debug "$VMT_BUILD/$ADMIN" "$TRID"
    run hello env EALNVME_LOG_LEVEL=info "$VMT_BUILD/$HELLO" -H -I -r "$TRID"
    run perf env EALNVME_LOG_LEVEL=info "$VMT_BUILD/$PERF" -H -I -q 16 -o 4096 -w randread \
        -t 3 -r "$TRID ns:1" -r "$TRID2"
    run perf-short "$VMT_BUILD/$PERF" -q 4 -o 4096 -w read -t 2 \
        -r "trtype:TCP traddr:127.0.0.1 subnqn:$NQN2"
    # The README's commands, by the installed names it uses.
    run readme-hello "$VMT_BUILD/examples/hello_world/ealnvme_hello_world" -r "$TRID2"
    run readme-perf "$VMT_BUILD/examples/perf/ealnvme_perf" -r "$TRID2" -H -I -q 32 -o 4096 \
        -w randread -t 2
    # No subnqn: the discovery controller itself (what identify makes of it).
    run identify-disc "$VMT_BUILD/$IDENTIFY" -r "trtype:TCP adrfam:IPv4 traddr:127.0.0.1"
    # The README's teardown line, once subsystem A is off the port.
    rm "$CFS/ports/1/subsystems/$NQN"
    # shellcheck disable=SC2016  # the README's text, $ and all
    sed -n 's/^    \(rm \$P\/subsystems\/\$NQN .*\)$/\1/p' "$VMT_REPO/README.md" \
        > /tmp/readme-teardown.sh
    NQN=$NQN2 S=$CFS/subsystems/$NQN2 P=$CFS/ports/1 \
        DEV=$(losetup -j /tmp/demo.img | cut -d: -f1) bash -e /tmp/readme-teardown.sh \
        > "$out/teardown.out" 2>&1
    echo $? > "$out/teardown.rc"
    { cat /tmp/readme-teardown.sh; ls "$CFS/subsystems" "$CFS/ports"; losetup -a; } \
        >> "$out/teardown.out" 2>&1
    [ -e "$CFS/subsystems/$NQN2" ] || [ -e "$CFS/ports/1" ] || echo gone > "$out/teardown.gone"
    dmesg | grep -Ei 'nvme|nvmet' > "$out/dmesg.out" 2>&1
    exit 0
}

if [ "${1:-}" = --guest ]; then
    guest "$2"
fi

# ---- host half ----------------------------------------------------------------
rc() { tr -dc 0-9 < "$1" 2>/dev/null || echo missing; }
# jq on a file, compact output; 'missing' when it cannot.
jqf() { jq -c "$1" "$2" 2>/dev/null || echo missing; }

vmt_init test_tcp_apps
vmt_need_bins "$INTEG" "$ADMIN" "$IDENTIFY" "$HELLO" "$PERF"
vmt_need_tools jq nvme
seed=${EALNVME_TEST_SEED:-$(date +%s)}
vmt_log "seed $seed (rerun with EALNVME_TEST_SEED=$seed)"
vmt_boot apps --no-nvme --timeout 1500 -- "$HERE/test_tcp_apps.sh" --guest "$seed"
o=$VMT_DIR/apps
vmt_expect_eq "guest ran the test" "$VMT_RC" 0
vmt_expect_eq "kernel target: README quick start, then a second subsystem" \
    "$(rc "$o/target.rc")" 0
vmt_expect_eq "README: scripts/setup.sh with no NVMe controller" "$(rc "$o/setup.rc")" 0

# -- integrity, without and with digests
for m in plain digests; do
    f=$o/integ-$m
    sed 's/^/    | /' "$f.out" 2>/dev/null | grep -Ev '^    \| (FAIL|MISMATCH)' | head -n 12
    vmt_expect_eq "[integrity $m] write-verify exit code" "$(rc "$f.rc")" 0
    vmt_check "[integrity $m] every case read back equal, twice" \
        vmt_file_has "$f.out" '^integrity: [1-9][0-9]* writes, [1-9][0-9]* bytes, 0 mismatches$'
    vmt_check "[integrity $m] no I/O error, no failed argument check" \
        vmt_file_has "$f.out" ' 0 failed argument checks, 0 I/O errors$'
    vmt_check "[integrity $m] non-DMA refusals skipped as PCIe-only, saying so" \
        vmt_file_has "$f.out" "^integrity: skipped the 'not DMA memory' refusals"
    # The largest cases are several max transfers: the driver splits them.
    mx=$(sed -n 's/.*--max-xfer \([0-9]*\).*/\1/p' "$f.out" 2>/dev/null)
    vmt_check "[integrity $m] max transfer over TCP is known (${mx:-none} bytes)" \
        test "${mx:-0}" -gt 0
    vmt_expect_eq "[integrity $m] check-file: the backing file holds every case" \
        "$(rc "$f-file.rc")" 0
    vmt_expect_eq "[integrity $m] check-file with a wrong seed fails" "$(rc "$f-wrongseed.rc")" 1
done
vmt_check "[integrity plain] no digest asked, none granted" \
    vmt_file_has "$o/integ-plain.err" 'ICResp: header digest off, data digest off'
vmt_check "[integrity digests] the target granted header and data digests" \
    vmt_file_has "$o/integ-digests.err" 'ICResp: header digest on, data digest on'

# -- identify against nvme-cli through the kernel initiator
k=$o/kernel-id-ctrl.json
j=$o/identify-json.out
vmt_expect_eq "identify -r trtype:TCP exit code" "$(rc "$o/identify.rc")" 0
vmt_check "identify: banner names the TCP controller as SPDK does" \
    vmt_file_has "$o/identify.out" "^NVMeoF Controller at TCP \\(addr:127\\.0\\.0\\.1 subnqn:$NQN\\)$"
vmt_check "identify: the subsystem NQN" \
    vmt_file_has "$o/identify.out" "Subsystem NQN \\(SUBNQN\\) +$NQN$"
vmt_check "identify: the transport service ID" \
    vmt_file_has "$o/identify.out" "Transport Service ID \\(trsvcid\\) +4420$"
vmt_check "identify: Arbitration, which the target lacks, is 'not supported'" \
    vmt_file_has "$o/identify.out" "Arbitration +not supported by the controller$"
vmt_check "identify: no Get Features error line on stderr" \
    vmt_file_lacks "$o/identify.err" 'GET FEATURES|INVALID FIELD'
vmt_expect_eq "identify --json exit code" "$(rc "$o/identify-json.rc")" 0
vmt_check "identify --json is one valid JSON document" jq -e . "$j"
vmt_expect_eq "identify --json: transport_id" \
    "$(jqf '.controllers[0].transport_id | [.trtype, .adrfam, .traddr, .trsvcid, .subnqn]' "$j")" \
    "[\"TCP\",\"IPv4\",\"127.0.0.1\",\"4420\",\"$NQN\"]"
vmt_expect_eq "identify --json: two active namespaces" "$(jqf '.controllers[0].namespaces | length' "$j")" 2
vmt_expect_eq "nvme connect (kernel nvme-tcp initiator) exit code" "$(rc "$o/connect.rc")" 0
vmt_check "nvme id-ctrl -o json through the kernel initiator" jq -e .subnqn "$k"
ioccsz=$(jqf .ioccsz "$k")
vmt_expect_eq "identify --json: fabrics.command_capsule_bytes = 16 x nvme-cli's ioccsz" \
    "$(jqf '.controllers[0].fabrics.command_capsule_bytes' "$j")" "$((16 * ${ioccsz//[^0-9]/}))"
vmt_check "identify text: IOCCSZ as nvme-cli reads it ($ioccsz)" \
    vmt_file_has "$o/identify.out" "I/O Command Capsule Size \\(IOCCSZ\\) +$ioccsz \\("
diffs=
for key in $SUBSYS_KEYS; do
    ours=$(jqf ".controllers[0].$key" "$j")
    theirs=$(jqf ".$key" "$k")
    [ "$ours" = "$theirs" ] && [ "$ours" != missing ] && [ "$ours" != null ] ||
        diffs="$diffs $key(ours $ours, nvme-cli $theirs)"
done
vmt_check "identify --json equals nvme id-ctrl on every subsystem-level field$diffs" \
    test -z "$diffs"
vmt_check "different controllers of the one subsystem (cntlid $(jqf '.controllers[0].cntlid' "$j") vs $(jqf .cntlid "$k"))" \
    test "$(jqf '.controllers[0].cntlid' "$j")" != "$(jqf .cntlid "$k")"
vmt_expect_eq "nvme disconnect exit code" "$(rc "$o/disconnect.rc")" 0

# -- admin commands
n=0
while IFS= read -r line; do
    case $line in
        "ok - "*) vmt_ok "[admin] ${line#ok - }"; n=$((n + 1)) ;;
        "not ok - "*) vmt_notok "[admin] ${line#not ok - }"; n=$((n + 1)) ;;
        "info - "*) echo "    | $line" ;;
    esac
done < <(cat "$o/admin.out" 2>/dev/null)
vmt_expect_eq "[admin] nvme_admin_check over TCP exit code" "$(rc "$o/admin.rc")" 0
vmt_check "[admin] reported its checks ($n)" test "$n" -ge 12

# -- hello_world and perf with digests
vmt_expect_eq "hello_world -H -I exit code" "$(rc "$o/hello.rc")" 0
vmt_expect_eq "hello_world: 'Hello world!' from each namespace of subsystem A" \
    "$(grep -c '^Hello world!' "$o/hello.out" 2>/dev/null)" 2
vmt_check "hello_world: the target granted header and data digests" \
    vmt_file_has "$o/hello.err" 'ICResp: header digest on, data digest on'
vmt_expect_eq "perf -H -I, two -r, exit code" "$(rc "$o/perf.rc")" 0
vmt_check "perf: subsystem A namespace 1 (ns:1), named as spdk_nvme_perf does" \
    vmt_file_has "$o/perf.out" "^TCP \\(addr:127\\.0\\.0\\.1 subnqn:$NQN\\) NSID 1 from core +0 *: +[1-9]"
vmt_check "perf: not subsystem A namespace 2 (ns:1 given)" \
    vmt_file_lacks "$o/perf.out" "subnqn:$NQN\\) NSID 2"
vmt_check "perf: subsystem B namespace 1 from the second -r" \
    vmt_file_has "$o/perf.out" "^TCP \\(addr:127\\.0\\.0\\.1 subnqn:$NQN2\\) NSID 1 from core +0 *: +[1-9]"
vmt_check "perf: the target granted header and data digests" \
    vmt_file_has "$o/perf.err" 'ICResp: header digest on, data digest on'
vmt_expect_eq "perf -r 'trtype:TCP traddr:127.0.0.1 subnqn:B' (defaults) exit code" \
    "$(rc "$o/perf-short.rc")" 0
vmt_check "perf with the short -r found namespace 1 of B" \
    vmt_file_has "$o/perf-short.out" "^TCP \\(addr:127\\.0\\.0\\.1 subnqn:$NQN2\\) NSID 1 from core"

vmt_expect_eq "README: ealnvme_hello_world -r TRID exit code" "$(rc "$o/readme-hello.rc")" 0
vmt_check "README: hello world read back from the quick-start subsystem" \
    vmt_file_has "$o/readme-hello.out" '^Hello world!'
vmt_expect_eq "README: ealnvme_perf -r TRID -H -I exit code" "$(rc "$o/readme-perf.rc")" 0
vmt_check "README: perf reported the quick-start subsystem's namespace" \
    vmt_file_has "$o/readme-perf.out" "^TCP \\(addr:127\\.0\\.0\\.1 subnqn:$NQN2\\) NSID 1 from core"
vmt_expect_eq "README: the teardown line exit code" "$(rc "$o/teardown.rc")" 0
vmt_check "README: quick-start subsystem and port gone" test -f "$o/teardown.gone"
echo "--- identify of the discovery controller (no subnqn): exit $(rc "$o/identify-disc.rc")"
sed 's/^/    | /' "$o/identify-disc.out" 2>/dev/null | grep -E 'Controller at|CNTRLTYPE|SUBNQN|Active'
vmt_show "$o/identify-disc.err" 8

for f in identify.out perf.out; do
    echo "--- $f:"; sed 's/^/    | /' "$o/$f" 2>/dev/null | head -n 40
done
if [ "$VMT_FAILED" -ne 0 ]; then
    for f in target.out integ-plain.err integ-digests.err identify.err kernel-id-ctrl.err \
             connect.out admin.err hello.out hello.err perf.err perf-short.err perf-short.out \
             dmesg.out console.log; do
        [ -f "$o/$f" ] && { echo "--- $f:"; vmt_show "$o/$f" 20; }
    done
fi
vmt_done
