#!/usr/bin/env bash
# examples/identify against the kernel's view (nvme-cli), under vfio-pci (a
# guest with a vIOMMU) and under uio_pci_generic (a guest without).  In each
# guest: 'identify --json', the text output, '-r' for one controller, bad
# options and a -r naming no device; then 'scripts/setup.sh reset' gives the
# controllers back to the kernel and nvme-cli reads id-ctrl, id-ns and
# ns-descs.  The host checks with jq that the JSON is one valid document,
# that EVERY key a controller object shares with `nvme id-ctrl -o json` and
# a namespace object with `nvme id-ns -o json` has nvme-cli's value (psds
# and lbafs compared whole), that every nvme-cli key is among them (except
# those in NOT_PROVIDED_*, none today), and that our decoded keys (serial,
# lba_formats, UUID, optimal I/O, FRMW slots, ...) agree with nvme-cli's raw
# fields and with what QEMU was told.  Controllers:
#   c0 (00:10.0)  serial idj-c0, mdts=5, namespaces 1 (64 MiB, 512 B blocks,
#                 UUID and EUI64 given) and 2 (32 MiB, 4096 B blocks)
#   c1 (00:11.0)  serial idj-c1, QEMU's default mdts, namespace 1 (16 MiB, 4096 B)
#
#   test/vm/test_identify_json.sh      (needs jq and nvme-cli on the host)
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/vm/apps/vmtest.sh
. "$HERE/apps/vmtest.sh"
IDENTIFY=examples/identify/ealnvme_identify
MiB=$((1024 * 1024))
# controller  BDF  mdts ('-' = QEMU default)  namespaces as nsid:MiB:block
CTRLRS=(
    "c0 0000:00:10.0 5 1:64:512 2:32:4096"
    "c1 0000:00:11.0 - 1:16:4096"
)
QEMU_DEFAULT_MDTS=7
NS_UUID=5f2a4c3e-1b2d-4e5f-8a9b-0c1d2e3f4a5b	# c0 namespace 1
NS_EUI64=0102030405060708			# c0 namespace 1
NO_DEVICE_BDF=0000:00:1e.0
# nvme-cli 2.3 keys identify --json does not print, each with the reason.
# None: identify prints every member of nvme-cli's id-ctrl and id-ns JSON.
# (nvme-cli's vendor-specific dump, -v, is not JSON and not compared.)
NOT_PROVIDED_CTRL=()
NOT_PROVIDED_NS=()

# ---- guest half: test_identify_json.sh --guest --------------------------------
# run NAME CMD...: stdout, stderr and exit code of CMD in $EALNVME_OUT/NAME.*
run() {
    local name=$1
    shift
    "$@" > "$EALNVME_OUT/$name.out" 2> "$EALNVME_OUT/$name.err"
    echo $? > "$EALNVME_OUT/$name.rc"
}

guest() {
    local out=$EALNVME_OUT id
    cd "$VMT_REPO" || exit 1
    id=$VMT_BUILD/$IDENTIFY
    HUGEMEM=${HUGEMEM:-512} scripts/setup.sh > "$out/setup.out" 2>&1
    echo $? > "$out/setup.rc"
    run json "$id" --json
    run text "$id"
    run one "$id" -j -r "trtype:PCIe traddr:0000:00:11.0"
    run badopt "$id" -z
    run badnum "$id" -i notanumber
    run badtrid "$id" -r "trtype:PCIe traddr:zz"
    run extra "$id" --json extra
    run nodev "$id" -r "trtype:PCIe traddr:$NO_DEVICE_BDF"
    scripts/setup.sh reset > "$out/reset.out" 2>&1
    echo $? > "$out/reset.rc"
    vmt_guest_kernel_identify "$out"
}
if [ "${1:-}" = --guest ]; then
    guest
    exit 0
fi

# ---- host half --------------------------------------------------------------
vmt_init test_identify_json
vmt_need_bins "$IDENTIFY"
vmt_need_tools jq nvme

