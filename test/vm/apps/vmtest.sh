# shellcheck shell=bash
# Helpers for the guest tests test/vm/test_*.sh (sourced; defines functions).
#
# A test script runs on the host, boots guests with test/vm/run.sh and calls
# itself inside the guest as 'SCRIPT --guest ...' to do the guest half, which
# leaves its results in $EALNVME_OUT.  The host half then asserts on them:
#
#   vmt_init NAME             per-run directory $VMT_DIR (removed at exit unless
#                             EALNVME_VMTEST_KEEP=1), counters at zero
#   vmt_boot TAG [run.sh options] -- CMD...
#                             boot a guest with --out $VMT_DIR/TAG; the guest
#                             command's exit code in VMT_RC, its console log in
#                             $VMT_DIR/TAG/console.log
#   vmt_check DESC CMD...     one assertion: passes when CMD succeeds
#   vmt_expect_eq DESC GOT WANT
#   vmt_done                  prints 'NAME: N passed, M failed' and exits 0 only
#                             if every assertion passed (and there was one)
#
# Output: 'ok - DESC' / 'not ok - DESC' per assertion.

VMT_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
VMT_RUN=$VMT_REPO/test/vm/run.sh
VMT_BUILD=${EALNVME_BUILD_DIR:-$VMT_REPO/build}
VMT_PASSED=0
VMT_FAILED=0
VMT_NAME=
VMT_DIR=
VMT_RC=

vmt_log() { printf '%s: %s\n' "$VMT_NAME" "$*"; }

vmt_cleanup() {
    if [ -n "$VMT_DIR" ] && [ -d "$VMT_DIR" ]; then
        if [ "${EALNVME_VMTEST_KEEP:-0}" = 1 ]; then
            vmt_log "kept $VMT_DIR"
        else
            rm -rf "$VMT_DIR"
        fi
    fi
}

vmt_init() {
    VMT_NAME=$1
    VMT_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ealnvme-$1.XXXXXX") || {
        echo "$1: cannot create a temporary directory" >&2
        exit 1
    }
    trap vmt_cleanup EXIT
    trap 'exit 130' INT TERM
}

# vmt_need_bins NAME...: the build products the test runs must exist.
vmt_need_bins() {
    local b
    for b in "$@"; do
        if [ ! -x "$VMT_BUILD/$b" ]; then
            echo "$VMT_NAME: $VMT_BUILD/$b is missing: build first (ninja -C build)" >&2
            echo "$VMT_NAME: 0 passed, 1 failed"
            exit 1
        fi
    done
}

# vmt_need_tools TOOL...: host commands the guest runs (it runs the host's binaries).
vmt_need_tools() {
    local t
    for t in "$@"; do
        if ! command -v "$t" > /dev/null; then
            echo "$VMT_NAME: '$t' is not installed on the host (the guest runs the host's" \
                 "binaries): scripts/install_deps.sh installs it" >&2
            echo "$VMT_NAME: FAIL"
            echo "$VMT_NAME: 0 passed, 1 failed"
            exit 1
        fi
    done
}

vmt_ok() { VMT_PASSED=$((VMT_PASSED + 1)); echo "ok - $1"; }
vmt_notok() { VMT_FAILED=$((VMT_FAILED + 1)); echo "not ok - $1"; }

vmt_check() {
    local d=$1
    shift
    if "$@"; then vmt_ok "$d"; else vmt_notok "$d"; fi
}

vmt_expect_eq() {
    if [ "$2" = "$3" ]; then
        vmt_ok "$1 ($2)"
    else
        vmt_notok "$1: got '$2', expected '$3'"
    fi
}

# vmt_file_has FILE REGEX: grep -E on FILE (missing file: false).
vmt_file_has() { [ -f "$1" ] && grep -Eq -- "$2" "$1"; }

# vmt_file_lacks FILE REGEX: FILE exists and has no line matching REGEX.
vmt_file_lacks() { [ -f "$1" ] && ! grep -Eq -- "$2" "$1"; }

# vmt_show FILE [N]: the last N lines of FILE, indented (evidence for failures).
vmt_show() {
    [ -f "$1" ] || { echo "    | ($1 missing)"; return 0; }
    tr -d '\r' < "$1" | tail -n "${2:-25}" | sed 's/^/    | /'
}

vmt_boot() {
    local tag=$1 start end
    shift
    mkdir -p "$VMT_DIR/$tag"
    start=$(date +%s)
    # Sourced rather than executed: bash then reads run.sh whole before running
    # it, so an edit of run.sh during the boot (a checkout, a rebase) cannot
    # make bash execute a mix of old and new lines.
    bash -c '. "$0" "$@"' "$VMT_RUN" --quiet --out "$VMT_DIR/$tag" "$@" \
        >"$VMT_DIR/$tag/run.log" 2>&1
    VMT_RC=$?
    end=$(date +%s)
    vmt_log "boot '$tag': guest command exited $VMT_RC after $((end - start)) s"
    if [ "$VMT_RC" -ne 0 ]; then
        vmt_show "$VMT_DIR/$tag/run.log" 5
    fi
    if [ "$VMT_RC" -ge 124 ]; then
        vmt_show "$VMT_DIR/$tag/console.log" 30
    fi
}

