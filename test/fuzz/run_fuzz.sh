#!/usr/bin/env bash
# Run one libFuzzer target over its seed corpus (test/fuzz/README.md).
#
#   test/fuzz/run_fuzz.sh FUZZER SEED_DIR [libFuzzer options...]
#     e.g. run_fuzz.sh build-asan/test/fuzz/fuzz_identify test/fuzz/corpus/identify -runs=10000
#
# New inputs go to a scratch directory that is deleted afterwards, so the
# committed seeds stay as they are.  The driver's log lines (every rejected
# input logs one) are dropped unless FUZZ_VERBOSE=1; sanitizer and libFuzzer
# reports still show.  A crashing input is saved as ./fuzz-crash-NAME-<sha1>
# (or under $FUZZ_ARTIFACTS/): replay it with 'FUZZER FILE'.
set -uo pipefail
[ $# -ge 2 ] || { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
fuzzer=$1 seeds=$2
shift 2
name=$(basename "$fuzzer")
[ -x "$fuzzer" ] || { echo "run_fuzz.sh: no fuzzer $fuzzer (build with CC=clang -Dfuzz=enabled)" >&2; exit 2; }
[ -d "$seeds" ] || { echo "run_fuzz.sh: no seed directory $seeds" >&2; exit 2; }
artifacts=${FUZZ_ARTIFACTS:-$PWD}
mkdir -p "$artifacts" || exit 2
scratch=$(mktemp -d "${TMPDIR:-/tmp}/ealnvme-$name.XXXXXX") || exit 2
trap 'rm -rf "$scratch"' EXIT
quiet=(-close_fd_mask=3)
[ "${FUZZ_VERBOSE:-0}" = 1 ] && quiet=()
# Same inputs every run unless the caller passes its own -seed.
"$fuzzer" -seed=1 "${quiet[@]}" -print_final_stats=1 \
    -artifact_prefix="$artifacts/fuzz-crash-${name#fuzz_}-" "$@" "$scratch" "$seeds"
