# shellcheck shell=bash
# Helpers shared by the guest test scripts (prepare.sh, run.sh, selftest.sh).
# Source it; it defines functions only.

vm_log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
vm_die() { printf '%s: error: %s\n' "${0##*/}" "$*" >&2; exit "${VM_DIE_RC:-1}"; }

# vm_pkg_installed PKG: true when dpkg says PKG is installed.
vm_pkg_installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

# vm_ensure_pkgs PKG...: install the Debian packages that are missing.
# CI starts on a fresh machine, so nothing may be assumed installed.
vm_ensure_pkgs() {
    local p missing=()
    for p in "$@"; do
        vm_pkg_installed "$p" || missing+=("$p")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    [ "$(id -u)" -eq 0 ] ||
        vm_die "missing Debian packages: ${missing[*]}; run 'apt-get install ${missing[*]}' as root"
    vm_log "installing Debian packages: ${missing[*]}"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=120 \
            "${missing[@]}" >&2; then
        # A fresh machine may never have fetched the package lists.
        DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=120 \
            "${missing[@]}" >&2 ||
            vm_die "apt-get could not install ${missing[*]}; check the apt sources and network"
    fi
}

# vm_repo_root: top of the ealnvme checkout that holds this file.
vm_repo_root() {
    local here
    here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
    (cd "$here/../.." && pwd)
}
