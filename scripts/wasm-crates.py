#!/usr/bin/env python3
"""Which crates the browser bundle's code comes from: the size of every function body in the
wasm that rustc wrote (before wasm-bindgen and wasm-opt, which keep the proportions but
drop the names), summed by the first known crate in the function's demangled path.

Usage: scripts/wasm-crates.py [path/to/frontend.wasm]
(default: the wasm-release build under $CARGO_TARGET_DIR or target/)."""
import collections
import os
import re
import sys

path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.environ.get("CARGO_TARGET_DIR", "target"), "wasm32-unknown-unknown", "wasm-release", "frontend.wasm")
data = open(path, "rb").read()

def leb(b, i):
    r = s = 0
    while True:
        x = b[i]; i += 1
        r |= (x & 0x7f) << s; s += 7
        if x < 0x80: return r, i
i = 8; sections = []
while i < len(data):
    sid = data[i]; i += 1
    size, i = leb(data, i)
    sections.append((sid, i, size)); i += size
imports = 0; bodies = []; names = {}
for sid, off, size in sections:
    if sid == 2:
        n, j = leb(data, off)
        for _ in range(n):
            l, j = leb(data, j); j += l
            l, j = leb(data, j); j += l
            kind = data[j]; j += 1
            if kind == 0: _, j = leb(data, j); imports += 1
            elif kind == 1: j += 1; fl = data[j]; j += 1; _, j = leb(data, j); j = leb(data, j)[1] if fl & 1 else j
            elif kind == 2: fl = data[j]; j += 1; _, j = leb(data, j); j = leb(data, j)[1] if fl & 1 else j
            elif kind == 3: j += 2
    if sid == 10:
        n, j = leb(data, off)
        for _ in range(n):
            l, j2 = leb(data, j); bodies.append(l + (j2 - j)); j = j2 + l
    if sid == 0:
        l, j = leb(data, off); nm = data[j:j+l].decode(); j += l
        if nm == 'name':
            end = off + size
            while j < end:
                sub = data[j]; j += 1; ssz, j = leb(data, j); se = j + ssz
                if sub == 1:
                    n, k = leb(data, j)
                    for _ in range(n):
                        idx, k = leb(data, k); l, k = leb(data, k); names[idx] = data[k:k+l].decode('utf8', 'replace'); k += l
                j = se

def demangle(n):
    if not n.startswith('_ZN'): return n
    i = 3; parts = []
    while i < len(n) and n[i].isdigit():
        j = i
        while n[j].isdigit(): j += 1
        l = int(n[i:j]); parts.append(n[j:j+l]); i = j + l
    s = '::'.join(p for p in parts if not re.match(r'^h[0-9a-f]{16}$', p))
    for a, b in [('$LT$', '<'), ('$GT$', '>'), ('$u20$', ' '), ('$RF$', '&'), ('..', '::'), ('$C$', ','), ('$u7b$', '{'), ('$u7d$', '}'), ('$BP$', '*'), ('$u27$', "'"), ('$u5b$', '['), ('$u5d$', ']'), ('$u3b$', ';')]:
        s = s.replace(a, b)
    return s

CRATES = ["serde_json", "serde_qs", "serde", "reactive_graph", "tachys", "leptos_router", "leptos_meta", "leptos",
          "server_fn", "wasm_bindgen", "web_sys", "js_sys", "chrono", "hashbrown", "app", "frontend", "alloc", "core", "std"]
total = sum(bodies)
by_crate = collections.Counter()
for k, size in enumerate(bodies):
    name = demangle(names.get(imports + k, "?"))
    found = [c for c in CRATES if c + "::" in name]
    by_crate[found[0] if found else "other"] += size
print(f"{total:9d} bytes of code in {len(bodies)} functions")
for crate, size in by_crate.most_common():
    print(f"{size:9d} {100 * size / total:5.1f}% {crate}")
