#!/usr/bin/env bash
# Controller Memory Buffer and Persistent Memory Region of QEMU's controller
# through spdk_nvme_ctrlr_map_cmb / enable_pmr / map_pmr (nvme_cmb_pmr run):
# CPU access, and I/O of namespace 1 whose payload is in the CMB or the PMR
# (the controller moves that data internally).  After the guest powered off,
# the PMR's backing file on the host must hold what the CPU stored into the
# PMR and what the controller DMA'd into it (nvme_cmb_pmr check-file).
#
# Two boots, 'vfio' (vIOMMU, vfio-pci, IOVA = VA: the CMB/PMR's IOVA is its
# virtual address) and 'uio' (uio_pci_generic, IOVA = PA: its bus address),
# each with one controller at 00:10.0 with cmb_size_mb=64 and an 8 MiB PMR
# on a shared memory-backend-file (a fresh file per boot), namespace 1 on a
# 64 MiB raw file; a second controller at 00:11.0 (its own 64 MiB namespace)
# reads into and writes from the first one's CMB, as SPDK's cmb_copy does.
#
#   test/vm/test_cmb_pmr.sh          seed: $EALNVME_TEST_SEED, else time-based
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/vm/apps/vmtest.sh
. "$HERE/apps/vmtest.sh"
TOOL=test/vm/apps/nvme_cmb_pmr
BDF=0000:00:10.0
PEER=0000:00:11.0

if [ "${1:-}" = --guest ]; then
    cd "$VMT_REPO" || exit 1
    HUGEMEM=${HUGEMEM:-512} scripts/setup.sh > "$EALNVME_OUT/setup.out" 2>&1
    echo $? > "$EALNVME_OUT/setup.rc"
    "$VMT_BUILD/$TOOL" run "$BDF" "$2" "$PEER" > "$EALNVME_OUT/run.out" 2> "$EALNVME_OUT/run.err"
    echo $? > "$EALNVME_OUT/run.rc"
    exit 0
fi

# shellcheck disable=SC2317  # called through vmt_check
all_ok() { vmt_file_lacks "$1" '^not ok' && vmt_file_has "$1" '^ok - detach$'; }

vmt_init test_cmb_pmr
vmt_need_bins "$TOOL"
seed=${EALNVME_TEST_SEED:-$(( $(date +%s) % 65536 ))}
vmt_log "seed $seed (rerun with EALNVME_TEST_SEED=$seed)"
truncate -s 64M "$VMT_DIR/ns.raw" && truncate -s 64M "$VMT_DIR/peer.raw" || exit 1

for boot in vfio uio; do
    qemu=()
    [ "$boot" = vfio ] && qemu=(--iommu)
    : > "$VMT_DIR/pmr.img" && truncate -s 8M "$VMT_DIR/pmr.img" || exit 1
    vmt_boot "$boot" "${qemu[@]}" \
        --qemu-arg -object \
        --qemu-arg "memory-backend-file,id=pmr0,share=on,mem-path=$VMT_DIR/pmr.img,size=8M" \
        --drive "file=$VMT_DIR/ns.raw,format=raw,if=none,id=d0" \
        --nvme "nvme,id=c0,serial=cmbpmr,addr=0x10,cmb_size_mb=64,pmrdev=pmr0" \
        --nvme "nvme-ns,drive=d0,bus=c0,nsid=1" \
        --drive "file=$VMT_DIR/peer.raw,format=raw,if=none,id=d1" \
        --nvme "nvme,id=c1,serial=cmbpeer,addr=0x11,drive=d1" \
        -- "$HERE/test_cmb_pmr.sh" --guest "$seed"
    o=$VMT_DIR/$boot
    vmt_expect_eq "[$boot] guest ran the test" "$VMT_RC" 0
    vmt_expect_eq "[$boot] scripts/setup.sh exit code" \
        "$(tr -dc 0-9 < "$o/setup.rc" 2>/dev/null)" 0
    sed 's/^/    | /' "$o/run.out" 2>/dev/null
    vmt_expect_eq "[$boot] nvme_cmb_pmr run exit code" \
        "$(tr -dc 0-9 < "$o/run.rc" 2>/dev/null)" 0
    vmt_check "[$boot] every guest check passed, to the end" \
        all_ok "$o/run.out"
    vmt_check "[$boot] the CMB was written from and read into" \
        vmt_file_has "$o/run.out" '^ok - read back into the CMB at 32 MiB'
    vmt_check "[$boot] another controller read into and wrote from the CMB" \
        vmt_file_has "$o/run.out" '^ok - peer controller: write from this CMB'
    vmt_check "[$boot] the PMR was written from and read into" \
        vmt_file_has "$o/run.out" '^ok - read back into the PMR at 1 MiB'
    "$VMT_BUILD/$TOOL" check-file "$VMT_DIR/pmr.img" "$seed" > "$VMT_DIR/check.out" 2>&1
    crc=$?
    sed 's/^/    | /' "$VMT_DIR/check.out"
    vmt_expect_eq "[$boot] the PMR's backing file holds both patterns" "$crc" 0
    # The check must be able to fail: another seed's pattern is not there.
    "$VMT_BUILD/$TOOL" check-file "$VMT_DIR/pmr.img" "$((seed + 1))" > /dev/null 2>&1
    vmt_expect_eq "[$boot] check-file with a wrong seed fails" "$?" 1
    if [ "$VMT_RC" -ne 0 ] || ! vmt_file_lacks "$o/run.out" '^not ok'; then
        for f in setup.out run.err; do
            echo "--- [$boot] $f:"
            vmt_show "$o/$f" 20
        done
    fi
done
vmt_done
