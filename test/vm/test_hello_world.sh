#!/usr/bin/env bash
# examples/hello_world in a QEMU guest, on a raw-file-backed controller:
#   - with a vIOMMU: scripts/setup.sh binds vfio-pci, hello_world prints
#     "Hello world!" and exits 0;
#   - without: uio_pci_generic, the same; before setup.sh (controller still
#     with the kernel nvme driver) hello_world exits 1 pointing at setup.sh;
#   - with no NVMe controller at all (--no-nvme): exit 1, message naming
#     scripts/setup.sh.
#   - programs built outside the tree against a 'meson install'ed ealnvme
#     through pkg-config (test/build/build_pkgconfig_apps.sh): shared, static
#     libealnvme.a with shared DPDK, and fully static (pkg-config --static)
#     each attach under vfio and read back LBA 0; the installed
#     ealnvme_hello_world names ealnvme-setup, not scripts/setup.sh.
#
#   test/vm/test_hello_world.sh        (host; boots three guests)
# Prints 'ok - ...' per assertion and 'test_hello_world: N passed, M failed'.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/vm/apps/vmtest.sh
. "$HERE/apps/vmtest.sh"
HELLO=examples/hello_world/ealnvme_hello_world

# ---- guest half: test_hello_world.sh --guest vfio|uio|none --------------------
guest() {
    local mode=$1 pc=$2 out=$EALNVME_OUT bdf app
    cd "$VMT_REPO" || exit 1
    if [ "$mode" = uio ]; then
        # Still with the kernel driver: nothing usable for hello_world.
        "$VMT_BUILD/$HELLO" > "$out/pre.out" 2> "$out/pre.err"
        echo $? > "$out/pre.rc"
        # The installed one says what an installed user has to run.
        LD_LIBRARY_PATH=$pc/libdir "$pc/destdir/usr/local/bin/ealnvme_hello_world" \
            > "$out/pre_inst.out" 2> "$out/pre_inst.err"
        echo $? > "$out/pre_inst.rc"
    fi
    # The guest reserved its hugepages at boot; setup.sh must not ask for more
    # than the guest has.
    HUGEMEM=${HUGEMEM:-512} scripts/setup.sh > "$out/setup.out" 2>&1
    echo $? > "$out/setup.rc"
    scripts/setup.sh status > "$out/status.out" 2>&1
    : > "$out/drivers"
    for bdf in $(vmt_guest_nvme_bdfs); do
        echo "$bdf $(vmt_guest_driver_of "$bdf")" >> "$out/drivers"
    done
    "$VMT_BUILD/$HELLO" > "$out/hello.out" 2> "$out/hello.err"
    echo $? > "$out/hello.rc"
    if [ "$mode" = vfio ]; then
        # The static archive, linked without --whole-archive.
        "$VMT_BUILD/${HELLO}_static" > "$out/static.out" 2> "$out/static.err"
        echo $? > "$out/static.rc"
        # An application that started DPDK itself before using ealnvme.
        "$VMT_BUILD/test/vm/apps/eal_preinit" -c 0x1 --file-prefix=preinit \
            --log-level=lib.eal:5 --no-telemetry > "$out/preinit.out" 2> "$out/preinit.err"
        echo $? > "$out/preinit.rc"
        # Built outside the tree with pkg-config, three ways.
        for app in app_shared app_archive app_static; do
            LD_LIBRARY_PATH=$pc/libdir "$pc/$app" > "$out/$app.out" 2> "$out/$app.err"
            echo $? > "$out/$app.rc"
        done
    fi
    # Leave the controller as we found it (and check that works after us).
    if [ "$mode" != none ]; then
        scripts/setup.sh reset > "$out/reset.out" 2>&1
        echo $? > "$out/reset.rc"
    fi
    return 0
}
if [ "${1:-}" = --guest ]; then
    guest "$2" "${3:-}"
    exit 0
fi

# ---- host half --------------------------------------------------------------
vmt_init test_hello_world
vmt_need_bins "$HELLO"
truncate -s 64M "$VMT_DIR/nvm.raw" || exit 1
drive=(--drive "file=$VMT_DIR/nvm.raw,format=raw,if=none,id=d0" --nvme "serial=hello0,drive=d0")
# meson install into a temporary prefix, then programs built against it.
pc=$VMT_DIR/pkgconfig
if "$HERE/../build/build_pkgconfig_apps.sh" "$VMT_BUILD" "$pc" > "$VMT_DIR/pc_build.log" 2>&1; then
    vmt_ok "built test/vm/apps/pkgconfig_app.c outside the tree with pkg-config (3 ways)"
else
    vmt_notok "built test/vm/apps/pkgconfig_app.c outside the tree with pkg-config (3 ways)"
    vmt_show "$VMT_DIR/pc_build.log" 20
fi
for b in ealnvme_hello_world ealnvme_identify ealnvme_perf ealnvme-setup; do
    vmt_check "meson install puts $b in bindir" test -x "$pc/destdir/usr/local/bin/$b"
done
vmt_check "... and no bare 'perf'" test ! -e "$pc/destdir/usr/local/bin/perf"
# Installed, the script calls itself ealnvme-setup in its messages.
names_itself() { grep -q "usage: ealnvme-setup \\[" <<< "$("$1" frobnicate 2>&1)"; }
vmt_check "ealnvme-setup names itself in its usage line" \
    names_itself "$pc/destdir/usr/local/bin/ealnvme-setup"

