#!/usr/bin/env bash
# Data integrity through ealnvme, checked twice: by reading back in the guest
# (nvme_integrity write-verify) and, after the guest has powered off, by
# reading the raw image files on the host (nvme_integrity check-file: the
# pattern at every written block, zeroes everywhere else).  Each namespace is
# namespace 1 of its own controller, on a sparse 256 MiB raw file.
#
# Boot 'vfio' (vIOMMU, vfio-pci, IOVA = VA), QEMU mdts=6 (256 KiB transfers),
# so the "max", "2 x max + 512" and random cases up to 3 x max are split:
#   c0 (00:10.0)  512-byte blocks, a 16-entry I/O queue (requests wait for
#                 free slots: the driver's queued path)
#   c1 (00:11.0)  4096-byte blocks (QEMU nvme-ns logical_block_size=4096),
#                 the default I/O queue, --no-sgl: PRP lists, where c0's
#                 transfers beyond two pages go as SGL Data Blocks (QEMU
#                 reports SGLS 01b)
# Boot 'uio' (uio_pci_generic, IOVA = PA: buffers are physically scattered):
#   c2 (00:10.0)  512-byte blocks, mdts=0 (no limit): ealnvme's own 2 MiB cap,
#                 a full PRP list page per command
#
#   test/vm/test_integrity.sh          seed: $EALNVME_TEST_SEED, else time-based
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/vm/apps/vmtest.sh
. "$HERE/apps/vmtest.sh"
TOOL=test/vm/apps/nvme_integrity
NS_BYTES=$((256 * 1024 * 1024))
# boot name BDF sector mdts [write-verify options]
CASES=(
    "vfio c0 0000:00:10.0 512 6 -Q 16"
    "vfio c1 0000:00:11.0 4096 6 --no-sgl"
    "uio c2 0000:00:10.0 512 0"
)

# max_xfer MDTS: the transfer limit ealnvme must derive (CAP.MPSMIN = 4 KiB;
# no limit or more than 2 MiB: its 2 MiB cap).
max_xfer() {
    local m=$(( 4096 << $1 ))
    if [ "$1" -eq 0 ] || [ "$m" -gt 2097152 ]; then m=2097152; fi
    echo "$m"
}

# ---- guest half: test_integrity.sh --guest BOOT SEED ----------------------------
guest() {
    local boot=$1 seed=$2 out=$EALNVME_OUT c b name bdf extra
    cd "$VMT_REPO" || exit 1
    HUGEMEM=${HUGEMEM:-512} scripts/setup.sh > "$out/setup.out" 2>&1
    echo $? > "$out/setup.rc"
    for c in "${CASES[@]}"; do
        read -r b name bdf _ _ extra <<< "$c"
        [ "$b" = "$boot" ] || continue
        # shellcheck disable=SC2086  # extra holds options
        "$VMT_BUILD/$TOOL" write-verify -r "trtype:PCIe traddr:$bdf" -s "$((seed + ${name#c}))" \
            $extra > "$out/$name.out" 2> "$out/$name.err"
        echo $? > "$out/$name.rc"
    done
    return 0
}
if [ "${1:-}" = --guest ]; then
    guest "$2" "$3"
    exit 0
fi

# ---- host half --------------------------------------------------------------
# shellcheck disable=SC2317  # called through vmt_check
no_io_trouble() { vmt_file_has "$1" ', 0 I/O errors$' && vmt_file_lacks "$1" '^MISMATCH'; }

vmt_init test_integrity
vmt_need_bins "$TOOL"
seed=${EALNVME_TEST_SEED:-$(date +%s)}
vmt_log "seed $seed (rerun with EALNVME_TEST_SEED=$seed)"

