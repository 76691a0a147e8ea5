#!/usr/bin/env python3
"""Which crates the browser bundle's code comes from: the size of every function body in the
wasm that rustc wrote (before wasm-bindgen and wasm-opt, which keep the proportions but
drop the names), summed by the first known crate in the function's demangled path.

Usage: scripts/wasm-crates.py [path/to/frontend.wasm] [--top N]
(default: the wasm-release build under $CARGO_TARGET_DIR or target/). --top also lists the
N largest functions. Rust's default symbol names omit generic arguments, so code that a
generic crate compiled for one of our types counts for that crate; to see which of our
types and closures made it, build once with the v0 names, which keep them:
  RUSTFLAGS="--cfg erase_components -C symbol-mangling-version=v0" CARGO_TARGET_DIR=/tmp/v0 \
    cargo build -p frontend --lib --target wasm32-unknown-unknown --profile wasm-release
(c++filt from binutils demangles both kinds.)"""
import collections
import os
import re
import subprocess
import sys

args = [a for a in sys.argv[1:]]
top = 0
if "--top" in args:
    at = args.index("--top")
    top = int(args[at + 1])
    del args[at:at + 2]
path = args[0] if args else os.path.join(
    os.environ.get("CARGO_TARGET_DIR", "target"), "wasm32-unknown-unknown", "wasm-release", "frontend.wasm")
data = open(path, "rb").read()

def uleb(buf, at):
    """An unsigned LEB128 number at `at`: (value, position after it)."""
    value = shift = 0
    while True:
        byte = buf[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def skip_name(buf, at):
    length, at = uleb(buf, at)
    return at + length


def skip_limits(buf, at):
    flags = buf[at]
    _, at = uleb(buf, at + 1)
    return uleb(buf, at)[1] if flags & 1 else at


sections = []  # (id, offset of contents, size)
at = 8  # after the magic number and version
while at < len(data):
    section_id = data[at]
    size, at = uleb(data, at + 1)
    sections.append((section_id, at, size))
    at += size

IMPORT, CODE, CUSTOM = 2, 10, 0
imported_functions = 0  # function indices count imports first
bodies = []  # size of each defined function's body
names = {}  # function index -> mangled name, from the "name" custom section
for section_id, offset, size in sections:
    if section_id == IMPORT:
        count, at = uleb(data, offset)
        for _ in range(count):
            at = skip_name(data, skip_name(data, at))
            kind = data[at]
            at += 1
            if kind == 0:  # function: its type index
                _, at = uleb(data, at)
                imported_functions += 1
            elif kind == 1:  # table: element type, limits
                at = skip_limits(data, at + 1)
            elif kind == 2:  # memory: limits
                at = skip_limits(data, at)
            elif kind == 3:  # global: value type, mutability
                at += 2
    elif section_id == CODE:
        count, at = uleb(data, offset)
        for _ in range(count):
            length, body = uleb(data, at)
            bodies.append(length + body - at)
            at = body + length
    elif section_id == CUSTOM:
        length, at = uleb(data, offset)
        if data[at:at + length] != b"name":
            continue
        at += length
        while at < offset + size:
            subsection = data[at]
            sub_size, at = uleb(data, at + 1)
            if subsection == 1:  # function names
                count, entry = uleb(data, at)
                for _ in range(count):
                    index, entry = uleb(data, entry)
                    length, entry = uleb(data, entry)
                    names[index] = data[entry:entry + length].decode("utf8", "replace")
                    entry += length
            at += sub_size


def demangle_all(mangled):
    """Readable names, legacy or v0, by binutils' c++filt (one process for all of them)."""
    text = subprocess.run(["c++filt"], input="\n".join(mangled), capture_output=True,
                          text=True, check=True).stdout
    # v0 names carry each crate's disambiguator, as in app[1a2b3c]::plan: drop it.
    return [re.sub(r"\[[0-9a-f]+\]", "", name) for name in text.split("\n")]


CRATES = ["serde_json", "serde_qs", "serde", "reactive_graph", "tachys", "leptos_router", "leptos_meta", "leptos",
          "server_fn", "wasm_bindgen", "web_sys", "js_sys", "chrono", "hashbrown", "app", "frontend", "alloc", "core", "std"]
total = sum(bodies)
by_crate = collections.Counter()
readable = demangle_all([names.get(imported_functions + k, "?") for k in range(len(bodies))])
for name, size in zip(readable, bodies):
    found = [c for c in CRATES if c + "::" in name]
    by_crate[found[0] if found else "other"] += size
print(f"{total:9d} bytes of code in {len(bodies)} functions")
for crate, size in by_crate.most_common():
    print(f"{size:9d} {100 * size / total:5.1f}% {crate}")
if top:
    print()
    for name, size in sorted(zip(readable, bodies), key=lambda pair: -pair[1])[:top]:
        print(f"{size:9d} {name[:200]}")
