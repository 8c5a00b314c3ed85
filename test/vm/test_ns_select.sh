#!/usr/bin/env bash
# Namespace selection and looking before writing, on one controller with two
# namespaces on raw files the host fills with a pattern (0xa5) first:
#   boot 'look':  hello_world --list, perf --dry-run -w write, perf and
#                 identify with an inactive ns:3 (QEMU reports NN 256), hello_world
#                 with ns:300 beyond NN, identify -r ns:2
#                 -> both images unchanged on the host, the right lines printed;
#   boot 'write': perf -w write -r '... ns:2', then hello_world -r '... ns:2'
#                 -> namespace 1's image unchanged, namespace 2's written
#                    (hello_world's text at LBA 0), a "writing to" line naming
#                    namespace 2 only.
#
#   test/vm/test_ns_select.sh          (host; boots two guests, uio_pci_generic)
# Prints 'ok - ...' per assertion and 'test_ns_select: N passed, M failed'.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/vm/apps/vmtest.sh
. "$HERE/apps/vmtest.sh"
HELLO=examples/hello_world/ealnvme_hello_world
PERF=examples/perf/ealnvme_perf
IDENTIFY=examples/identify/ealnvme_identify
BDF=0000:00:10.0
SERIAL=nssel0
NS_MIB=16
W=(-q 4 -o 4096 -w write -t 2)	# perf's write workload

# ---- guest half: test_ns_select.sh --guest look|write ------------------------
# run NAME CMD...: stdout, stderr and exit code of CMD in $EALNVME_OUT/NAME.*
run() {
    local name=$1
    shift
    "$@" > "$EALNVME_OUT/$name.out" 2> "$EALNVME_OUT/$name.err"
    echo $? > "$EALNVME_OUT/$name.rc"
}

guest() {
    local b=$VMT_BUILD
    cd "$VMT_REPO" || exit 1
    HUGEMEM=${HUGEMEM:-512} scripts/setup.sh > "$EALNVME_OUT/setup.out" 2>&1
    echo $? > "$EALNVME_OUT/setup.rc"
    if [ "$1" = look ]; then
        run list "$b/$HELLO" --list
        run dry "$b/$PERF" "${W[@]}" --dry-run
        run dry2 "$b/$PERF" "${W[@]}" --dry-run -r "traddr:$BDF ns:2"
        run perf_nons "$b/$PERF" "${W[@]}" -r "trtype:PCIe traddr:$BDF ns:3"
        run hello_nons "$b/$HELLO" -r "traddr:$BDF ns:300"
        run id2 "$b/$IDENTIFY" -r "traddr:$BDF ns:2"
        run id_nons "$b/$IDENTIFY" -r "traddr:$BDF ns:3"
    else
        run perf2 "$b/$PERF" "${W[@]}" -r "trtype:PCIe traddr:$BDF ns:2"
        run hello2 "$b/$HELLO" -r "traddr:$BDF ns:2"
    fi
    scripts/setup.sh reset > "$EALNVME_OUT/reset.out" 2>&1
    return 0
}
if [ "${1:-}" = --guest ]; then
    guest "$2"
    exit 0
fi

# ---- host half --------------------------------------------------------------
vmt_init test_ns_select
vmt_need_bins "$HELLO" "$PERF" "$IDENTIFY"

# rc FILE: the exit code recorded by the guest ('' if none).
rc() { [ -f "$1" ] && tr -dc '0-9' < "$1"; }
sum() { sha256sum < "$1" | cut -d' ' -f1; }

# Fresh patterned images (not zeroes: perf writes zero-filled buffers).
make_images() {
    local n
    for n in 1 2; do
        head -c "$((NS_MIB << 20))" /dev/zero | tr '\0' '\245' > "$VMT_DIR/ns$n.raw" || exit 1
    done
}
make_images
pattern_sum=$(sum "$VMT_DIR/ns1.raw")
qemu=(--drive "file=$VMT_DIR/ns1.raw,format=raw,if=none,id=d1"
      --drive "file=$VMT_DIR/ns2.raw,format=raw,if=none,id=d2"
      --nvme "nvme,id=c0,serial=$SERIAL,addr=0x${BDF:8:2}"
      --nvme "nvme-ns,drive=d1,bus=c0,nsid=1"
      --nvme "nvme-ns,drive=d2,bus=c0,nsid=2")
blocks=$(( (NS_MIB << 20) / 512 ))
ctrl_re="^controller $BDF model \"[^\"]+\" serial \"$SERIAL\"$"
ns_re() { echo "^  namespace $1: $((NS_MIB << 20)) bytes, $blocks blocks of 512 bytes$"; }
write_re() { echo "^$1 controller $BDF serial \"$SERIAL\" namespace $2 LBA $3$"; }

# -- look: nothing may change ---------------------------------------------------
o=$VMT_DIR/look
vmt_boot look "${qemu[@]}" -- "$HERE/test_ns_select.sh" --guest look
vmt_expect_eq "[look] guest ran the test" "$VMT_RC" 0
vmt_expect_eq "[look] scripts/setup.sh exit code" "$(rc "$o/setup.rc")" 0
vmt_expect_eq "[look] hello_world --list exit code" "$(rc "$o/list.rc")" 0
vmt_check "[look] hello_world --list names the controller, model and serial" \
    vmt_file_has "$o/list.out" "$ctrl_re"
for n in 1 2; do
    vmt_check "[look] hello_world --list lists namespace $n (size, block size)" \
        vmt_file_has "$o/list.out" "$(ns_re $n)"
    vmt_check "[look] hello_world --list says it would write LBA 0 of namespace $n" \
        vmt_file_has "$o/list.out" "$(write_re 'would write to' $n 0-0)"
