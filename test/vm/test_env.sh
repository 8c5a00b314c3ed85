#!/usr/bin/env bash
# The env's PCI device calls and DMA objects in a QEMU guest, under vfio-pci
# and uio_pci_generic (test/vm/apps/env_pci_check.c): address getters,
# config space reads against sysfs and a write read back, the PCIe serial
# number (QEMU's controller has no DSN capability: -1), claim/unclaim on the
# attach's lock, spdk_pci_for_each_device, spdk_iommu_is_enabled, mempool
# and memzone IOVAs, memory-map notifications as DPDK takes hugepages.
#
#   test/vm/test_env.sh        (host; boots two guests)
# Prints 'ok - ...' per assertion and 'test_env: N passed, M failed'.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/vm/apps/vmtest.sh
. "$HERE/apps/vmtest.sh"
APP=test/vm/apps/env_pci_check

# ---- guest half: test_env.sh --guest vfio|uio -----------------------------------
guest() {
    local mode=$1 out=$EALNVME_OUT bdf
    cd "$VMT_REPO" || exit 1
    HUGEMEM=${HUGEMEM:-512} scripts/setup.sh > "$out/setup.out" 2>&1
    bdf=$(vmt_guest_nvme_bdfs | head -n 1)
    echo "$bdf" > "$out/bdf"
    "$VMT_BUILD/$APP" "$bdf" "$mode" > "$out/check.out" 2> "$out/check.err"
    echo $? > "$out/check.rc"
    scripts/setup.sh reset > "$out/reset.out" 2>&1
    return 0
}
if [ "${1:-}" = --guest ]; then
    guest "$2"
    exit 0
fi

# ---- host half --------------------------------------------------------------
vmt_init test_env
vmt_need_bins "$APP"
rc() { [ -f "$1" ] && tr -dc '0-9' < "$1"; }

for mode in vfio uio; do
    case $mode in
        vfio) opts=(--iommu) ;;
        uio) opts=() ;;
    esac
    o=$VMT_DIR/$mode
    vmt_boot "$mode" "${opts[@]}" -- "$HERE/test_env.sh" --guest "$mode"
    vmt_expect_eq "[$mode] guest ran the test" "$VMT_RC" 0
    vmt_expect_eq "[$mode] env_pci_check exit code" "$(rc "$o/check.rc")" 0
    vmt_check "[$mode] env_pci_check: every check held" vmt_file_has "$o/check.out" '^env_pci_check: OK$'
    vmt_check "[$mode] no failed check" test -z "$(grep '^FAIL' "$o/check.out" 2>/dev/null)"
    # QEMU 7.2's NVMe controller has no Device Serial Number capability.
    vmt_check "[$mode] serial number: -1 (no DSN on QEMU's controller)" \
        vmt_file_has "$o/check.out" '^serial -1 -$'
    if [ -f "$o/check.out" ] && grep -q '^FAIL' "$o/check.out"; then
        vmt_show "$o/check.out" 40
        vmt_show "$o/check.err" 20
    fi
done
vmt_done
