#!/usr/bin/env python3
"""Writes a few valid recovery files (snapshot + journal, joined as fuzz-journal.c expects)
into the folder given, for the fuzzer to start from."""
import os
import struct
import sys
import zlib


def record(kind, sequence, payload):
    rest = struct.pack("<B3xQq", kind, sequence, 1700000000000000) + payload
    return struct.pack("<II", len(payload), zlib.crc32(rest)) + rest


def seed(text, edits):
    info = "[Document]\nTitle=notes.txt\nLocation=file:///tmp/notes.txt\nCharset=UTF-8\n"
    snapshot = b"TPSNAP01" + record(4, 3, info.encode()) + record(5, 3, text.encode()) \
        + record(3, 3, struct.pack("<Q", 0))
    journal = b"TPJRNL01"
    for number, (kind, offset, value) in enumerate(edits, start=4):
        if kind == "insert":
            journal += record(1, number, struct.pack("<Q", offset) + value.encode())
        else:
            journal += record(2, number, struct.pack("<QQ", offset, value))
    split = len(snapshot) + 1
    first = max(0, min(255, round((split - 1) * 255 / (len(snapshot) + len(journal)))))
    return bytes([first]) + snapshot + journal


os.makedirs(sys.argv[1], exist_ok=True)
seeds = [
    seed("", [("insert", 0, "hello")]),
    seed("Grüße, 日本\n", [("insert", 3, "𝄞"), ("delete", 0, 2), ("insert", 0, "é")]),
    seed("abc", [("delete", 1, 1), ("delete", 0, 2)]),
]
for index, data in enumerate(seeds):
    with open(os.path.join(sys.argv[1], f"seed-{index}"), "wb") as out:
        out.write(data)
