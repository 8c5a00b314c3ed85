#!/usr/bin/env bash
# Build (or reuse) the QEMU guest used by the ealnvme VM tests.
#
#   test/vm/prepare.sh CACHE_DIR
#
# Everything lives in CACHE_DIR:
#   debs/linux-image-VER_*.deb   Debian's kernel package (apt-get download)
#   kernel-VER/                  the package unpacked with dpkg -x, depmod'ed
#                                (the guest modprobes from here over 9p)
#   vmlinuz-VER                  the kernel
#   initramfs-VER.cpio.gz        busybox + the boot modules + test/vm/init.sh
#   initramfs-VER.stamp          what the initramfs was built from
#   guest.env                    KERNEL_VERSION, VMLINUZ, INITRAMFS, MODROOT
#
# The kernel is Debian 12's linux-image-amd64 dependency (resolved with
# apt-cache). Once cached it is reused; set EALNVME_VM_KERNEL=6.1.0-NN-amd64
# to pick another one, or delete CACHE_DIR to follow Debian's current one.
# Re-running is cheap: work is skipped when the artefacts are up to date.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/vm/common.sh
. "$HERE/common.sh"

# Modules the initramfs loads at boot, in any order (dependencies are
# resolved from modules.dep). Required ones must exist as modules or builtins.
BOOT_MODULES_REQUIRED="virtio_pci 9pnet 9pnet_virtio 9p nvme_core nvme vfio vfio_iommu_type1
    vfio_pci_core vfio_pci irqbypass uio uio_pci_generic"
# Loaded when the kernel has them (names vary between kernel versions).
BOOT_MODULES_OPTIONAL="netfs fscache overlay"

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

[ $# -eq 1 ] || { usage >&2; exit 2; }
case $1 in -h|--help) usage; exit 0 ;; esac

mkdir -p "$1" || vm_die "cannot create cache dir $1; pick a writable CACHE_DIR"
CACHE=$(cd "$1" && pwd)

vm_ensure_pkgs busybox-static kmod cpio

# One builder at a time: tests may start several guests in parallel.
exec 9>"$CACHE/.lock"
flock 9

# --- which kernel -------------------------------------------------------------
resolve_kernel() {
    local dep
    dep=$(apt-cache depends linux-image-amd64 2>/dev/null |
          awk '$1 == "Depends:" && $2 ~ /^linux-image-/ { print $2; exit }')
    if [ -z "$dep" ]; then
        vm_log "apt-cache knows no linux-image-amd64; running apt-get update"
        apt-get update -q >&2 || true
        dep=$(apt-cache depends linux-image-amd64 2>/dev/null |
              awk '$1 == "Depends:" && $2 ~ /^linux-image-/ { print $2; exit }')
    fi
    [ -n "$dep" ] ||
        vm_die "cannot resolve linux-image-amd64's kernel package; check apt sources, or set EALNVME_VM_KERNEL"
    echo "${dep#linux-image-}"
}

KVER=${EALNVME_VM_KERNEL:-}
if [ -z "$KVER" ] && [ -f "$CACHE/guest.env" ]; then
    KVER=$(sed -n 's/^KERNEL_VERSION=//p' "$CACHE/guest.env")
    [ -d "$CACHE/kernel-$KVER/lib/modules/$KVER" ] || KVER=
fi
[ -n "$KVER" ] || KVER=$(resolve_kernel)
case $KVER in
    *[!A-Za-z0-9.+_-]*|'') vm_die "bad kernel version '$KVER'" ;;
esac

KROOT=$CACHE/kernel-$KVER
MODDIR=$KROOT/lib/modules/$KVER

# --- download and unpack the kernel package ------------------------------------
if [ ! -f "$MODDIR/modules.dep" ] || [ ! -f "$KROOT/boot/vmlinuz-$KVER" ]; then
    mkdir -p "$CACHE/debs"
    deb=$(find "$CACHE/debs" -maxdepth 1 -name "linux-image-${KVER}_*.deb" | sort | tail -n 1)
    if [ -z "$deb" ]; then
        vm_log "downloading linux-image-$KVER"
        if ! (cd "$CACHE/debs" && apt-get download -q -o APT::Sandbox::User=root "linux-image-$KVER" >&2); then
            apt-get update -q >&2 || true
            (cd "$CACHE/debs" && apt-get download -q -o APT::Sandbox::User=root "linux-image-$KVER" >&2) ||
                vm_die "apt-get download linux-image-$KVER failed; check apt sources (or set EALNVME_VM_KERNEL to an available version)"
        fi
        deb=$(find "$CACHE/debs" -maxdepth 1 -name "linux-image-${KVER}_*.deb" | sort | tail -n 1)
        [ -n "$deb" ] || vm_die "apt-get download left no linux-image-${KVER}_*.deb in $CACHE/debs"
    fi
    vm_log "unpacking $(basename "$deb")"
    rm -rf "$KROOT" "$KROOT.tmp"
    dpkg -x "$deb" "$KROOT.tmp"
    [ -f "$KROOT.tmp/boot/vmlinuz-$KVER" ] || vm_die "$deb has no boot/vmlinuz-$KVER"
    depmod -b "$KROOT.tmp" "$KVER"
    mv "$KROOT.tmp" "$KROOT"
fi