qemu=()
for c in "${CTRLRS[@]}"; do
    read -r name bdf mdts nss <<< "$c"
    opt="nvme,id=$name,serial=idj-$name,addr=0x${bdf:8:2}"
    [ "$mdts" = - ] || opt="$opt,mdts=$mdts"
    qemu+=(--nvme "$opt")
    for ns in $nss; do
        IFS=: read -r nsid mib block <<< "$ns"
        extra=
        [ "$name$nsid" = c01 ] && extra=",uuid=$NS_UUID,eui64=0x$NS_EUI64"
        qemu+=(--drive "driver=null-co,size=${mib}M,read-zeroes=on,if=none,id=d$name$nsid"
               --nvme "nvme-ns,drive=d$name$nsid,bus=$name,nsid=$nsid,logical_block_size=$block,physical_block_size=$block$extra")
    done
done

# q JSON FILTER: jq -r on a string ('' on any error).
q() { jq -r "$2" <<< "$1" 2>/dev/null; }
# qc JSON FILTER: compact jq output ('' on any error).
qc() { jq -c "$2" <<< "$1" 2>/dev/null; }
TRIM='sub("^\\s+"; "") | sub("\\s+$"; "")'

# check_shared TAG OURS NVME_CLI NOT_PROVIDED...: every key in both JSON
# objects has the same value (arrays and objects compared whole), and every
# nvme-cli key is in ours unless NOT_PROVIDED lists it.
check_shared() {
    local t=$1 o=${2:-null} k=${3:-null} except n
    shift 3
    except=$(printf '%s\n' "$@" | jq -R 'select(length > 0)' | jq -s -c .)
    n=$(jq -n --argjson o "$o" --argjson k "$k" \
        '[$k | keys[] | select(. as $x | $o | has($x))] | length' 2>/dev/null)
    vmt_check "[$t] ours and nvme-cli's JSON share keys (${n:-0})" test "${n:-0}" -gt 20
    vmt_expect_eq "[$t] every shared key has nvme-cli's value" "$(jq -n -c \
        --argjson o "$o" --argjson k "$k" '[$k | keys[] | select(. as $x | $o | has($x))
        | select($o[.] != $k[.]) | {key: ., ours: $o[.], nvme_cli: $k[.]}]' 2>&1)" "[]"
    vmt_expect_eq "[$t] every nvme-cli key is in ours" "$(jq -n -c --argjson o "$o" \
        --argjson k "$k" --argjson e "$except" '[$k | keys[] | select(. as $x
        | ($o | has($x) | not) and ($e | index([$x]) | not))]' 2>&1)" "[]"
}
rc_of() { tr -dc 0-9 < "$1" 2>/dev/null; }

