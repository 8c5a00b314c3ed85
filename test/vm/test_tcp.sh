#!/usr/bin/env bash
# NVMe/TCP against the Linux kernel target in a QEMU guest (issue 9, first
# slice).  The guest loads nvmet and nvmet-tcp from the cached Debian kernel,
# exports a 16 MiB file (buffered I/O: the guest's /tmp has no O_DIRECT) as
# namespace 1 of a subsystem on 127.0.0.1:4420 (allow_any_host), and runs
# test/vm/apps/nvme_tcp_check, which uses lib/nvme/tcp/ directly (the TCP
# pieces are not yet behind spdk_nvme_connect, so hello_world cannot take
# trtype:TCP yet): ICReq/ICResp, Connect, Property Get/Set bring-up,
# Identify, a write by R2T/H2CData, an in-capsule write, reads back; once
# without digests and once with header and data digests.  The bytes must
# then be in the backing file.
# Then, through spdk_nvme_probe with -r trtype:TCP: hello_world, identify,
# perf, and nvme_io_cmds, whose readv/writev of hundreds of odd elements
# must be split by the core at 16 elements per command and read back equal.
#
#   test/vm/test_tcp.sh        (host; boots one guest, no NVMe device)
# Prints 'ok - ...' per assertion and 'test_tcp: N passed, M failed'.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/vm/apps/vmtest.sh
. "$HERE/apps/vmtest.sh"
APP=test/vm/apps/nvme_tcp_check
IOCMDS=test/vm/apps/nvme_io_cmds
NQN=nqn.2026-12.io.ealnvme:tcp-test
CFS=/sys/kernel/config/nvmet

# ---- guest half: test_tcp.sh --guest -------------------------------------------
guest() {
    local out=$EALNVME_OUT img=/tmp/tcp-ns.img mode len dev
    ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up 2>/dev/null
    { modprobe nvmet && modprobe nvmet-tcp; } > "$out/modprobe.out" 2>&1
    echo $? > "$out/modprobe.rc"
    # nvmet-tcp asks the crypto API for crc32c only when a host wants digests;
    # the guest cannot autoload it then, so load it now.
    modprobe crc32c_generic >> "$out/modprobe.out" 2>&1
    [ -d /sys/kernel/config/nvmet ] || mount -t configfs none /sys/kernel/config 2>/dev/null
    dd if=/dev/zero of=$img bs=1M count=16 2>/dev/null
    # A loop device gives 512-byte blocks; without one, the file itself.
    dev=$(modprobe loop 2>/dev/null; losetup -f --show $img 2>/dev/null) || dev=
    echo "${dev:-$img}" > "$out/backing.txt"
    (
        set -e
        mkdir "$CFS/subsystems/$NQN"
        echo 1 > "$CFS/subsystems/$NQN/attr_allow_any_host"
        mkdir "$CFS/subsystems/$NQN/namespaces/1"
        echo -n "${dev:-$img}" > "$CFS/subsystems/$NQN/namespaces/1/device_path"
        [ -n "$dev" ] || echo 1 > "$CFS/subsystems/$NQN/namespaces/1/buffered_io"
        echo 1 > "$CFS/subsystems/$NQN/namespaces/1/enable"
        mkdir "$CFS/ports/1"
        echo tcp > "$CFS/ports/1/addr_trtype"
        echo ipv4 > "$CFS/ports/1/addr_adrfam"
        echo 127.0.0.1 > "$CFS/ports/1/addr_traddr"
        echo 4420 > "$CFS/ports/1/addr_trsvcid"
        ln -s "$CFS/subsystems/$NQN" "$CFS/ports/1/subsystems/$NQN"
    ) > "$out/configfs.out" 2>&1
    echo $? > "$out/configfs.rc"
    for mode in plain digests; do
        "$VMT_BUILD/$APP" 127.0.0.1 4420 "$NQN" "$out/written_$mode.bin" $mode \
            > "$out/check_$mode.out" 2> "$out/check_$mode.err"
        echo $? > "$out/check_$mode.rc"
        sync
        [ -n "$dev" ] && blockdev --flushbufs "$dev" 2>/dev/null
        len=$(stat -c %s "$out/written_$mode.bin" 2>/dev/null || echo 0)
        cmp -n "$len" $img "$out/written_$mode.bin" > "$out/cmp_$mode.out" 2>&1
        echo $? > "$out/cmp_$mode.rc"
        dd if=/dev/zero of=$img bs=1M count=1 conv=notrunc 2>/dev/null
    done
    # The transport behind the public API: SPDK's programs' way in.
    local trid="trtype:TCP adrfam:IPv4 traddr:127.0.0.1 trsvcid:4420 subnqn:$NQN"
    timeout 120 "$VMT_BUILD/examples/hello_world/hello_world" -r "$trid" \
        > "$out/hello.out" 2> "$out/hello.err"
    echo $? > "$out/hello.rc"
    timeout 120 "$VMT_BUILD/examples/identify/identify" -r "$trid" \
        > "$out/identify.out" 2> "$out/identify.err"
    echo $? > "$out/identify.rc"
    timeout 120 "$VMT_BUILD/examples/perf/perf" -r "$trid" -q 16 -o 4096 -w randread -t 3 \
        > "$out/perf.out" 2> "$out/perf.err"
    echo $? > "$out/perf.rc"
    # Every NVM command of the API over TCP; among them readv/writev of
    # scattered lists (odd element sizes, hundreds of elements: the core
    # splits them at 16 elements per command).
    timeout 600 "$VMT_BUILD/$IOCMDS" -r "$trid" > "$out/io_cmds.out" 2> "$out/io_cmds.err"
    echo $? > "$out/io_cmds.rc"
    dmesg | grep -i nvmet > "$out/dmesg.out" 2>&1
    exit 0
}

