#!/usr/bin/env bash
# spdk/nvme_zns.h and the newer nvme.h I/O calls against QEMU 7.2
# (nvme_zns_check), one boot under vfio-pci.  One controller, two namespaces
# on raw files:
#   nsid 1  zoned (zoned=true, 1 MiB zones of 512-byte blocks): report zones,
#           zone append (the LBAs returned), writes at and off the write
#           pointer, finish, open, close, reset one and all
#   nsid 2  conventional: write_ext/read_iov, Simple Copy of two ranges read
#           back, VERIFY, reservations as ONCS says (QEMU 7.2 has none)
# The host then checks the appended and copied blocks in the raw images.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/vm/apps/vmtest.sh
. "$HERE/apps/vmtest.sh"
TOOL=test/vm/apps/nvme_zns_check
BDF=0000:00:10.0
NS_BYTES=$((16 * 1024 * 1024))

if [ "${1:-}" = --guest ]; then
    cd "$VMT_REPO" || exit 1
    out=$EALNVME_OUT
    HUGEMEM=${HUGEMEM:-512} scripts/setup.sh > "$out/setup.out" 2>&1
    echo $? > "$out/setup.rc"
    "$VMT_BUILD/$TOOL" -r "trtype:PCIe traddr:$BDF" > "$out/zns.out" 2> "$out/zns.err"
    echo $? > "$out/zns.rc"
    exit 0
fi

vmt_init test_zns
vmt_need_bins "$TOOL"
qemu=(--iommu --nvme "nvme,id=c0,serial=zns,addr=0x${BDF:8:2}")
for n in 1 2; do
    truncate -s "$NS_BYTES" "$VMT_DIR/ns$n.raw" || exit 1
    qemu+=(--drive "file=$VMT_DIR/ns$n.raw,format=raw,if=none,id=d$n")
done
qemu+=(--nvme "nvme-ns,drive=d1,bus=c0,nsid=1,logical_block_size=512,physical_block_size=512,zoned=true,zoned.zone_size=1M"
       --nvme "nvme-ns,drive=d2,bus=c0,nsid=2,logical_block_size=512")
vmt_boot vfio "${qemu[@]}" -- "$HERE/test_zns.sh" --guest
o=$VMT_DIR/vfio
out=$o/zns.out
vmt_expect_eq "guest ran the test" "$VMT_RC" 0
vmt_expect_eq "scripts/setup.sh exit code" "$(tr -dc 0-9 < "$o/setup.rc" 2>/dev/null)" 0
sed 's/^/    | /' "$out" 2>/dev/null
vmt_expect_eq "nvme_zns_check exit code" "$(tr -dc 0-9 < "$o/zns.rc" 2>/dev/null)" 0
vmt_check "nvme_zns_check: no failed check" vmt_file_lacks "$out" '^not ok'
vmt_check "nvme_zns_check: summary with 0 failed" vmt_file_has "$out" '^zns: [1-9][0-9]* passed, 0 failed$'
vmt_check "ns 1: CSI 2, 2048-block zones, 16 zones" \
    vmt_file_has "$out" '^zns-info: csi 2 zone_blocks 2048 zones 16 '
# What the guest appended to zone 3 and copied on nsid 2 is on the images.
lba=$(sed -n 's/^zns-info: zone3 lba //p' "$out" 2>/dev/null)
if [ -n "$lba" ]; then
    vmt_check "ns 1: zone 3's appended blocks are in the raw image" \
        bash -c "cmp -s -n 8192 -i $((lba * 512)):0 '$VMT_DIR/ns1.raw' /dev/zero; [ \$? -eq 1 ]"
fi
if vmt_file_has "$out" '^zns-info: copy dest 1000$'; then
    vmt_check "ns 2: copied blocks 0-3 at 1000 in the raw image" \
        cmp -s -n 2048 -i 0:$((1000 * 512)) "$VMT_DIR/ns2.raw" "$VMT_DIR/ns2.raw"
    vmt_check "ns 2: copied blocks 12-15 at 1004 in the raw image" \
        cmp -s -n 2048 -i $((12 * 512)):$((1004 * 512)) "$VMT_DIR/ns2.raw" "$VMT_DIR/ns2.raw"
fi
if [ "$VMT_RC" -ne 0 ] || ! vmt_file_has "$out" '^zns: [0-9]+ passed, 0 failed$'; then
    for f in setup.out zns.err; do
        echo "--- $f:"
        vmt_show "$o/$f" 20
    done
fi
[ "${EALNVME_VMTEST_KEEP:-0}" = 1 ] || rm -f "$VMT_DIR"/ns*.raw
vmt_done