# rc FILE: the exit code recorded by the guest ('' if none).
rc() { [ -f "$1" ] && tr -dc '0-9' < "$1"; }

for mode in vfio uio; do
    case $mode in
        vfio) opts=(--iommu); want=vfio-pci ;;
        uio) opts=(); want=uio_pci_generic ;;
    esac
    o=$VMT_DIR/$mode
    vmt_boot "$mode" "${opts[@]}" "${drive[@]}" -- "$HERE/test_hello_world.sh" --guest "$mode" "$pc"
    vmt_expect_eq "[$mode] guest ran the test" "$VMT_RC" 0
    vmt_expect_eq "[$mode] scripts/setup.sh exit code" "$(rc "$o/setup.rc")" 0
    bdf_drv=$(head -n 1 "$o/drivers" 2>/dev/null)
    bdf=${bdf_drv%% *}
    vmt_expect_eq "[$mode] driver of the controller in sysfs" "${bdf_drv#* }" "$want"
    vmt_check "[$mode] 'setup.sh status' lists $bdf with $want" \
        vmt_file_has "$o/status.out" "^${bdf:-none}[[:space:]].*[[:space:]]$want([[:space:]]|$)"
    vmt_expect_eq "[$mode] hello_world exit code" "$(rc "$o/hello.rc")" 0
    vmt_check "[$mode] hello_world printed 'Hello world!'" vmt_file_has "$o/hello.out" '^Hello world!$'
    vmt_check "[$mode] hello_world attached to $bdf" vmt_file_has "$o/hello.out" "^Attached to ${bdf:-none}$"
    vmt_check "[$mode] hello_world wrote nothing to stderr" test ! -s "$o/hello.err"
    if [ "$mode" = vfio ]; then
        vmt_expect_eq "[$mode] hello_world_static (libealnvme.a) exit code" "$(rc "$o/static.rc")" 0
        vmt_check "[$mode] hello_world_static printed 'Hello world!'" \
            vmt_file_has "$o/static.out" '^Hello world!$'
        vmt_expect_eq "[$mode] eal_preinit (app calls rte_eal_init first) exit code" \
            "$(rc "$o/preinit.rc")" 0
        vmt_check "[$mode] eal_preinit attached and verified its I/O" \
            vmt_file_has "$o/preinit.out" '^eal_preinit: OK$'
        for app in app_shared app_archive app_static; do
            vmt_expect_eq "[$mode] $app (built with pkg-config) exit code" "$(rc "$o/$app.rc")" 0
            vmt_check "[$mode] $app attached and read back LBA 0" \
                vmt_file_has "$o/$app.out" '^pkgconfig_app: OK$'
            vmt_check "[$mode] $app wrote nothing to stderr (no DPDK panic)" test ! -s "$o/$app.err"
        done
    fi
    if [ "$mode" = uio ]; then
        vmt_expect_eq "[$mode] hello_world before setup.sh (kernel nvme driver) exit code" \
            "$(rc "$o/pre.rc")" 1
        vmt_check "[$mode] ... and its message names scripts/setup.sh" \
            vmt_file_has "$o/pre.err" 'scripts/setup\.sh'
        vmt_expect_eq "[$mode] installed ealnvme_hello_world before setup exit code" \
            "$(rc "$o/pre_inst.rc")" 1
        vmt_check "[$mode] ... and its message names ealnvme-setup" \
            vmt_file_has "$o/pre_inst.err" "with 'ealnvme-setup' \\(see 'ealnvme-setup status'\\)"
        vmt_check "[$mode] ... and no line of it names scripts/setup.sh" \
            vmt_file_lacks "$o/pre_inst.err" 'scripts/setup'
    fi
    vmt_expect_eq "[$mode] scripts/setup.sh reset after hello_world" "$(rc "$o/reset.rc")" 0
    echo "--- [$mode] hello_world stdout:"
    sed 's/^/    | /' "$o/hello.out" 2>/dev/null
    if [ "$VMT_FAILED" -ne 0 ]; then
        for f in setup.out status.out hello.err pre.err pre_inst.err static.err preinit.out \
                 preinit.err app_shared.err app_archive.err app_static.err reset.out console.log; do
            [ -f "$o/$f" ] && { echo "--- [$mode] $f:"; vmt_show "$o/$f" 20; }
        done
    fi
done

o=$VMT_DIR/none
vmt_boot none --no-nvme -- "$HERE/test_hello_world.sh" --guest none
vmt_expect_eq "[none] guest ran the test" "$VMT_RC" 0
vmt_expect_eq "[none] no NVMe controller in the guest" "$(wc -l < "$o/drivers" 2>/dev/null)" 0
vmt_expect_eq "[none] hello_world exit code" "$(rc "$o/hello.rc")" 1
vmt_check "[none] hello_world's message names scripts/setup.sh" \
    vmt_file_has "$o/hello.err" 'scripts/setup\.sh'
vmt_check "[none] hello_world did not print 'Hello world!'" \
    vmt_file_lacks "$o/hello.out" 'Hello world'
echo "--- [none] hello_world stderr:"
sed 's/^/    | /' "$o/hello.err" 2>/dev/null

vmt_done
