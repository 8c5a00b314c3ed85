#!/usr/bin/env bash
# IDENTIFY through ealnvme against the kernel's view (nvme-cli), one boot:
# in the guest, test/vm/apps/nvme_identify_dump (vfio-pci) prints what the
# library read; then 'scripts/setup.sh reset' gives the controllers back to
# the kernel nvme driver and nvme-cli reads id-ctrl / id-ns.  The host compares
# serial, model, firmware, NN, MDTS and, per active namespace, NSZE, NCAP,
# NUSE, the formatted LBA index and the LBA data size, with jq, and checks
# both against what QEMU was told.  Controllers:
#   c0 (00:10.0)  serial ident-c0, mdts=5, namespaces 1 (96 MiB, 512 B blocks)
#                 and 3 (64 MiB, 4096 B blocks): a gap in the active list
#   c1 (00:11.0)  serial ident-c1, QEMU's default mdts, namespace 1 (32 MiB, 4 KiB)
#
#   test/vm/test_identify.sh           (needs jq and nvme-cli on the host)
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/vm/apps/vmtest.sh
. "$HERE/apps/vmtest.sh"
DUMP=test/vm/apps/nvme_identify_dump
MiB=$((1024 * 1024))
# controller  BDF  mdts ('' = QEMU default)  namespaces as nsid:MiB:block
CTRLRS=(
    "c0 0000:00:10.0 5 1:96:512 3:64:4096"
    "c1 0000:00:11.0 - 1:32:4096"
)
QEMU_DEFAULT_MDTS=7

# ---- guest half: test_identify.sh --guest ---------------------------------------
guest() {
    local out=$EALNVME_OUT
    cd "$VMT_REPO" || exit 1
    HUGEMEM=${HUGEMEM:-512} scripts/setup.sh > "$out/setup.out" 2>&1
    echo $? > "$out/setup.rc"
    "$VMT_BUILD/$DUMP" -o "$out/ealnvme.json" > "$out/dump.out" 2>&1
    echo $? > "$out/dump.rc"
    scripts/setup.sh reset > "$out/reset.out" 2>&1
    echo $? > "$out/reset.rc"
    vmt_guest_kernel_identify "$out"
}
if [ "${1:-}" = --guest ]; then
    guest
    exit 0
fi

# ---- host half --------------------------------------------------------------
vmt_init test_identify
vmt_need_bins "$DUMP"
vmt_need_tools jq nvme

qemu=()
for c in "${CTRLRS[@]}"; do
    read -r name bdf mdts nss <<< "$c"
    opt="nvme,id=$name,serial=ident-$name,addr=0x${bdf:8:2}"
    [ "$mdts" = - ] || opt="$opt,mdts=$mdts"
    qemu+=(--nvme "$opt")
    for ns in $nss; do
        IFS=: read -r nsid mib block <<< "$ns"
        qemu+=(--drive "driver=null-co,size=${mib}M,read-zeroes=on,if=none,id=d$name$nsid"
               --nvme "nvme-ns,drive=d$name$nsid,bus=$name,nsid=$nsid,logical_block_size=$block,physical_block_size=$block")
    done
done
vmt_boot guest --iommu "${qemu[@]}" -- "$HERE/test_identify.sh" --guest
o=$VMT_DIR/guest
vmt_expect_eq "guest ran the test" "$VMT_RC" 0
for f in setup dump reset; do
    vmt_expect_eq "$f exit code" "$(tr -dc 0-9 < "$o/$f.rc" 2>/dev/null)" 0
done
echo "--- nvme_identify_dump:"
sed 's/^/    | /' "$o/ealnvme.json" 2>/dev/null
ours_all=$(jq -s -c '.' "$o/ealnvme.json" 2>/dev/null) || ours_all='[]'
vmt_expect_eq "nvme_identify_dump printed valid JSON, one document per controller" \
    "$(jq 'length' <<< "$ours_all")" "${#CTRLRS[@]}"

