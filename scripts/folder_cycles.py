#!/usr/bin/env python3
"""Issue 24: the folders of a target and which folders' types each one names; reports every cycle between folders.

A folder depends on another when its code names a type (struct, enum, class, actor, protocol, typealias) declared at
the top level of the other. Files directly in the target's root count as the folder ".". Identifiers are read from
code with comments and string literals removed, so a doc comment that names a type is no dependency.

usage: folder_cycles.py TARGET_DIR [--quiet]   (exit 1 when there is a cycle)
"""
import os
import re
import sys

DECL = re.compile(r"^(?:public |package |internal |fileprivate |private |final |indirect )*(?:struct|enum|class|actor|protocol|typealias)\s+(\w+)", re.M)


def code_only(text):
    text = re.sub(r'"""(?:.|\n)*?"""', '""', text)
    text = re.sub(r'"(?:\\.|[^"\\\n])*"', '""', text)
    text = re.sub(r"//[^\n]*", "", text)
    return re.sub(r"/\*(?:.|\n)*?\*/", "", text)


def folders(root):
    out = {}
    for dirpath, _, files in os.walk(root):
        for f in files:
            if f.endswith(".swift"):
                folder = os.path.relpath(dirpath, root).split(os.sep)[0]
                out.setdefault(folder, []).append(os.path.join(dirpath, f))
    return out


def graph(root):
    by_folder = folders(root)
    code = {d: "\n".join(code_only(open(p).read()) for p in ps) for d, ps in by_folder.items()}
    owner = {}
    for d, text in code.items():
        for name in DECL.findall(text):
            owner.setdefault(name, d)
    edges = {d: set() for d in code}
    for d, text in code.items():
        for word in set(re.findall(r"\b[A-Z]\w*\b", text)):
            o = owner.get(word)
            if o and o != d:
                edges[d].add(o)
    return edges


def cycles(edges):
    """Strongly connected components of more than one folder (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def main():
    root = sys.argv[1]
    edges = graph(root)
    found = cycles(edges)
    if "--quiet" not in sys.argv:
        for d in sorted(edges):
            print(f"{d} -> {', '.join(sorted(edges[d])) or '(nothing)'}")
    for comp in found:
        print(f"cycle in {root}: " + " <-> ".join(comp))
        for d in comp:
            print(f"  {d} -> " + ", ".join(sorted(e for e in edges[d] if e in comp)))
    print(f"{root}: {len(edges)} folders, {len(found)} cycles")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
