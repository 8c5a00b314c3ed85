#!/usr/bin/env bash
# librte_bus_pci must come from the DPDK that pkg-config chose (meson.build),
# never from another install on the linker's default path.  A second "DPDK
# install" is faked in a temporary directory: DPDK's .pc files with libdir
# pointing there, and links to the system's librte_* files.
#   test/build/test_dpdk_libdir.sh SOURCE_DIR
# Prints 'ok - ...' per assertion; exit 0 only if all passed.
set -uo pipefail

src=${1:?usage: test_dpdk_libdir.sh SOURCE_DIR}
sys_libdir=$(pkg-config --variable=libdir libdpdk) || { echo "not ok - libdpdk not found"; exit 1; }
sys_pcdir=$(dirname "$(pkg-config --path libdpdk)")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ealnvme-dpdk-libdir.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
failed=0
ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; failed=1; }

mkdir -p "$tmp/pc" "$tmp/lib"
for pc in libdpdk libdpdk-libs; do
    sed "s|^libdir=.*|libdir=$tmp/lib|" "$sys_pcdir/$pc.pc" > "$tmp/pc/$pc.pc"
done
ln -s "$sys_libdir"/librte_* "$tmp/lib/"

# setup DIR: meson setup with the fake DPDK first on PKG_CONFIG_PATH.
setup() {
    PKG_CONFIG_PATH=$tmp/pc${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH} \
        meson setup "$1" "$src" -Dexamples=false -Dtests=false > "$1.log" 2>&1
}

if setup "$tmp/b1"; then
    ok "meson setup with a second DPDK at $tmp/lib"
    # The library's link line names that install's librte_bus_pci.
    if grep -q "$tmp/lib/librte_bus_pci\.so" "$tmp/b1/build.ninja"; then
        ok "libealnvme links $tmp/lib/librte_bus_pci.so"
    else
        notok "libealnvme links $tmp/lib/librte_bus_pci.so"
        grep -o '[^ ]*rte_bus_pci[^ ]*' "$tmp/b1/build.ninja" | sort -u | sed 's/^/    | /'
    fi
    grep -q "$sys_libdir/librte_bus_pci" "$tmp/b1/build.ninja" &&
        notok "nothing links $sys_libdir/librte_bus_pci" ||
        ok "nothing links $sys_libdir/librte_bus_pci"
    # The installed ealnvme.pc records the DPDK it was built against.
    if grep -qx "dpdk_libdir=$tmp/lib" "$tmp/b1/ealnvme.pc"; then
        ok "ealnvme.pc: dpdk_libdir=$tmp/lib"
    else
        notok "ealnvme.pc: dpdk_libdir=$tmp/lib"
    fi
else
    notok "meson setup with a second DPDK at $tmp/lib"
    sed 's/^/    | /' "$tmp/b1.log" | tail -20
fi

# That install lacks librte_bus_pci: refuse, naming it, rather than take the
# system's.
rm -f "$tmp/lib"/librte_bus_pci.*
if setup "$tmp/b2"; then
    notok "meson setup refuses a DPDK without librte_bus_pci"
else
    ok "meson setup refuses a DPDK without librte_bus_pci"
    if grep -q "librte_bus_pci.so is not in $tmp/lib" "$tmp/b2.log"; then
        ok "... and says librte_bus_pci.so is not in $tmp/lib"
    else
        notok "... and says librte_bus_pci.so is not in $tmp/lib"
        tail -5 "$tmp/b2.log" | sed 's/^/    | /'
    fi
fi
exit $failed
