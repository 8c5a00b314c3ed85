#!/usr/bin/env bash
# End-to-end data protection: PI made and checked by spdk/dif.h, checked by
# QEMU's controller (nvme_pi), one boot under uio_pci_generic.  Namespaces
# (512-byte blocks, protection type 1), each on a small raw file:
#   nsid 1  8 bytes of metadata interleaved (extended LBA)       ms=8  mset=1
#   nsid 2  8 bytes of metadata in a separate buffer (DIX)        ms=8  mset=0
#   nsid 3  16 bytes separate, PI last: the guard also covers the
#           8 metadata bytes before it                            ms=16 mset=0
#   nsid 4  16 bytes interleaved, PI first (pil=1)                ms=16 mset=1
# In each: checked write and read of good PI, a bad guard and a bad
# reference tag refused with the End-to-end status codes, a bad guard
# stored unchecked and found by dif.h and by a checked read.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/vm/apps/vmtest.sh
. "$HERE/apps/vmtest.sh"
TOOL=test/vm/apps/nvme_pi
BDF=0000:00:11.0

# ---- guest half: test_pi.sh --guest -------------------------------------------
if [ "${1:-}" = --guest ]; then
    vmt_guest_tool pi "$TOOL" -r "trtype:PCIe traddr:$BDF"
    exit 0
fi

# ---- host half ------------------------------------------------------------------
vmt_init test_pi
vmt_need_bins "$TOOL"
args=(--nvme "nvme,id=c0,serial=pi,addr=0x${BDF:8:2}")
ns_opts=("ms=8,mset=1,pi=1" "ms=8,mset=0,pi=1" "ms=16,mset=0,pi=1" "ms=16,mset=1,pi=1,pil=1")
for i in 1 2 3 4; do
    truncate -s 16M "$VMT_DIR/pi$i.raw" || exit 1
    args+=(--drive "file=$VMT_DIR/pi$i.raw,format=raw,if=none,id=p$i"
           --nvme "nvme-ns,drive=p$i,bus=c0,nsid=$i,logical_block_size=512,${ns_opts[$((i - 1))]}")
done
vmt_boot uio "${args[@]}" -- "$HERE/test_pi.sh" --guest
out=$VMT_DIR/uio/pi.out
vmt_check_guest_tool uio pi
# What the guest saw is what QEMU was told.
vmt_check "ns 1: type 1, 8 bytes interleaved" vmt_file_has "$out" '^pi-ns: nsid 1 pi 1 md 8 extended 1 '
vmt_check "ns 2: type 1, 8 bytes separate" vmt_file_has "$out" '^pi-ns: nsid 2 pi 1 md 8 extended 0 '
vmt_check "ns 3: type 1, 16 bytes separate, PI last" \
    vmt_file_has "$out" '^pi-ns: nsid 3 pi 1 md 16 extended 0 pil 0$'
vmt_check "ns 4: type 1, 16 bytes interleaved, PI first" \
    vmt_file_has "$out" '^pi-ns: nsid 4 pi 1 md 16 extended 1 pil 1$'
for i in 1 2 3 4; do
    vmt_check "ns $i: the controller refused a bad guard (SCT 2h SC 82h)" \
        vmt_file_has "$out" "^ok - ns $i: bad guard in block [0-9]+ refused: .*status 0x282"
    vmt_check "ns $i: the controller refused a bad reference tag (SCT 2h SC 84h)" \
        vmt_file_has "$out" "^ok - ns $i: bad reference tag in block [0-9]+ refused: .*status 0x284"
done
# The good blocks reached the disk image (64 blocks in, not zero).
vmt_check "ns 2: the raw image holds the written data" \
    bash -c "cmp -s -n 4096 -i $((64 * 512)):0 '$VMT_DIR/pi2.raw' /dev/zero; [ \$? -eq 1 ]"
vmt_done
