#!/usr/bin/env bash
# Install the Debian 12 packages ealnvme needs to build, test and run its
# guest tests.  Idempotent: does nothing when everything is present.
set -euo pipefail

PKGS=(
    gcc pkg-config meson ninja-build python3-pyelftools
    libdpdk-dev libcunit1-dev valgrind
    uuid-dev g++                    # libuuid for spdk/uuid.h; g++ for the header C++ check
    clang libclang-rt-14-dev llvm   # ASan+UBSan build, libFuzzer, llvm-symbolizer
    qemu-system-x86 busybox-static kmod cpio gzip
    nvme-cli jq fio dpkg-dev
    # a fully static link: DPDK's pkg-config --static names -lsystemd
    libsystemd-dev
)

missing=()
for p in "${PKGS[@]}"; do
    [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] ||
        missing+=("$p")
done
export DEBIAN_FRONTEND=noninteractive
if [ "${#missing[@]}" -ne 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "install_deps.sh: missing packages: ${missing[*]}; run as root or 'apt-get install ${missing[*]}'" >&2
        exit 1
    fi
    echo "install_deps.sh: installing ${missing[*]}" >&2
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# fio's external-engine API (examples/fio_plugin) needs fio's own headers,
# which Debian ships only in the fio source package.  Unpack the source of
# the installed fio into a fixed place, where meson looks for it.
# shellcheck source=scripts/fio_source.sh
. "$(dirname "$0")/fio_source.sh"
fio_source_install