# vmt_guest_tool NAME TOOL ARGS...: the usual guest half.  Binds the
# controllers with scripts/setup.sh (output and exit code in
# $EALNVME_OUT/setup.out, setup.rc), then runs the build product TOOL with
# ARGS (stdout, stderr, exit code in $EALNVME_OUT/NAME.out, .err, .rc).
vmt_guest_tool() {
    local name=$1 tool=$2
    shift 2
    cd "$VMT_REPO" || return 1
    HUGEMEM=${HUGEMEM:-512} scripts/setup.sh > "$EALNVME_OUT/setup.out" 2>&1
    echo $? > "$EALNVME_OUT/setup.rc"
    "$VMT_BUILD/$tool" "$@" > "$EALNVME_OUT/$name.out" 2> "$EALNVME_OUT/$name.err"
    echo $? > "$EALNVME_OUT/$name.rc"
}

# vmt_check_guest_tool TAG NAME: the usual checks of a vmt_guest_tool run
# booted as TAG: the guest command and setup.sh exited 0, NAME's output
# (shown indented) has no "not ok" line and ends with "NAME: N passed,
# 0 failed", NAME exited 0.  On a failure it shows the end of setup.out
# and NAME.err.
vmt_check_guest_tool() {
    local o=$VMT_DIR/$1 name=$2
    vmt_expect_eq "guest ran the test" "$VMT_RC" 0
    vmt_expect_eq "scripts/setup.sh exit code" "$(tr -dc 0-9 < "$o/setup.rc" 2>/dev/null)" 0
    sed 's/^/    | /' "$o/$name.out" 2>/dev/null
    vmt_expect_eq "$name exit code" "$(tr -dc 0-9 < "$o/$name.rc" 2>/dev/null)" 0
    vmt_check "$name: no failed check" vmt_file_lacks "$o/$name.out" '^not ok'
    local summary="^$name: [1-9][0-9]* passed, 0 failed\$" f
    vmt_check "$name: summary with 0 failed" vmt_file_has "$o/$name.out" "$summary"
    if [ "$VMT_RC" -ne 0 ] || ! vmt_file_has "$o/$name.out" "$summary"; then
        for f in setup.out "$name.err"; do
            echo "--- $f:"
            vmt_show "$o/$f" 20
        done
    fi
}

vmt_done() {
    if [ "$VMT_FAILED" -ne 0 ] || [ "$VMT_PASSED" -eq 0 ]; then
        echo "$VMT_NAME: FAIL"
    else
        echo "$VMT_NAME: PASS"
    fi
    echo "$VMT_NAME: $VMT_PASSED passed, $VMT_FAILED failed"
    [ "$VMT_FAILED" -eq 0 ] && [ "$VMT_PASSED" -gt 0 ]
    exit $?
}

# In the guest: the BDFs of the NVMe controllers (class 0x010802), one a line.
vmt_guest_nvme_bdfs() {
    local d c
    for d in /sys/bus/pci/devices/*; do
        read -r c < "$d/class" 2>/dev/null || continue
        [ "$c" = 0x010802 ] && echo "${d##*/}"
    done
    return 0
}

# In the guest, with the controllers on the kernel's nvme driver: what
# nvme-cli reports, per controller in OUT/BDF/: name (nvmeN), id-ctrl.json,
# and per active namespace id-ns-NSID.json and ns-descs-NSID.json (each with
# its .err).
vmt_guest_kernel_identify() {
    local out=$1 bdf c b nsid dev
    for bdf in $(vmt_guest_nvme_bdfs); do
        mkdir -p "$out/$bdf"
        c=
        for _ in $(seq 50); do
            for c in /sys/bus/pci/devices/"$bdf"/nvme/nvme*; do :; done
            [ -e "$c" ] && [ -c "/dev/${c##*/}" ] && break
            sleep 0.2
        done
        c=${c##*/}
        echo "$c" > "$out/$bdf/name"
        [ -c "/dev/$c" ] || continue
        nvme id-ctrl "/dev/$c" -o json > "$out/$bdf/id-ctrl.json" 2> "$out/$bdf/id-ctrl.err"
        sleep 1		# the kernel's namespace scan is asynchronous
        for b in /sys/block/"$c"n*; do
            [ -e "$b" ] || continue
            read -r nsid < "$b/nsid" || continue
            dev=/dev/${b##*/}
            for _ in $(seq 25); do [ -b "$dev" ] && break; sleep 0.2; done
            nvme id-ns "$dev" -o json > "$out/$bdf/id-ns-$nsid.json" \
                2> "$out/$bdf/id-ns-$nsid.err"
            nvme ns-descs "$dev" -o json > "$out/$bdf/ns-descs-$nsid.json" \
                2> "$out/$bdf/ns-descs-$nsid.err"
        done
    done
    return 0
}

# In the guest: the driver bound to BDF $1 ('none' if none).
vmt_guest_driver_of() {
    local l=/sys/bus/pci/devices/$1/driver
    if [ -L "$l" ]; then
        l=$(readlink "$l")
        echo "${l##*/}"
    else
        echo none
    fi
}