for boot in vfio uio; do
    qemu=()
    [ "$boot" = vfio ] && qemu=(--iommu)
    for c in "${CASES[@]}"; do
        read -r b name bdf sector mdts _ <<< "$c"
        [ "$b" = "$boot" ] || continue
        truncate -s "$NS_BYTES" "$VMT_DIR/$name.raw" || exit 1
        qemu+=(--drive "file=$VMT_DIR/$name.raw,format=raw,if=none,id=d$name"
               --nvme "nvme,id=$name,serial=integrity-$name,mdts=$mdts,addr=0x${bdf:8:2}"
               --nvme "nvme-ns,drive=d$name,bus=$name,nsid=1,logical_block_size=$sector,physical_block_size=$sector")
    done
    vmt_boot "$boot" "${qemu[@]}" -- "$HERE/test_integrity.sh" --guest "$boot" "$seed"
    o=$VMT_DIR/$boot
    vmt_expect_eq "[$boot] guest ran the test" "$VMT_RC" 0
    vmt_expect_eq "[$boot] scripts/setup.sh exit code" \
        "$(tr -dc 0-9 < "$o/setup.rc" 2>/dev/null)" 0

    for c in "${CASES[@]}"; do
        read -r b name bdf sector mdts _ <<< "$c"
        [ "$b" = "$boot" ] || continue
        out=$o/$name.out
        s=$((seed + ${name#c}))
        sed 's/^/    | /' "$out" 2>/dev/null | grep -Ev '^    \| (integrity-params|FAIL|MISMATCH)'
        vmt_expect_eq "[$name] write-verify exit code" "$(tr -dc 0-9 < "$o/$name.rc" 2>/dev/null)" 0
        summary=$(grep -E '^integrity: [0-9]+ writes, [0-9]+ bytes, [0-9]+ mismatches$' "$out" 2>/dev/null)
        vmt_check "[$name] write-verify: '${summary:-no summary line}'" \
            grep -Eq '^integrity: [1-9][0-9]* writes, [1-9][0-9]* bytes, 0 mismatches$' <<< "$summary"
        vmt_check "[$name] write-verify: no I/O error, no MISMATCH line" no_io_trouble "$out"
        vmt_check "[$name] write-verify: every argument check passed (-EINVAL cases)" \
            vmt_file_has "$out" ' 0 failed argument checks,'
        if grep -q '^FAIL' "$out" 2>/dev/null; then
            grep -E '^(FAIL|MISMATCH)' "$out" | head -n 10 | sed 's/^/    | /'
        fi
        vmt_check "[$name] at least 8 I/Os were in flight at once" \
            vmt_file_has "$out" 'max ([89]|[1-9][0-9]+) I/Os in flight'
        # The geometry the guest saw must be the one QEMU was given.
        params=$(sed -n 's/^integrity-params: //p' "$out" 2>/dev/null)
        vmt_expect_eq "[$name] geometry seen by ealnvme" "${params% -c *}" \
            "--seed $s --ns-bytes $NS_BYTES --sector $sector --max-xfer $(max_xfer "$mdts")"
        if [ -n "$params" ]; then
            # shellcheck disable=SC2086  # params holds options
            "$VMT_BUILD/$TOOL" check-file "$VMT_DIR/$name.raw" $params > "$VMT_DIR/$name.check" 2>&1
            crc=$?
            sed 's/^/    | /' "$VMT_DIR/$name.check" | head -n 12
            vmt_expect_eq "[$name] check-file of the raw image on the host" "$crc" 0
            # The checker must be able to fail: another seed's pattern is not there.
            # shellcheck disable=SC2086
            "$VMT_BUILD/$TOOL" check-file "$VMT_DIR/$name.raw" \
                ${params/--seed $s /--seed $((s + 1000)) } > /dev/null 2>&1
            vmt_expect_eq "[$name] check-file with a wrong seed fails" "$?" 1
        else
            vmt_notok "[$name] no integrity-params line: cannot check the raw image"
        fi
        rm -f "$VMT_DIR/$name.raw"
    done
    if [ "$VMT_RC" -ne 0 ]; then
        for f in setup.out c*.err; do
            [ -f "$o/$f" ] && { echo "--- [$boot] $f:"; vmt_show "$o/$f" 20; }
        done
    fi
done
vmt_done
