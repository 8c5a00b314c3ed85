#!/usr/bin/env bash
# The perf binary refuses bad command lines before touching the environment:
# exit 1, one stderr line 'perf: <reason>' (for -r the driver's own log line
# saying what is wrong in the transport ID comes first), then the usage text.
#   test_perf_cli.sh PATH/TO/perf
set -u
PERF=$1
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect RC REGEX ARGS...: exit code RC, the first 'perf:' line on stderr
# matching REGEX, and the usage on stderr.
expect() {
    local want_rc=$1 want=$2 rc first
    shift 2
    "$PERF" "$@" > "$tmp/out" 2> "$tmp/err"
    rc=$?
    first=$(grep -m 1 '^perf: ' "$tmp/err")
    if [ "$rc" -eq "$want_rc" ] && [[ $first =~ $want ]] &&
       { [ "$want_rc" -eq 0 ] || grep -q '^usage: ' "$tmp/err"; }; then
        pass=$((pass + 1)); echo "ok - perf $* -> $rc, '$first'"
    else
        fail=$((fail + 1)); echo "not ok - perf $*: exit $rc (want $want_rc), stderr '$first' (want /$want/)"
    fi
}

B=(-q 1 -o 4096 -w randread -t 1)
expect 1 "^perf: missing -q"
expect 1 "^perf: -q: '0' is not a queue depth" "${B[@]}" -q 0
expect 1 "^perf: -o: 1000 is not a multiple of 512 bytes" "${B[@]}" -o 1000
expect 1 "^perf: -w: 'sideways' is not one of" "${B[@]}" -w sideways
expect 1 "^perf: -w randrw needs -M" "${B[@]}" -w randrw
expect 1 "^perf: -M: '200'" "${B[@]}" -w rw -M 200
expect 1 "^perf: -c: 'nope' is not a core mask" "${B[@]}" -c nope
expect 1 "^perf: -r: 'trtype:XYZ' is not a transport ID" "${B[@]}" -r trtype:XYZ
expect 1 "^perf: -r: ns:0 is not a namespace ID" "${B[@]}" -r 'traddr:0000:00:04.0 ns:0'
expect 1 "^perf: -r: 'traddr:0000:00:04.0 nsid:2' is not a transport ID" "${B[@]}" \
    -r 'traddr:0000:00:04.0 nsid:2'
expect 1 "^perf: unknown option -Z" "${B[@]}" -Z
expect 1 "^perf: -t needs a value" -q 1 -o 4096 -w randread -t
# A core this machine does not have (-c 0x4 on two CPUs): one line naming the
# CPU and the online ones, checked before DPDK runs: no EAL usage on stdout.
last=$(sed 's/.*[-,]//' /sys/devices/system/cpu/online)
if [ "$last" -lt 60 ]; then
    mask=$(printf '0x%x' $((1 << (last + 1))))
    "$PERF" "${B[@]}" -c "$mask" > "$tmp/out" 2> "$tmp/err"
    rc=$?
    if [ "$rc" -eq 1 ] && [ ! -s "$tmp/out" ] && ! grep -q '^EAL' "$tmp/err" &&
       grep -q "core mask '$mask' names CPU $((last + 1)), which this machine does not have online (CPUs " "$tmp/err"; then
        pass=$((pass + 1)); echo "ok - perf -c $mask -> 1, one line naming CPU $((last + 1)), nothing on stdout"
    else
        fail=$((fail + 1)); echo "not ok - perf -c $mask: exit $rc, stdout $(wc -l < "$tmp/out") lines, stderr:"
        head -5 "$tmp/err"
    fi
fi
# Help goes to stdout with exit 0.
"$PERF" --help > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ "$rc" -eq 0 ] && grep -q '^usage: ' "$tmp/out" && [ ! -s "$tmp/err" ]; then
    pass=$((pass + 1)); echo "ok - perf --help -> 0, usage on stdout"
else
    fail=$((fail + 1)); echo "not ok - perf --help: exit $rc"
fi
if grep -q -- '--dry-run' "$tmp/out" && grep -q "ns:N" "$tmp/out"; then
    pass=$((pass + 1)); echo "ok - perf --help names --dry-run and ns:N"
else
    fail=$((fail + 1)); echo "not ok - perf --help does not name --dry-run and ns:N"
fi
echo "test_perf_cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