if [ "${1:-}" = --guest ]; then
    guest
fi

rc() { cat "$1" 2>/dev/null || echo missing; }

vmt_init test_tcp
vmt_need_bins "$APP" "$IOCMDS"
vmt_boot tcp --no-nvme --timeout 900 -- "$HERE/test_tcp.sh" --guest
o=$VMT_DIR/tcp
vmt_expect_eq "guest ran the test" "$VMT_RC" 0
vmt_expect_eq "modprobe nvmet nvmet-tcp" "$(rc "$o/modprobe.rc")" 0
vmt_expect_eq "kernel target configured through configfs" "$(rc "$o/configfs.rc")" 0
for mode in plain digests; do
    vmt_expect_eq "[$mode] nvme_tcp_check exit code" "$(rc "$o/check_$mode.rc")" 0
    vmt_check "[$mode] Connect, properties, Identify, R2T write, read back" \
        vmt_file_has "$o/check_$mode.out" '^ok - data read back equals data written'
    vmt_check "[$mode] Identify showed the subsystem NQN" \
        vmt_file_has "$o/check_$mode.out" "^subnqn $NQN "
    vmt_expect_eq "[$mode] the bytes written are in the backing file" "$(rc "$o/cmp_$mode.rc")" 0
done
vmt_check "[digests] the target granted header and data digests" \
    vmt_file_has "$o/check_digests.out" '^digests: header 1 data 1'
# The transport behind the public API (spdk_nvme_probe/connect, trtype:TCP).
vmt_expect_eq "hello_world -r trtype:TCP exit code" "$(rc "$o/hello.rc")" 0
vmt_check "hello_world over TCP read back what it wrote" \
    vmt_file_has "$o/hello.out" '^Hello world!'
vmt_expect_eq "identify -r trtype:TCP exit code" "$(rc "$o/identify.rc")" 0
vmt_check "identify over TCP shows the subsystem NQN" vmt_file_has "$o/identify.out" "$NQN"
vmt_expect_eq "perf -r trtype:TCP exit code" "$(rc "$o/perf.rc")" 0
vmt_check "perf over TCP reports IOPS" vmt_file_has "$o/perf.out" 'IOPS'
# Scattered payloads over TCP (nvme_io_cmds' vectored checks, namespace 1).
for what in 'writev of [0-9]* blocks, PRP-compatible elements' 'read back what writev wrote' \
            'writev of [0-9]* blocks in [0-9]* odd elements' 'read back what the SGL writev wrote' \
            'readv into [0-9]* odd elements'; do
    vmt_check "TCP scattered I/O: $what" vmt_file_has "$o/io_cmds.out" "^ok - ns 1: $what"
done
vmt_expect_eq "nvme_io_cmds -r trtype:TCP exit code (every check passed)" "$(rc "$o/io_cmds.rc")" 0
echo "--- nvme_io_cmds over TCP:"
grep -E '^(not ok|io_cmds)' "$o/io_cmds.out" 2>/dev/null | sed 's/^/    | /' | head -40
sed 's/^/    | /' "$o/io_cmds.err" 2>/dev/null | head -20
for f in hello.out hello.err identify.err perf.out perf.err; do
    echo "--- $f:"; sed 's/^/    | /' "$o/$f" 2>/dev/null | head -60
done
echo "--- nvme_tcp_check (digests) stdout:"
sed 's/^/    | /' "$o/check_digests.out" 2>/dev/null | head -30
if [ "$VMT_FAILED" -ne 0 ]; then
    for f in backing.txt modprobe.out configfs.out check_plain.out check_plain.err check_digests.err \
             cmp_plain.out dmesg.out console.log; do
        [ -f "$o/$f" ] && { echo "--- $f:"; vmt_show "$o/$f" 20; }
    done
fi
vmt_done
