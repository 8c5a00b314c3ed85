#!/usr/bin/env bash
# Install what is needed, build, and run examples/hello_world: against an
# NVMe controller already bound to vfio-pci/uio_pci_generic if this machine
# has one, otherwise inside a QEMU guest with an emulated NVMe SSD (a raw
# file, so the data really goes somewhere).  Run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install_deps.sh
scripts/build.sh >/dev/null
HELLO=$PWD/build/examples/hello_world/ealnvme_hello_world

bound=()
for dev in /sys/bus/pci/devices/*; do
    [ "$(cat "$dev/class" 2>/dev/null)" = "0x010802" ] || continue
    drv=$(basename "$(readlink "$dev/driver" 2>/dev/null)" 2>/dev/null || true)
    case "$drv" in vfio-pci|uio_pci_generic) bound+=("$(basename "$dev")") ;; esac
done

if [ ${#bound[@]} -gt 0 ]; then
    echo "hello.sh: NVMe controller(s) bound for userspace: ${bound[*]}; running hello_world here"
    echo "hello.sh: WARNING: it writes 'Hello world!' to LBA 0 of each namespace"
    exec "$HELLO"
fi

echo "hello.sh: no NVMe controller bound to vfio-pci/uio_pci_generic here"
echo "hello.sh: (scripts/setup.sh binds real ones; see README) - using a QEMU guest instead"
work=$(mktemp -d /tmp/ealnvme-hello.XXXXXX)
trap 'rm -rf "$work"' EXIT
truncate -s 1G "$work/nvme.raw"	# sparse
cat >"$work/guest.sh" <<GUEST
#!/bin/bash
set -e
cd "$PWD"
scripts/setup.sh >/dev/null
exec "$HELLO"
GUEST
chmod +x "$work/guest.sh"
test/vm/run.sh --iommu --quiet --out "$work/out" \
    --drive "file=$work/nvme.raw,format=raw,if=none,id=nvm0" \
    --nvme "serial=ealnvme-hello,drive=nvm0" -- "$work/guest.sh" &&
    rc=0 || rc=$?
# run.sh --quiet keeps the console in the log; show the program's lines.
sed -n '/^Initializing NVMe Controllers/,/EALNVME_EXIT/p' "$work/out/console.log" | grep -v EALNVME_EXIT || true
exit $rc
