#!/usr/bin/env bash
# Controller administration against QEMU 7.2's NVMe controller under vfio-pci,
# one boot: test/vm/apps/nvme_admin_check runs the checks and prints one
# 'ok - ...' / 'not ok - ...' line each; this script counts them.
#   - features: arbitration, power management, number of queues, volatile
#     write cache, async event configuration set by init
#   - AER: over-temperature threshold below QEMU's composite temperature ->
#     SMART event, the driver reads the SMART log (clears it), a second
#     crossing is reported again
#   - FORMAT NVM to a 4 KiB LBA format and back (sector size re-read)
#   - namespace attachment (QEMU nvme-subsys, namespace 2 created detached)
#   - reset with 32 reads outstanding: each completes once, qpair usable after
#   - QEMU 7.2 has KAS 0 and no firmware commands: keep-alive is not configured
#     (debug log) and update_firmware returns -ENOTSUP
#
#   test/vm/test_admin.sh
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/vm/apps/vmtest.sh
. "$HERE/apps/vmtest.sh"
APP=test/vm/apps/nvme_admin_check
BDF=0000:00:10.0

if [ "${1:-}" = --guest ]; then
    out=$EALNVME_OUT
    cd "$VMT_REPO" || exit 1
    HUGEMEM=${HUGEMEM:-512} scripts/setup.sh > "$out/setup.out" 2>&1
    echo $? > "$out/setup.rc"
    EALNVME_LOG_LEVEL=debug "$VMT_BUILD/$APP" "$BDF" > "$out/check.out" 2> "$out/check.err"
    echo $? > "$out/check.rc"
    exit 0
fi

vmt_init test_admin
vmt_need_bins "$APP"
# Namespace 1 on a raw file: the data written after the reset must read back.
truncate -s 64M "$VMT_DIR/ns1.img"
vmt_boot guest --iommu \
    --nvme "nvme-subsys,id=subsys0,nqn=nqn.2026-01.invalid.ealnvme:admin" \
    --nvme "nvme,id=c0,serial=admin-c0,subsys=subsys0,addr=0x10" \
    --drive "file=$VMT_DIR/ns1.img,format=raw,if=none,id=d1" \
    --drive "driver=null-co,size=32M,read-zeroes=on,if=none,id=d2" \
    --nvme "nvme-ns,drive=d1,bus=c0,nsid=1" \
    --nvme "nvme-ns,drive=d2,bus=c0,nsid=2,detached=true" \
    -- "$HERE/test_admin.sh" --guest
o=$VMT_DIR/guest
vmt_guest_app_results "$o" nvme_admin_check 20
vmt_check "keep-alive not configured (KAS 0, debug log says so)" \
    vmt_file_has "$o/check.err" "no keep-alive: the controller does not support it"
vmt_check "no KEEP ALIVE error in the driver log" vmt_file_lacks "$o/check.err" "KEEP ALIVE"
vmt_show_if_failed "$o" setup.out check.err console.log
vmt_done
