#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ealnvme authors.
"""Check that docs/spdk-compat.md's function index and the library agree.

The index lists every function SPDK v26.05 declares in nvme.h, nvme_zns.h and
env.h, one row each: `| `name` | header | status | note |`.  Status is one of
  implemented   declared in our header and exported by the library
  inline        declared in our header as a static inline function
  -ENOTSUP ...  declared and exported, fails with the documented error
  not provided  neither declared nor exported (the note says why)
  extension     ours, not in SPDK v26.05 (declared and exported)
and every spdk_* function our nvme.h, nvme_zns.h or env.h declares and the
library exports must have a row.

usage: check_compat_table.py DOC INCLUDE_DIR LIBRARY
"""
import re
import subprocess
import sys

HEADERS = ("nvme.h", "nvme_zns.h", "env.h")
ROW = re.compile(r"^\|\s*`(spdk_[A-Za-z0-9_]+)`\s*\|\s*([a-z_]+\.h)\s*\|\s*([^|]+?)\s*\|")


def index_rows(doc):
    rows = {}
    errors = []
    in_index = False
    with open(doc, encoding="utf-8") as f:
        for line in f:
            if line.startswith("## "):
                in_index = line.strip().lower().startswith("## function index")
                continue
            if not in_index:
                continue
            m = ROW.match(line)
            if not m:
                continue
            name, header, status = m.groups()
            if name in rows:
                errors.append(f"{name}: listed twice in the function index")
            rows[name] = (header, status)
    if not rows:
        errors.append(f"{doc}: no '## Function index' table found")
    return rows, errors


def declared(include_dir, header):
    path = f"{include_dir}/spdk/{header}"
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        return set(), set()
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    names = set(re.findall(r"\b(spdk_[A-Za-z0-9_]+)\s*\(", text))
    inline = set(re.findall(r"static\s+inline[^;{(]*?\b(spdk_[A-Za-z0-9_]+)\s*\(", text))
    return names, inline


def exported(library):
    out = subprocess.run(["nm", "-D", "--defined-only", library],
                         check=True, capture_output=True, text=True).stdout
    return {line.split()[-1] for line in out.splitlines() if " T " in line}


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    doc, include_dir, library = sys.argv[1:]
    rows, errors = index_rows(doc)
    syms = exported(library)
    decl = {}
    inline = {}
    for h in HEADERS:
        decl[h], inline[h] = declared(include_dir, h)

    for name, (header, status) in sorted(rows.items()):
        if header not in HEADERS:
            errors.append(f"{name}: header {header} is not one of {', '.join(HEADERS)}")
            continue
        in_header = name in decl[header]
        if status == "not provided":
            if in_header or name in syms:
                errors.append(f"{name}: marked 'not provided' but "
                              f"{'declared in ' + header if in_header else 'exported'}")
        elif status == "inline":
            if name not in inline[header]:
                errors.append(f"{name}: marked 'inline' but not a static inline in {header}")
        elif status in ("implemented", "extension") or status.startswith("-E"):
            if not in_header:
                errors.append(f"{name}: marked '{status}' but not declared in {header}")
            if name not in syms:
                errors.append(f"{name}: marked '{status}' but the library does not export it")
        else:
            errors.append(f"{name}: unknown status '{status}'")

    for h in HEADERS:
        for name in sorted((decl[h] & syms) - set(rows)):
            errors.append(f"{name}: declared in {h} and exported, but missing from the index")

    for e in errors:
        print(e)
    counts = {}
    for _, status in rows.values():
        key = "-ENOTSUP/-E..." if status.startswith("-E") else status
        counts[key] = counts.get(key, 0) + 1
    print(f"{len(rows)} functions indexed: " +
          ", ".join(f"{v} {k}" for k, v in sorted(counts.items())))
    print(f"{len(errors)} mismatches")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
