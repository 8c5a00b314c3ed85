#!/usr/bin/env bash
# The three ways to link an installed ealnvme (docs/linking.md), built outside
# the tree by test/build/build_pkgconfig_apps.sh, must each start with one
# DPDK in the process: run with --no-pci (plain memory, no device, no root
# needed).  A program with two DPDKs panics before main ("tailq is already
# registered").  The guest test test/vm/test_hello_world.sh runs the same
# programs against a controller.
#   test/build/test_pkgconfig_static.sh BUILD_DIR
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ealnvme-pkgconfig.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
failed=0

if ! "$here/build_pkgconfig_apps.sh" "${1:?usage: test_pkgconfig_static.sh BUILD_DIR}" "$tmp" \
        > "$tmp/build.log" 2>&1; then
    echo "not ok - build the programs with pkg-config"
    tail -20 "$tmp/build.log" | sed 's/^/    | /'
    exit 1
fi
echo "ok - build the programs with pkg-config"

for app in app_shared app_archive app_static; do
    LD_LIBRARY_PATH=$tmp/libdir "$tmp/$app" --no-pci > "$tmp/$app.out" 2>&1
    rc=$?
    if [ $rc -eq 0 ] && grep -qx 'pkgconfig_app: OK' "$tmp/$app.out"; then
        echo "ok - $app starts and stops its env"
    else
        echo "not ok - $app starts and stops its env (exit $rc)"
        head -5 "$tmp/$app.out" | sed 's/^/    | /'
        failed=1
    fi
done
# Fully static: neither libealnvme.so nor any shared DPDK library is loaded.
if LD_LIBRARY_PATH=$tmp/libdir ldd "$tmp/app_static" | grep -E 'libealnvme|librte_' > "$tmp/ldd"; then
    echo "not ok - app_static loads no shared ealnvme or DPDK library"
    sed 's/^/    | /' "$tmp/ldd"
    failed=1
else
    echo "ok - app_static loads no shared ealnvme or DPDK library"
fi
exit $failed
