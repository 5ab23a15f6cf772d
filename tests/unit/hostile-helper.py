#!/usr/bin/env python3
"""A helper that speaks the protocol but lies: it loads nothing, and answers a check with a span
past the end of the text (or, with "--wrong-id", with another job's number). The editor must
refuse the answer and end it."""
import os
import struct
import sys

fd = int(next(a for a in sys.argv if a.startswith("--socket-fd=")).split("=")[1])
wrong_id = "--wrong-id" in sys.argv
sock = os.fdopen(fd, "r+b", buffering=0)


def read_exactly(n):
    data = b""
    while len(data) < n:
        chunk = sock.read(n - len(data))
        if not chunk:
            sys.exit(0)
        data += chunk
    return data


def send(kind, number, payload=b""):
    sock.write(struct.pack("<III", len(payload), kind, number) + payload)


while True:
    length, kind, number = struct.unpack("<III", read_exactly(12))
    read_exactly(length)
    if kind == 1:
        send(64, number, struct.pack("<I", 1))
    elif kind == 2:
        send(64, number)
    elif kind in (5, 6):
        send(68, number)
    elif kind == 3:
        if wrong_id:
            send(66, number + 1, struct.pack("<I", 0))
        else:
            send(66, number, struct.pack("<III", 1, 0, 1000000))
