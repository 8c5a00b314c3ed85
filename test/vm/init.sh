#!/bin/sh
# /init of the ealnvme test guest (busybox ash; installed by test/vm/prepare.sh).
#
# Boots into the host's root file system, shared read-only over virtio-9p,
# runs one command there and powers off. Kernel command line switches:
#   ealnvme.hugepages=N   2 MiB hugepages to reserve (default 256)
#   ealnvme.modroot=DIR   host dir holding lib/modules/<ver> for modprobe
#   ealnvme.cmd=PATH      command to run when the out share holds none;
#   ealnvme.args=A,B,...  its arguments (comma separated, no spaces)
#   ealnvme.interactive   give the command the serial line as its terminal
#   ealnvme.verbose       say what the init does
# run.sh passes the command as a script in the out share instead:
#   /out/.ealnvme/cmd     sh script run in the chroot (cwd, env, command)
# Results: /out/.ealnvme/exit_code and the console line EALNVME_EXIT=<rc>.
export PATH=/bin:/sbin

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1

hugepages=256
modroot=
cmd=
args=
interactive=
verbose=
# shellcheck disable=SC2013  # the command line is words
for word in $(cat /proc/cmdline); do
    case $word in
        ealnvme.hugepages=*) hugepages=${word#*=} ;;
        ealnvme.modroot=*) modroot=${word#*=} ;;
        ealnvme.cmd=*) cmd=${word#*=} ;;
        ealnvme.args=*) args=${word#*=} ;;
        ealnvme.interactive) interactive=1 ;;
        ealnvme.verbose) verbose=1 ;;
    esac
done

say() { echo "ealnvme-init: $*"; }
is_mounted() { awk -v d="$1" '$2 == d { found = 1 } END { exit !found }' /proc/mounts; }
info() { [ -z "$verbose" ] || say "$@"; }

finish() {
    rc=$1
    if [ -d /out/.ealnvme ]; then
        echo "$rc" > /out/.ealnvme/exit_code
    fi
    sync
    umount /host/run/ealnvme-out 2>/dev/null
    umount /out 2>/dev/null
    printf '\nEALNVME_EXIT=%s\n' "$rc"
    poweroff -f
    echo o > /proc/sysrq-trigger
    sleep 5
    # Still alive: returning from init panics, and panic=-1 reboots, which
    # QEMU's -no-reboot turns into an exit.
    exit "$rc"
}

fail() {
    say "error: $*"
    finish 125
}

kver=$(uname -r)
while read -r mod; do
    info "insmod $mod"
    insmod "/lib/modules/$kver/$mod" 2>/tmp/insmod.err ||
        grep -q 'File exists' /tmp/insmod.err || {
            say "insmod $mod failed: $(cat /tmp/insmod.err)"
        }
done < /etc/ealnvme-modules

# The virtio-9p device may need a moment after virtio_pci binds it.
tries=0
until mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=loose,ro host /host 2>/tmp/mount.err; do
    tries=$((tries + 1))
    [ "$tries" -lt 50 ] || fail "cannot mount the host root (9p tag 'host'): $(cat /tmp/mount.err)"
    sleep 0.1
