#!/usr/bin/env bash
# Install a build into a temporary prefix and build test/vm/apps/pkgconfig_app.c
# outside the tree, through pkg-config, in the three documented ways
# (docs/linking.md):
#   OUT/app_shared       pkg-config --libs ealnvme          (libealnvme.so, shared DPDK)
#   OUT/app_archive      libealnvme.a + pkg-config --libs libdpdk + -lrte_bus_pci
#   OUT/app_static       pkg-config --static --libs ealnvme (libealnvme.a, DPDK's .a)
# and OUT/prefix (the installed tree; app_shared needs LD_LIBRARY_PATH=OUT/libdir).
#   test/build/build_pkgconfig_apps.sh BUILD_DIR OUT
# Exit 0 when all three linked; the compiler's complaint otherwise.
set -euo pipefail

build=$(cd "${1:?usage: build_pkgconfig_apps.sh BUILD_DIR OUT}" && pwd)
out=${2:?usage: build_pkgconfig_apps.sh BUILD_DIR OUT}
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/test/vm/apps/pkgconfig_app.c
mkdir -p "$out"
out=$(cd "$out" && pwd)

rm -rf "$out/destdir"
meson install -C "$build" --no-rebuild --quiet --destdir "$out/destdir" > "$out/install.log" 2>&1 || {
    cat "$out/install.log" >&2
    exit 1
}
pc=$(find "$out/destdir" -name ealnvme.pc -path '*/pkgconfig/*' | head -n 1)
[ -n "$pc" ] || { echo "build_pkgconfig_apps.sh: meson install put no ealnvme.pc in $out/destdir" >&2; exit 1; }
pcdir=$(dirname "$pc")
# Relocate: the .pc files say prefix=<the configured prefix>; here it is
# under DESTDIR.  (--define-variable would move libdpdk's prefix too.)
prefix=$(sed -n 's/^prefix=//p' "$pc")
sed -i "s|^prefix=.*|prefix=$out/destdir$prefix|" "$pcdir"/ealnvme*.pc
export PKG_CONFIG_PATH=$pcdir${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
libdir=$(pkg-config --variable=libdir ealnvme)
ln -sfn "$libdir" "$out/libdir"

read -r -a cflags <<< "$(pkg-config --cflags ealnvme)"
read -r -a shared <<< "$(pkg-config --libs ealnvme)"
read -r -a static <<< "$(pkg-config --static --libs ealnvme)"
read -r -a dpdk <<< "$(pkg-config --libs libdpdk)"
cc -o "$out/app_shared" "$src" "${cflags[@]}" "${shared[@]}"
cc -o "$out/app_archive" "$src" "${cflags[@]}" "$libdir/libealnvme.a" "${dpdk[@]}" \
    -L"$(pkg-config --variable=dpdk_libdir ealnvme)" -lrte_bus_pci -luuid -lpthread
cc -o "$out/app_static" "$src" "${cflags[@]}" "${static[@]}"
