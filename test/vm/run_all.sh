#!/usr/bin/env bash
# Run the QEMU guest tests test/vm/test_*.sh one after the other.
#
#   test/vm/run_all.sh [-q] [NAME...]     NAME: hello_world, identify, ... (default: all)
#
# Each test prints 'ok - ...' / 'not ok - ...' per assertion, then
# 'test_X: PASS|FAIL' and 'test_X: N passed, M failed'.  This script shows
# their output (-q: only the output of failing tests), then one PASS/FAIL line
# per test with its time, and as its very last line the assertion totals:
# 'N passed, M failed'.  A test that exits non-zero without reporting a failed
# assertion, or prints no totals, counts one extra failure.  Exit status 0
# only when everything passed.  Needs a build (ninja -C build) and runs as
# root (QEMU, the guest's setup.sh); a full run takes about 3 minutes.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
quiet=0
names=()
for a in "$@"; do
    case $a in
        -q|--quiet) quiet=1 ;;
        -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) echo "run_all.sh: unknown option $a" >&2; exit 2 ;;
        *) names+=("${a#test_}") ;;
    esac
done
tests=()
if [ "${#names[@]}" -eq 0 ]; then
    for t in "$HERE"/test_*.sh; do tests+=("$t"); done
else
    for n in "${names[@]}"; do
        t=$HERE/test_${n%.sh}.sh
        [ -x "$t" ] || { echo "run_all.sh: no test $t" >&2; exit 2; }
        tests+=("$t")
    done
fi

logdir=$(mktemp -d "${TMPDIR:-/tmp}/ealnvme-run_all.XXXXXX") || exit 1
trap 'rm -rf "$logdir"' EXIT
trap 'exit 130' INT TERM

total_pass=0
total_fail=0
summary=()
t0=$(date +%s)
for t in "${tests[@]}"; do
    name=$(basename "$t" .sh)
    log=$logdir/$name.log
    start=$(date +%s)
    echo "=== $name"
    if [ "$quiet" -eq 1 ]; then
        "$t" > "$log" 2>&1
        rc=$?
    else
        "$t" 2>&1 | tee "$log"
        rc=${PIPESTATUS[0]}
    fi
    secs=$(( $(date +%s) - start ))
    counts=$(sed -n "s/^$name: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1 \2/p" "$log" | tail -n 1)
    if [ -n "$counts" ]; then
        read -r p f <<< "$counts"
    else
        p=0
        f=1
        echo "run_all.sh: $name printed no '$name: N passed, M failed' line (exit $rc)"
    fi
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1
        echo "run_all.sh: $name exited $rc but reported no failed assertion"
    fi
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
    if [ "$rc" -eq 0 ] && [ "$f" -eq 0 ]; then
        verdict=PASS
    else
        verdict=FAIL
        [ "$quiet" -eq 1 ] && cat "$log"
    fi
    summary+=("$(printf '%s: %s (%d passed, %d failed, %d s)' "$name" "$verdict" "$p" "$f" "$secs")")
done
echo "==="
printf '%s\n' "${summary[@]}"
echo "run_all.sh: ${#tests[@]} tests in $(( $(date +%s) - t0 )) s"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