done
if cat /sys/bus/virtio/devices/*/mount_tag 2>/dev/null | tr '\000' '\n' | grep -qx out; then
    mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 out /out ||
        fail "cannot mount the out share (9p tag 'out')"
fi

echo "$hugepages" > /proc/sys/vm/nr_hugepages ||
    say "cannot reserve $hugepages hugepages"
got=$(cat /proc/sys/vm/nr_hugepages)
[ "$got" = "$hugepages" ] || say "reserved $got of $hugepages hugepages"

hostname ealnvme-guest
ip link set lo up 2>/dev/null

# The chroot: the host's files, the guest's kernel interfaces, RAM for /tmp
# and /run. /tmp is an overlay so host files there stay visible.
H=/host
mount -t proc proc $H/proc || fail "cannot mount /proc in the chroot"
mount -t sysfs sysfs $H/sys || fail "cannot mount /sys in the chroot"
mount -t devtmpfs devtmpfs $H/dev || fail "cannot mount /dev in the chroot"
mkdir -p /dev/pts /dev/shm /dev/hugepages
# What udev would add: bash's <(...) needs /dev/fd.
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts $H/dev/pts
mount -t tmpfs -o mode=1777 tmpfs $H/dev/shm
mount -t hugetlbfs -o mode=1770 nodev $H/dev/hugepages ||
    fail "cannot mount hugetlbfs on /dev/hugepages"
mount -t tmpfs -o mode=755 tmpfs $H/run || fail "cannot mount /run in the chroot"
# The device ownership locks live in /var/tmp (spdk_pci_lock_<BDF>).
mount -t tmpfs -o mode=1777 tmpfs $H/var/tmp || fail "cannot mount /var/tmp in the chroot"
mkdir -p /scratch
mount -t tmpfs -o mode=755 tmpfs /scratch
mkdir -p /scratch/tmp-upper /scratch/tmp-work
chmod 1777 /scratch/tmp-upper
if ! mount -t overlay -o lowerdir=$H/tmp,upperdir=/scratch/tmp-upper,workdir=/scratch/tmp-work \
        overlay $H/tmp 2>/tmp/overlay.err; then
    info "overlay on /tmp failed ($(cat /tmp/overlay.err)); using a plain tmpfs"
    mount -t tmpfs -o mode=1777 tmpfs $H/tmp || fail "cannot mount /tmp in the chroot"
fi
mkdir -p $H/run/ealnvme $H/run/lock $H/run/ealnvme-out
if is_mounted /out; then
    mount --bind /out $H/run/ealnvme-out
fi

# Modules beyond the boot set come from the unpacked kernel package on the
# host (ealnvme.modroot). The kernel's own requests (mount -t ext4, ...) run
# busybox modprobe in this initramfs: give it the whole tree. In the chroot
# the host has no /lib/modules for this kernel, so a wrapper points kmod there.
mkdir -p $H/run/ealnvme/bin
if [ -n "$modroot" ] && [ -d "$H$modroot/lib/modules/$kver" ]; then
    mount --bind "$H$modroot/lib/modules/$kver" "/lib/modules/$kver" ||
        say "cannot bind the kernel modules from $modroot"
    cat > $H/run/ealnvme/bin/modprobe <<EOF
#!/bin/sh
for m in /usr/sbin/modprobe /sbin/modprobe; do
    [ -x "\$m" ] && exec "\$m" -d '$modroot' "\$@"
done
echo "modprobe: kmod is not installed on the host" >&2
exit 1
EOF
    chmod 755 $H/run/ealnvme/bin/modprobe
fi

# The command: run.sh's script, else ealnvme.cmd/ealnvme.args.
if [ -f /out/.ealnvme/cmd ]; then
    cp /out/.ealnvme/cmd $H/run/ealnvme/cmd
elif [ -n "$cmd" ]; then
    {
        echo 'cd / || exit 125'
        printf "exec '%s'" "$cmd"
        # shellcheck disable=SC2046  # split on the commas
        [ -z "$args" ] || printf " '%s'" $(echo "$args" | tr ',' ' ')
        echo
    } > $H/run/ealnvme/cmd
else
    fail "no command: pass ealnvme.cmd=... or use test/vm/run.sh"
fi

read -r up _ < /proc/uptime
say "guest ready after ${up}s"

env_args="HOME=/root TERM=${TERM:-linux} LANG=C.UTF-8 TMPDIR=/tmp EALNVME_GUEST=1
    PATH=/run/ealnvme/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
if is_mounted /out; then
    env_args="$env_args EALNVME_OUT=/run/ealnvme-out"
fi
# setup.sh in the guest reserves what the init reserved unless told otherwise.
env_args="$env_args HUGEMEM=$((got * 2))"

if [ -n "$interactive" ]; then
    # shellcheck disable=SC2086
    setsid -c env -i $env_args chroot $H /bin/sh /run/ealnvme/cmd \
        </dev/ttyS0 >/dev/ttyS0 2>&1
    rc=$?
else
    # shellcheck disable=SC2086
    env -i $env_args chroot $H /bin/sh /run/ealnvme/cmd </dev/null
    rc=$?
fi
finish "$rc"