done
vmt_check "[look] hello_world --list wrote and read nothing" \
    vmt_file_lacks "$o/list.out" '^(Hello world|writing to)'
vmt_expect_eq "[look] perf --dry-run exit code" "$(rc "$o/dry.rc")" 0
vmt_check "[look] perf --dry-run lists the controller" vmt_file_has "$o/dry.out" "$ctrl_re"
for n in 1 2; do
    vmt_check "[look] perf --dry-run -w write: would write all of namespace $n" \
        vmt_file_has "$o/dry.out" "$(write_re 'would write to' $n "0-$((blocks - 1))")"
done
vmt_check "[look] perf --dry-run ran no workload" vmt_file_lacks "$o/dry.out" '^(Total|Associating)'
vmt_expect_eq "[look] perf --dry-run -r ns:2 exit code" "$(rc "$o/dry2.rc")" 0
vmt_check "[look] perf --dry-run -r ns:2 lists namespace 2" vmt_file_has "$o/dry2.out" "$(ns_re 2)"
vmt_check "[look] perf --dry-run -r ns:2 leaves namespace 1 out" \
    vmt_file_lacks "$o/dry2.out" 'namespace 1'
vmt_expect_eq "[look] perf -r ns:3 (inactive namespace) exit code" "$(rc "$o/perf_nons.rc")" 1
vmt_check "[look] ... one line saying so" \
    vmt_file_has "$o/perf_nons.err" "^perf: -r ns:3: namespace 3 of controller $BDF is not active"
vmt_check "[look] ... before any write" vmt_file_lacks "$o/perf_nons.out" '^writing to'
vmt_expect_eq "[look] hello_world -r ns:300 (beyond NN) exit code" "$(rc "$o/hello_nons.rc")" 1
vmt_check "[look] ... one line saying so" \
    vmt_file_has "$o/hello_nons.err" \
    "^hello_world: -r ns:300: controller $BDF has no namespace 300 \\(its NSIDs are 1 to 256\\)"
vmt_check "[look] ... before any write" vmt_file_lacks "$o/hello_nons.out" '^(writing to|Hello)'

vmt_expect_eq "[look] identify -r ns:2 exit code" "$(rc "$o/id2.rc")" 0
vmt_expect_eq "[look] identify -r ns:2 shows namespace 2 only" \
    "$(grep -E '^Namespace [0-9]+$' "$o/id2.out" 2>/dev/null | tr '\n' ' ')" "Namespace 2 "
vmt_expect_eq "[look] identify -r ns:3 exit code" "$(rc "$o/id_nons.rc")" 1
vmt_check "[look] ... one line saying so" \
    vmt_file_has "$o/id_nons.err" "^identify: -r ns:3: namespace 3 of controller $BDF is not active"
vmt_expect_eq "[look] namespace 1's image unchanged" "$(sum "$VMT_DIR/ns1.raw")" "$pattern_sum"
vmt_expect_eq "[look] namespace 2's image unchanged" "$(sum "$VMT_DIR/ns2.raw")" "$pattern_sum"
if [ "$VMT_FAILED" -ne 0 ]; then
    for f in setup.out list.out list.err dry.out dry.err dry2.out perf_nons.err hello_nons.err \
             id2.err id_nons.err console.log; do
        [ -f "$o/$f" ] && { echo "--- [look] $f:"; vmt_show "$o/$f" 20; }
    done
fi

# -- write: namespace 2 only ----------------------------------------------------
o=$VMT_DIR/write
vmt_boot write "${qemu[@]}" -- "$HERE/test_ns_select.sh" --guest write
vmt_expect_eq "[write] guest ran the test" "$VMT_RC" 0
vmt_expect_eq "[write] perf -w write -r ns:2 exit code" "$(rc "$o/perf2.rc")" 0
vmt_check "[write] perf said it was writing all of namespace 2" \
    vmt_file_has "$o/perf2.out" "$(write_re 'writing to' 2 "0-$((blocks - 1))")"
vmt_check "[write] perf named no other namespace" \
    vmt_file_lacks "$o/perf2.out" '(namespace|NSID) 1([^0-9]|$)'
vmt_expect_eq "[write] hello_world -r ns:2 exit code" "$(rc "$o/hello2.rc")" 0
vmt_check "[write] hello_world said it was writing LBA 0 of namespace 2" \
    vmt_file_has "$o/hello2.out" "$(write_re 'writing to' 2 0-0)"
vmt_expect_eq "[write] hello_world wrote one namespace" \
    "$(grep -c '^writing to' "$o/hello2.out" 2>/dev/null)" 1
vmt_expect_eq "[write] namespace 1's image unchanged" "$(sum "$VMT_DIR/ns1.raw")" "$pattern_sum"
vmt_check "[write] namespace 2's image was written" \
    test "$(sum "$VMT_DIR/ns2.raw")" != "$pattern_sum"
vmt_expect_eq "[write] namespace 2's LBA 0 holds hello_world's text" \
    "$(head -c 13 "$VMT_DIR/ns2.raw" | tr '\n' '|')" "Hello world!|"
vmt_check "[write] perf's zeroes reached namespace 2 beyond LBA 0" \
    test "$(dd if="$VMT_DIR/ns2.raw" bs=4096 skip=1 count=1 2>/dev/null | tr -d '\0' | wc -c)" -eq 0
echo "--- [write] perf stdout:"
sed 's/^/    | /' "$o/perf2.out" 2>/dev/null | head -20
if [ "$VMT_FAILED" -ne 0 ]; then
    for f in setup.out perf2.err hello2.out hello2.err console.log; do
        [ -f "$o/$f" ] && { echo "--- [write] $f:"; vmt_show "$o/$f" 20; }
    done
fi

vmt_done
