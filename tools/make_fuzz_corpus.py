#!/usr/bin/env python3
"""Seeds the fuzz corpora from the real inputs: the source list snapshot and its tables
(for `import`) and the built-in data file cut into small documents (for `load`), plus the
encodings people's files come in (BOM, CRLF). Run from the repository root; libFuzzer
grows the corpora from these. Files are named by their SHA-1, as libFuzzer names its own."""
import hashlib
import json
import os
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
seed = os.path.join(root, "..", "shared", "seed", "north-korea-missions.txt")


def put(kind, data):
    d = os.path.join(root, "fuzz", "corpus", kind)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def variants(data):
    yield data
    yield b"\xef\xbb\xbf" + data
    yield data.replace(b"\n", b"\r\n")


tables = open(os.path.join(root, "tests", "fixtures", "source-tables.txt"), "rb").read()
for v in variants(tables):
    put("import", v)
if os.path.exists(seed):
    put("import", open(seed, "rb").read())
# Each table on its own.
blocks, cur = [], []
for line in tables.split(b"\n"):
    if line.startswith(b"Host country") and cur:
        blocks.append(b"\n".join(cur) + b"\n")
        cur = []
    cur.append(line)
blocks.append(b"\n".join(cur) + b"\n")
for b in blocks:
    for v in variants(b):
        put("import", v)

doc = json.load(open(os.path.join(root, "data", "missions.json"), encoding="utf-8"))
missions = doc["missions"]
head = {k: v for k, v in doc.items() if k != "missions"}
head["source"] = "s"
for i in range(0, len(missions), 3):
    d = dict(head, missions=missions[i : i + 3])
    text = json.dumps(d, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    for v in variants(text):
        put("load", v)
put("load", open(os.path.join(root, "data", "missions.json"), "rb").read())
put("load", b'{"format": "diplomap/1", "missions": []}\n')
print("corpus seeded", file=sys.stderr)
