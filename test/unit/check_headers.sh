#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ealnvme authors.
#
# Every public header compiles on its own, as C and as C++, with
# -Wall -Wextra -Werror (libvfn's rule: a header includes what it uses), and
# all of them compile together in either order (no clashing definitions).
# check_headers_usage.cc (next to this script) expands the macros from C++.
# Usage: check_headers.sh INCLUDE_DIR   (CC / CXX from the environment)
set -uo pipefail

inc=${1:?usage: check_headers.sh INCLUDE_DIR}
CC=${CC:-cc}
CXX=${CXX:-c++}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
# spdk/ and spdk_internal/ (SPDK's tools include spdk_internal/nvme_util.h).
headers=("$inc"/spdk/*.h "$inc"/spdk_internal/*.h)
[ "${#headers[@]}" -gt 0 ] && [ -e "${headers[0]}" ] || { echo "no headers under $inc/spdk"; exit 1; }
for h in "${headers[@]}"; do
    [ -e "$h" ] || { echo "FAIL: $h missing (empty glob)"; exit 1; }
done

compile() { # name source-file lang-args...
    local name=$1 src=$2
    shift 2
    if ! "$@" -Wall -Wextra -Werror -I"$inc" -fsyntax-only "$src" 2>"$tmp/err"; then
        echo "FAIL: $name"
        sed 's/^/    /' "$tmp/err" | head -20
        fail=1
    fi
}

for h in "${headers[@]}"; do
    n=${h#"$inc"/}
    # Twice: the include guard must make the second one a no-op.
    printf '#include "%s"\n#include "%s"\n' "$n" "$n" >"$tmp/one.c"
    cp "$tmp/one.c" "$tmp/one.cpp"
    compile "$n as C (gnu11)" "$tmp/one.c" $CC -std=gnu11
    compile "$n as C (c11)" "$tmp/one.c" $CC -std=c11
    compile "$n as C++ (c++11)" "$tmp/one.cpp" $CXX -std=c++11
    compile "$n as C++ (c++17)" "$tmp/one.cpp" $CXX -std=c++17
done

: >"$tmp/all.c"
for h in "${headers[@]}"; do printf '#include "%s"\n' "${h#"$inc"/}" >>"$tmp/all.c"; done
tac "$tmp/all.c" >"$tmp/rev.c"
cp "$tmp/all.c" "$tmp/all.cpp"
cp "$tmp/rev.c" "$tmp/rev.cpp"
compile "all headers as C" "$tmp/all.c" $CC -std=gnu11
compile "all headers as C, reversed" "$tmp/rev.c" $CC -std=gnu11
compile "all headers as C++" "$tmp/all.cpp" $CXX -std=c++11
compile "all headers as C++, reversed" "$tmp/rev.cpp" $CXX -std=c++11

usage="$(dirname "$0")/check_headers_usage.cc"
compile "macros used from C++ (c++11)" "$usage" $CXX -std=c++11
compile "macros used from C++ (c++20)" "$usage" $CXX -std=c++20

[ $fail -eq 0 ] && echo "${#headers[@]} headers compile alone and together as C and C++"
exit $fail
