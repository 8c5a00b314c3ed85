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
    nvme-cli jq fio
)

missing=()
for p in "${PKGS[@]}"; do
    [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] ||
        missing+=("$p")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "install_deps.sh: missing packages: ${missing[*]}; run as root or 'apt-get install ${missing[*]}'" >&2
    exit 1
fi
echo "install_deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