# kernel_nsids DIR: the nsids nvme-cli answered for, sorted, on one line.
kernel_nsids() {
    local f
    for f in "$1"/id-ns-*.json; do
        [ -s "$f" ] || continue
        f=${f##*/id-ns-}
        echo "${f%.json}"
    done | sort -n | xargs
}

# q JSON FILTER: jq -r on a string ('' on any error).
q() { jq -r "$2" <<< "$1" 2>/dev/null; }
TRIM='sub("^\\s+"; "") | sub("\\s+$"; "")'

for c in "${CTRLRS[@]}"; do
    read -r name bdf mdts nss <<< "$c"
    [ "$mdts" = - ] && mdts=$QEMU_DEFAULT_MDTS
    d=$o/$bdf
    ours=$(jq -c --arg t "$bdf" '.[] | select(.traddr == $t)' <<< "$ours_all")
    kctrl=$(cat "$d/id-ctrl.json" 2>/dev/null)
    vmt_check "[$name] ealnvme reported controller $bdf" test -n "$ours"
    vmt_check "[$name] nvme id-ctrl /dev/$(cat "$d/name" 2>/dev/null) gave JSON" \
        jq -e '.sn' "$d/id-ctrl.json" > /dev/null 2>&1
    [ -s "$d/id-ctrl.err" ] && vmt_show "$d/id-ctrl.err" 5
    vmt_expect_eq "[$name] serial: ealnvme vs nvme-cli" "$(q "$ours" .serial)" "$(q "$kctrl" ".sn | $TRIM")"
    vmt_expect_eq "[$name] serial is the one QEMU was given" "$(q "$ours" .serial)" "ident-$name"
    vmt_expect_eq "[$name] model: ealnvme vs nvme-cli" "$(q "$ours" .model)" "$(q "$kctrl" ".mn | $TRIM")"
    vmt_check "[$name] model is not empty" test -n "$(q "$ours" .model)"
    vmt_expect_eq "[$name] firmware: ealnvme vs nvme-cli" "$(q "$ours" .firmware)" "$(q "$kctrl" ".fr | $TRIM")"
    vmt_expect_eq "[$name] NN: ealnvme vs nvme-cli" "$(q "$ours" .nn)" "$(q "$kctrl" .nn)"
    vmt_expect_eq "[$name] MDTS: ealnvme vs nvme-cli" "$(q "$ours" .mdts)" "$(q "$kctrl" .mdts)"
    vmt_expect_eq "[$name] MDTS is the one QEMU was given" "$(q "$ours" .mdts)" "$mdts"
    # Active namespaces: ealnvme's list, the kernel's block devices, QEMU's config.
    want_ns=$(for ns in $nss; do echo "${ns%%:*}"; done | sort -n | xargs)
    vmt_expect_eq "[$name] active namespaces: ealnvme" "$(q "$ours" '.namespaces[].nsid' | xargs)" "$want_ns"
    vmt_expect_eq "[$name] active namespaces: kernel" \
        "$(kernel_nsids "$d")" "$want_ns"
    for ns in $nss; do
        IFS=: read -r nsid mib block <<< "$ns"
        n=$(q "$ours" ".namespaces[] | select(.nsid == $nsid)")
        k=$(cat "$d/id-ns-$nsid.json" 2>/dev/null)
        for f in nsze ncap nuse; do
            vmt_expect_eq "[$name ns $nsid] ${f^^}: ealnvme vs nvme-cli" "$(q "$n" ".$f")" "$(q "$k" ".$f")"
        done
        vmt_expect_eq "[$name ns $nsid] NSZE is what QEMU was given" "$(q "$n" .nsze)" \
            "$((mib * MiB / block))"
        vmt_expect_eq "[$name ns $nsid] formatted LBA index: ealnvme vs nvme-cli" \
            "$(q "$n" .flbas)" "$(q "$k" '.flbas % 16')"
        # shellcheck disable=SC2016  # jq variables
        kds=$(q "$k" '.lbafs[.flbas % 16].ds as $d | reduce range($d) as $i (1; . * 2)')
        vmt_expect_eq "[$name ns $nsid] LBA data size: ealnvme vs nvme-cli" "$(q "$n" .lba_data_size)" "$kds"
        vmt_expect_eq "[$name ns $nsid] LBA data size is the block size QEMU was given" \
            "$(q "$n" .lba_data_size)" "$block"
        vmt_expect_eq "[$name ns $nsid] spdk_nvme_ns_get_sector_size() = LBA data size" \
            "$(q "$n" .sector_size)" "$kds"
        vmt_expect_eq "[$name ns $nsid] spdk_nvme_ns_get_num_sectors() = NSZE" \
            "$(q "$n" .num_sectors)" "$(q "$k" .nsze)"
    done
done
if [ "$VMT_FAILED" -ne 0 ]; then
    for f in setup.out dump.out reset.out console.log; do
        echo "--- $f:"
        vmt_show "$o/$f" 20
    done
fi
vmt_done
