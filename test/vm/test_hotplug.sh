#!/usr/bin/env bash
# Surprise removal in a QEMU guest, under vfio-pci and uio_pci_generic
# (issue 10): the controller sits behind a PCIe root port; while
# test/vm/apps/nvme_hotplug reads at QD 32 and polls spdk_nvme_probe as SPDK's
# hotplug example does, the host sends QMP device_del:
#   - remove_cb runs (the time from device_del is measured on the host);
#   - every outstanding read completes once, with ABORTED - BY REQUEST;
#   - the program detaches and the kernel finishes the removal (the device
#     leaves the guest's PCI bus);
#   - a device added afterwards (QMP device_add) is attached by a later probe
#     and reads from it succeed.
#
#   test/vm/test_hotplug.sh        (host; boots two guests)
# Prints 'ok - ...' per assertion and 'test_hotplug: N passed, M failed'.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/vm/apps/vmtest.sh
. "$HERE/apps/vmtest.sh"
APP=test/vm/apps/nvme_hotplug

# ---- guest half: test_hotplug.sh --guest MODE ------------------------------------
guest() {
    local mode=$1 out=$EALNVME_OUT drv bdf
    cd "$VMT_REPO" || exit 1
    HUGEMEM=${HUGEMEM:-512} scripts/setup.sh > "$out/setup.out" 2>&1
    bdf=$(vmt_guest_nvme_bdfs | head -n 1)
    drv=$(vmt_guest_driver_of "$bdf")
    echo "$bdf $drv" > "$out/bdf"
    # The device added later must come up on the same userspace driver, not
    # on the kernel's nvme driver.
    modprobe -r nvme 2>/dev/null
    echo "1b36 0010" > "/sys/bus/pci/drivers/$drv/new_id" 2>/dev/null
    "$VMT_BUILD/$APP" "$out/hp.status" 60 > "$out/app.out" 2> "$out/app.err"
    echo $? > "$out/app.rc"
    # Was the removed device released (gone from the bus) while we ran?
    cat "$out/bus_after_remove" > /dev/null 2>&1
    return 0
}
if [ "${1:-}" = --guest ]; then
    guest "$2"
    exit 0
fi

# ---- host half --------------------------------------------------------------
vmt_init test_hotplug
vmt_need_bins "$APP"
command -v python3 > /dev/null || { echo "test_hotplug: python3 needed for QMP"; exit 1; }

# qmp SOCKET JSON-COMMAND: send one command on QEMU's monitor, print the reply.
qmp() {
    python3 - "$1" "$2" <<'EOF'
import json, socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(10)
s.connect(sys.argv[1])
f = s.makefile('rw')
json.loads(f.readline())                      # greeting
f.write(json.dumps({"execute": "qmp_capabilities"}) + "\n"); f.flush()
json.loads(f.readline())
f.write(sys.argv[2] + "\n"); f.flush()
while True:
    r = json.loads(f.readline())
    if "return" in r or "error" in r:
        print(json.dumps(r)); break
EOF
}

# wait_status FILE PATTERN SECONDS: until a line of FILE matches (or the
# guest is gone).
wait_status() {
    local i
    for i in $(seq $(($3 * 20))); do
        grep -Eq -- "$2" "$1" 2>/dev/null && return 0
        kill -0 "$guest_pid" 2>/dev/null || return 1
        sleep 0.05
    done
    return 1
}

now_ms() { date +%s%3N; }

for mode in vfio uio; do
    case $mode in
        vfio) opts=(--iommu) ;;
        uio) opts=() ;;
    esac
    o=$VMT_DIR/$mode
    mkdir -p "$o"
    sock=$VMT_DIR/$mode.qmp
    truncate -s 64M "$VMT_DIR/$mode-a.raw" "$VMT_DIR/$mode-b.raw"
    bash -c '. "$0" "$@"' "$VMT_RUN" --quiet --out "$o" "${opts[@]}" --timeout 240 \
        --qemu-arg -global --qemu-arg ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off \
        --qemu-arg -qmp --qemu-arg "unix:$sock,server=on,wait=off" \
        --drive "file=$VMT_DIR/$mode-a.raw,format=raw,if=none,id=da" \
        --drive "file=$VMT_DIR/$mode-b.raw,format=raw,if=none,id=db" \
        --nvme "pcie-root-port,id=rp1,bus=pcie.0,chassis=1,slot=1" \
        --nvme "id=nvme0,serial=hpa,drive=da,bus=rp1" \
        -- "$HERE/test_hotplug.sh" --guest "$mode" > "$o/run.log" 2>&1 &
    guest_pid=$!
    if wait_status "$o/hp.status" '^running$' 150; then
        vmt_ok "[$mode] reading at QD 32 before the removal"
        t0=$(now_ms)
        qmp "$sock" '{"execute": "device_del", "arguments": {"id": "nvme0"}}' > "$o/qmp_del.out"
        vmt_check "[$mode] QMP device_del accepted" vmt_file_has "$o/qmp_del.out" '"return"'
        if wait_status "$o/hp.status" '^removed$' 30; then
            t1=$(now_ms)
            vmt_ok "[$mode] remove_cb ran, $((t1 - t0)) ms after device_del (host clock)"
            echo "$mode $((t1 - t0))" >> "$VMT_DIR/latency"
        else
            vmt_notok "[$mode] remove_cb ran after device_del"
        fi
        wait_status "$o/hp.status" '^drained ' 30
        read -r _ aborted doubled other < <(grep '^drained ' "$o/hp.status" 2>/dev/null) || true
        vmt_check "[$mode] outstanding reads completed as aborted (${aborted:-none})" \
            test "${aborted:-0}" -ge 1
        vmt_expect_eq "[$mode] reads completed twice" "${doubled:-x}" 0
        vmt_expect_eq "[$mode] reads failed otherwise" "${other:-x}" 0
        # The kernel finishes the removal once the program let the device go:
        # QEMU then reports the device gone (query-pci no longer lists it).
        sleep 2
        qmp "$sock" '{"execute": "query-pci"}' > "$o/qmp_pci.out"
        vmt_check "[$mode] the device left QEMU's PCI bus (removal completed)" \
            vmt_file_lacks "$o/qmp_pci.out" '"qdev_id": "nvme0"'
        qmp "$sock" '{"execute": "device_add", "arguments": {"driver": "nvme", "id": "nvme1", "serial": "hpb", "drive": "db", "bus": "rp1"}}' > "$o/qmp_add.out"
        vmt_check "[$mode] QMP device_add accepted" vmt_file_has "$o/qmp_add.out" '"return"'
        wait_status "$o/hp.status" '^reattached ' 60
        n=$(sed -n 's/^reattached //p' "$o/hp.status" 2>/dev/null)
        vmt_check "[$mode] the new device was attached by a later probe and read (${n:-none})" \
            test "${n:-0}" -ge 2000
    else
        vmt_notok "[$mode] reading at QD 32 before the removal"
    fi
    wait "$guest_pid"
    rc=$?
    vmt_expect_eq "[$mode] guest ran the test" "$rc" 0
    vmt_expect_eq "[$mode] nvme_hotplug exit code" "$(tr -dc '0-9' < "$o/app.rc" 2>/dev/null)" 0
    if [ "$VMT_FAILED" -ne 0 ]; then
        for f in hp.status app.out app.err setup.out run.log console.log; do
            [ -f "$o/$f" ] && { echo "--- [$mode] $f:"; vmt_show "$o/$f" 20; }
        done
    fi
done
[ -f "$VMT_DIR/latency" ] && sed 's/^/removal latency (ms): /' "$VMT_DIR/latency"
vmt_done