VMLINUZ=$CACHE/vmlinuz-$KVER
INITRAMFS=$CACHE/initramfs-$KVER.cpio.gz
STAMP=$CACHE/initramfs-$KVER.stamp

[ -f "$VMLINUZ" ] || cp "$KROOT/boot/vmlinuz-$KVER" "$VMLINUZ"

# --- resolve the boot modules ---------------------------------------------------
# Prints the modules.dep paths of the wanted modules and their dependencies,
# dependencies first, each once. Builtins are skipped.
resolve_modules() {
    awk -v want_req="$BOOT_MODULES_REQUIRED" -v want_opt="$BOOT_MODULES_OPTIONAL" \
        -v builtin="$MODDIR/modules.builtin" '
    function norm(p,   n) {
        n = p; sub(/.*\//, "", n); sub(/\.ko(\.[a-z]+)?$/, "", n); gsub(/-/, "_", n)
        return n
    }
    function visit(p,   i, n, d) {
        if (p in seen) return
        seen[p] = 1
        n = split(deps[p], d, " ")
        for (i = 1; i <= n; i++) visit(d[i])
        print p
    }
    BEGIN {
        while ((getline line < builtin) > 0) isbuiltin[norm(line)] = 1
    }
    {
        p = $1; sub(/:$/, "", p)
        $1 = ""; deps[p] = $0
        path[norm(p)] = p
    }
    END {
        nr = split(want_req, r, /[ \n\t]+/)
        no = split(want_opt, o, /[ \n\t]+/)
        for (i = 1; i <= nr; i++) if (r[i] != "") { w[++nw] = r[i]; req[r[i]] = 1 }
        for (i = 1; i <= no; i++) if (o[i] != "") w[++nw] = o[i]
        for (i = 1; i <= nw; i++) {
            m = w[i]; gsub(/-/, "_", m)
            if (m in path) visit(path[m])
            else if (m in isbuiltin) continue
            else if (w[i] in req) { print "MISSING " w[i]; bad = 1 }
        }
        exit bad
    }' "$MODDIR/modules.dep"
}

MODLIST=$(resolve_modules) ||
    vm_die "kernel $KVER lacks required boot modules: $(echo "$MODLIST" | sed -n 's/^MISSING //p' | tr '\n' ' ')"

BUSYBOX=/bin/busybox
[ -x "$BUSYBOX" ] || vm_die "$BUSYBOX missing although busybox-static is installed"

want_stamp=$(
    {
        echo "kernel $KVER"
        echo "$MODLIST"
        dpkg-query -W -f='${Version}\n' busybox-static
        cat "$HERE/init.sh" "$HERE/prepare.sh"
    } | sha256sum | cut -d' ' -f1
)

write_env() {
    cat > "$CACHE/guest.env.tmp" <<EOF
KERNEL_VERSION=$KVER
VMLINUZ=$VMLINUZ
INITRAMFS=$INITRAMFS
MODROOT=$KROOT
EOF
    mv "$CACHE/guest.env.tmp" "$CACHE/guest.env"
}

if [ -f "$INITRAMFS" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$want_stamp" ]; then
    write_env
    exit 0
fi

# --- build the initramfs ---------------------------------------------------------
vm_log "building initramfs for $KVER"
STAGE=$(mktemp -d "$CACHE/initramfs.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT

mkdir -p "$STAGE"/{bin,sbin,dev,proc,sys,host,out,tmp,run,etc} "$STAGE/lib/modules/$KVER"
cp "$BUSYBOX" "$STAGE/bin/busybox"
for applet in $("$BUSYBOX" --list); do
    [ "$applet" = busybox ] || ln -s busybox "$STAGE/bin/$applet"
done
ln -s ../bin/busybox "$STAGE/sbin/modprobe"
ln -s ../bin/busybox "$STAGE/sbin/insmod"

: > "$STAGE/etc/ealnvme-modules"
while read -r rel; do
    mkdir -p "$STAGE/lib/modules/$KVER/$(dirname "$rel")"
    cp "$MODDIR/$rel" "$STAGE/lib/modules/$KVER/$rel"
    echo "$rel" >> "$STAGE/etc/ealnvme-modules"
done <<< "$MODLIST"
cp "$MODDIR/modules.builtin" "$MODDIR/modules.builtin.modinfo" "$MODDIR/modules.order" "$STAGE/lib/modules/$KVER/"
depmod -b "$STAGE" "$KVER"

cp "$HERE/init.sh" "$STAGE/init"
chmod 755 "$STAGE/init"
echo "$KVER" > "$STAGE/etc/ealnvme-kernel"
# The kernel opens /dev/console before /init runs; devtmpfs comes later.
if [ "$(id -u)" -eq 0 ]; then
    mknod -m 600 "$STAGE/dev/console" c 5 1
    mknod -m 666 "$STAGE/dev/null" c 1 3
fi

(cd "$STAGE" && find . -print0 | LC_ALL=C sort -z |
    cpio --null -o -H newc --owner=0:0 --quiet) | gzip -6 > "$INITRAMFS.tmp"
mv "$INITRAMFS.tmp" "$INITRAMFS"
echo "$want_stamp" > "$STAMP"
write_env
vm_log "initramfs ready: $INITRAMFS ($(du -k "$INITRAMFS" | cut -f1) KiB, $(wc -l <<< "$MODLIST") modules)"