# check_namespace TAG NAME NSID MIB BLOCK OURS_NS KERNEL_ID_NS KERNEL_NS_DESCS
check_namespace() {
    local t=$1 name=$2 nsid=$3 mib=$4 block=$5 n=$6 k=$7 kd=$8 want
    check_shared "$t $name ns $nsid" "$n" "$k" "${NOT_PROVIDED_NS[@]}"
    vmt_expect_eq "[$t $name ns $nsid] NSZE is what QEMU was given" "$(q "$n" .nsze)" \
        "$((mib * MiB / block))"
    vmt_expect_eq "[$t $name ns $nsid] size_bytes = NSZE x block size" "$(q "$n" .size_bytes)" \
        "$((mib * MiB))"
    vmt_expect_eq "[$t $name ns $nsid] lba_format_count: identify vs nvme-cli (NLBAF + 1)" \
        "$(q "$n" .lba_format_count)" "$(q "$k" '.nlbaf + 1')"
    vmt_expect_eq "[$t $name ns $nsid] lba_formats has lba_format_count entries" \
        "$(q "$n" '.lba_formats | length')" "$(q "$n" .lba_format_count)"
    vmt_expect_eq "[$t $name ns $nsid] each decoded LBA format's ms/lbads/rp: identify vs nvme-cli" \
        "$(qc "$n" '[.lba_formats[] | [.ms, .lbads, .rp]]')" \
        "$(qc "$k" '[.lbafs[] | [.ms, .ds, .rp]]')"
    vmt_expect_eq "[$t $name ns $nsid] current_lba_format: identify vs nvme-cli FLBAS" \
        "$(q "$n" .current_lba_format)" "$(q "$k" '.flbas % 16')"
    vmt_expect_eq "[$t $name ns $nsid] exactly the current format is marked current" \
        "$(qc "$n" '[.lba_formats[] | select(.current) | .index]')" "[$(q "$n" .current_lba_format)]"
    vmt_expect_eq "[$t $name ns $nsid] current format's data size is QEMU's block size" \
        "$(q "$n" '.lba_formats[.current_lba_format].data_size')" "$block"
    vmt_expect_eq "[$t $name ns $nsid] block_size is QEMU's block size" "$(q "$n" .block_size)" "$block"
    # Decoded extras against nvme-cli's raw fields.
    vmt_expect_eq "[$t $name ns $nsid] optimal_io_blocks: NPWG..NOWS + 1 when NSFEAT bit 4" \
        "$(qc "$n" .optimal_io_blocks)" "$(qc "$k" 'if (.nsfeat / 16 | floor) % 2 == 1 then
            {write_granularity: (.npwg + 1), write_alignment: (.npwa + 1),
             deallocate_granularity: (.npdg + 1), deallocate_alignment: (.npda + 1),
             write_size: (.nows + 1)} else null end')"
    vmt_expect_eq "[$t $name ns $nsid] shared: NMIC bit 0" "$(q "$n" .shared)" \
        "$(q "$k" '.nmic % 2 == 1')"
    want=$(q "$kd" '[."ns-descs"[] | select(.type == "uuid") | .uuid][0]')
    vmt_expect_eq "[$t $name ns $nsid] UUID: identify vs nvme-cli ns-descs" "$(q "$n" .uuid)" "$want"
    if [ "$name$nsid" = c01 ]; then
        vmt_expect_eq "[$t $name ns $nsid] UUID is the one QEMU was given" "$(q "$n" .uuid)" "$NS_UUID"
        vmt_expect_eq "[$t $name ns $nsid] EUI64 is the one QEMU was given" "$(q "$n" .eui64)" "$NS_EUI64"
    fi
}

