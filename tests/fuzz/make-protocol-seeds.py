#!/usr/bin/env python3
"""Writes a few valid conversations of the helper protocol into the folder given, for the
fuzzer to start from: one from the editor, one from the helper (first byte: side and piece
size, as fuzz-helper-protocol.c reads it)."""
import os
import struct
import sys


def string(text):
    data = text.encode()
    return struct.pack("<I", len(data)) + data


def message(kind, number, payload):
    return struct.pack("<III", len(payload), kind, number) + payload


os.makedirs(sys.argv[1], exist_ok=True)
editor = (message(1, 0, struct.pack("<I", 1))
          + message(2, 1, string("de_DE") + string("/usr/share/hunspell/de_DE.aff")
                    + string("/usr/share/hunspell/de_DE.dic"))
          + message(3, 2, string("Grüße aus Köln, teh misspeled wrods."))
          + message(4, 3, string("wrods")) + message(5, 4, string("Threadpad"))
          + message(6, 5, string("zB")))
helper = (message(64, 0, struct.pack("<I", 1)) + message(64, 1, b"")
          + message(66, 2, struct.pack("<IIIII", 2, 16, 3, 20, 9))
          + message(67, 3, struct.pack("<I", 2) + string("words") + string("wards"))
          + message(68, 4, b"") + message(65, 5, string("Der Wörterbuch ist kaputt.")))
for name, first, data in (("editor", 2 * 7, editor), ("helper", 2 * 7 + 1, helper),
                          ("editor-bytes", 0, editor), ("helper-bytes", 1, helper)):
    with open(os.path.join(sys.argv[1], name), "wb") as out:
        out.write(bytes([first]) + data)
