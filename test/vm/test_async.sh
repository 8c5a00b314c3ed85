#!/usr/bin/env bash
# The asynchronous probe/detach and poll groups against QEMU's controllers,
# in one boot (vfio-pci, vIOMMU), two controllers on raw images:
#   test/vm/apps/nvme_async_check: spdk_nvme_probe_async_ext + poll (probe_cb
#   before any attach, -EAGAIN before the attaches), create_only qpairs in a
#   poll group, write + read back through the group, a disconnected qpair
#   reported and reconnected from the callback, a reset in steps, stats,
#   destroy -EBUSY then 0, both controllers detached with one detach context,
#   probed again;
#   host: the last pattern written is in both raw images at LBA 0.
#
#   test/vm/test_async.sh          (host)
# Prints 'ok - ...' per assertion and 'test_async: N passed, M failed'.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/vm/apps/vmtest.sh
. "$HERE/apps/vmtest.sh"
APP=test/vm/apps/nvme_async_check

if [ "${1:-}" = --guest ]; then
    out=$EALNVME_OUT
    cd "$VMT_REPO" || exit 1
    HUGEMEM=${HUGEMEM:-512} scripts/setup.sh > "$out/setup.out" 2>&1
    echo $? > "$out/setup.rc"
    "$VMT_BUILD/$APP" 2 > "$out/check.out" 2> "$out/check.err"
    echo $? > "$out/check.rc"
    scripts/setup.sh reset > "$out/reset.out" 2>&1
    exit 0
fi

vmt_init test_async
vmt_need_bins "$APP"
for i in 0 1; do
    truncate -s 16M "$VMT_DIR/ns$i.img"
done
vmt_boot guest --iommu \
    --drive "file=$VMT_DIR/ns0.img,format=raw,if=none,id=d0" \
    --nvme "serial=async0,drive=d0,addr=0x10" \
    --drive "file=$VMT_DIR/ns1.img,format=raw,if=none,id=d1" \
    --nvme "serial=async1,drive=d1,addr=0x11" \
    -- "$HERE/test_async.sh" --guest
o=$VMT_DIR/guest
vmt_guest_app_results "$o" nvme_async_check 14
# The last pattern: byte b of controller i is (0x5a + i * 31 + b) mod 256.
for i in 0 1; do
    want=$(python3 -c "import sys; sys.stdout.write(bytes((0x5a + $i * 31 + b) % 256 for b in range(4096)).hex())")
    got=$(head -c 4096 "$VMT_DIR/ns$i.img" | od -An -v -tx1 | tr -d ' \n')
    vmt_check "controller $i: the last pattern is in its raw image on the host" \
        test "$got" = "$want"
done
vmt_show_if_failed "$o" setup.out check.err console.log
vmt_done