# check_boot TAG: every assertion on one guest's results ($VMT_DIR/TAG).
check_boot() {
    local t=$1 o=$VMT_DIR/$1 all c name bdf mdts nss d ours kctrl want_ns ns nsid mib block f
    vmt_expect_eq "[$t] guest ran the test" "$VMT_RC" 0
    vmt_expect_eq "[$t] setup.sh exit code" "$(rc_of "$o/setup.rc")" 0
    vmt_expect_eq "[$t] identify --json exit code" "$(rc_of "$o/json.rc")" 0
    vmt_check "[$t] identify --json printed one valid JSON document" \
        jq -e 'type == "object" and (.controllers | type == "array")' "$o/json.out"
    all=$(jq -c . "$o/json.out" 2>/dev/null) || all='{}'
    vmt_expect_eq "[$t] one entry per controller" "$(q "$all" '.controllers | length')" "${#CTRLRS[@]}"
    vmt_expect_eq "[$t] controllers in bus order" "$(q "$all" '[.controllers[].traddr] | join(" ")')" \
        "0000:00:10.0 0000:00:11.0"
    [ -s "$o/json.err" ] && vmt_show "$o/json.err" 5
    for c in "${CTRLRS[@]}"; do
        read -r name bdf mdts nss <<< "$c"
        [ "$mdts" = - ] && mdts=$QEMU_DEFAULT_MDTS
        d=$o/$bdf
        ours=$(qc "$all" ".controllers[] | select(.traddr == \"$bdf\")")
        kctrl=$(cat "$d/id-ctrl.json" 2>/dev/null)
        vmt_check "[$t $name] identify reported $bdf" test -n "$ours"
        vmt_check "[$t $name] nvme id-ctrl gave JSON" jq -e .sn "$d/id-ctrl.json" > /dev/null
        check_shared "$t $name" "$ours" "$kctrl" "${NOT_PROVIDED_CTRL[@]}"
        vmt_expect_eq "[$t $name] serial (trimmed): identify vs nvme-cli" "$(q "$ours" .serial)" \
            "$(q "$kctrl" ".sn | $TRIM")"
        vmt_expect_eq "[$t $name] serial is the one QEMU was given" "$(q "$ours" .serial)" "idj-$name"
        vmt_expect_eq "[$t $name] sn keeps the padding of the 20-byte field" \
            "$(q "$ours" '.sn | length')" 20
        vmt_expect_eq "[$t $name] model (trimmed): identify vs nvme-cli" "$(q "$ours" .model)" \
            "$(q "$kctrl" ".mn | $TRIM")"
        vmt_expect_eq "[$t $name] firmware (trimmed): identify vs nvme-cli" "$(q "$ours" .firmware)" \
            "$(q "$kctrl" ".fr | $TRIM")"
        vmt_expect_eq "[$t $name] MDTS is the one QEMU was given" "$(q "$ours" .mdts)" "$mdts"
        vmt_expect_eq "[$t $name] limits.aerl (a count): nvme-cli's AERL + 1" \
            "$(q "$ours" .limits.aerl)" "$(q "$kctrl" '.aerl + 1')"
        vmt_expect_eq "[$t $name] frmw_decoded: nvme-cli's FRMW bits" "$(qc "$ours" .frmw_decoded)" \
            "$(qc "$kctrl" '{slots: ((.frmw / 2 | floor) % 8), slot1_read_only: (.frmw % 2 == 1),
                activation_without_reset: ((.frmw / 16 | floor) % 2 == 1)}')"
        vmt_expect_eq "[$t $name] warning temperature: nvme-cli's WCTEMP" \
            "$(q "$ours" .temperature_thresholds.warning_k)" "$(q "$kctrl" 'if .wctemp == 0 then null else .wctemp end')"
        vmt_expect_eq "[$t $name] oacs_decoded.format: nvme-cli's OACS bit 1" \
            "$(q "$ours" .oacs_decoded.format)" "$(q "$kctrl" '(.oacs / 2 | floor) % 2 == 1')"
        vmt_expect_eq "[$t $name] PCI vendor ID is QEMU's (1b36)" "$(q "$ours" .pci.vendor_id)" 6966
        vmt_expect_eq "[$t $name] MDTS in bytes (4 KiB pages)" "$(q "$ours" .limits.mdts_bytes)" \
            "$(( (1 << mdts) * 4096 ))"
        vmt_expect_eq "[$t $name] queues granted = Number of Queues feature" \
            "$(qc "$ours" .limits.io_queues_granted)" "$(qc "$ours" .features.number_of_queues)"
        vmt_check "[$t $name] health log read" test "$(q "$ours" '.health.temperature_k > 0')" = true
        vmt_expect_eq "[$t $name] temperature in C = K - 273" "$(q "$ours" .health.temperature_c)" \
            "$(q "$ours" '.health.temperature_k - 273')"
        vmt_check "[$t $name] power state 0 listed" test "$(q "$ours" '.power_states[0].ps')" = 0
        want_ns=$(for ns in $nss; do echo "${ns%%:*}"; done | sort -n | xargs)
        vmt_expect_eq "[$t $name] active namespaces" "$(q "$ours" '[.namespaces[].nsid] | join(" ")')" "$want_ns"
        for ns in $nss; do
            IFS=: read -r nsid mib block <<< "$ns"
            check_namespace "$t" "$name" "$nsid" "$mib" "$block" \
                "$(qc "$ours" ".namespaces[] | select(.nsid == $nsid)")" \
                "$(cat "$d/id-ns-$nsid.json" 2>/dev/null)" "$(cat "$d/ns-descs-$nsid.json" 2>/dev/null)"
        done
    done
    vmt_check "[$t] c0's two namespaces use different LBA formats" \
        test "$(q "$all" '[.controllers[0].namespaces[].current_lba_format] | unique | length')" = 2

    # Text output: the key sections, for each controller and namespace.
    vmt_expect_eq "[$t] identify (text) exit code" "$(rc_of "$o/text.rc")" 0
    for f in "NVMe Controller at 0000:00:10.0" "NVMe Controller at 0000:00:11.0" \
             "Serial Number +idj-c0" "Limits" "Optional Admin Command Support \(OACS\)" \
             "Optional NVM Command Support \(ONCS\)" "SGL Support" "Power States" \
             "Health Information Log" "Composite Temperature +[0-9]+ K \(-?[0-9]+ °C\)" \
             "Features" "Number of Queues" "Namespace 2" "LBAF4 .*\(current\)" "UUID +$NS_UUID" \
             "Subsystem NQN \(SUBNQN\) +$(q "$(cat "$o/0000:00:10.0/id-ctrl.json" 2>/dev/null)" .subnqn)$" \
             "Firmware Slots \(FRMW\) +[1-7], slot 1" "Log Page Attributes \(LPA\) +0x" \
             "Controller Attributes \(CTRATT\) +0x" "Warning Temperature \(WCTEMP\)" \
             "Total NVM Capacity \(TNVMCAP\)" "Shared \(NMIC\)" "NVM Capacity \(NVMCAP\)" \
             "ANA Group ID \(ANAGRPID\) +[0-9]+$"; do
        vmt_check "[$t] text output has '$f'" vmt_file_has "$o/text.out" "$f"
    done
    vmt_expect_eq "[$t] text output: one 'Namespace N' block per namespace" \
        "$(grep -c '^Namespace [0-9]' "$o/text.out" 2>/dev/null)" 3

    # -r picks exactly one controller.
    vmt_expect_eq "[$t] -r exit code" "$(rc_of "$o/one.rc")" 0
    vmt_expect_eq "[$t] -r 00:11.0 reports only that controller" \
        "$(jq -r '[.controllers[].traddr] | join(" ")' "$o/one.out" 2>/dev/null)" "0000:00:11.0"

    # Bad options: exit 1, a one-line reason, then the usage.
    for f in badopt:"unknown option '-z'" badnum:"-i needs a non-negative number" \
             badtrid:"invalid transport ID" extra:"unexpected argument 'extra'"; do
        vmt_expect_eq "[$t] ${f%%:*}: exit code" "$(rc_of "$o/${f%%:*}.rc")" 1
        vmt_check "[$t] ${f%%:*}: says '${f#*:}'" vmt_file_has "$o/${f%%:*}.err" "${f#*:}"
        vmt_check "[$t] ${f%%:*}: prints the usage" vmt_file_has "$o/${f%%:*}.err" "^usage: "
        vmt_check "[$t] ${f%%:*}: nothing on stdout" test ! -s "$o/${f%%:*}.out"
    done
    vmt_expect_eq "[$t] -r with no device there: exit code" "$(rc_of "$o/nodev.rc")" 1
    vmt_check "[$t] -r with no device there: points at setup.sh" \
        vmt_file_has "$o/nodev.err" "no NVMe controllers found.*scripts/setup.sh"
    if [ "$VMT_FAILED" -ne 0 ]; then
        for f in setup.out json.err text.err reset.out console.log; do
            echo "--- $t/$f:"
            vmt_show "$o/$f" 15
        done
    fi
}

vmt_boot vfio --iommu "${qemu[@]}" -- "$HERE/test_identify_json.sh" --guest
check_boot vfio
vmt_boot uio "${qemu[@]}" -- "$HERE/test_identify_json.sh" --guest
check_boot uio
vmt_done
