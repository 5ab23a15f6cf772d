#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes SIZE megabytes of English-looking prose to FILE: words drawn from Debian's license
texts, in sentences and lines, with one word in MISSPELL_EVERY misspelled by a swap of two
letters. Deterministic, so runs compare."""

import os
import random
import re
import sys

path, megabytes = sys.argv[1], float(sys.argv[2])
misspell_every = int(sys.argv[3]) if len(sys.argv) > 3 else 40
sources = ["GPL-3", "GPL-2", "LGPL-2.1", "Apache-2.0", "MPL-2.0", "Artistic"]
words = []
for name in sources:
    full = os.path.join("/usr/share/common-licenses", name)
    if os.path.exists(full):
        words += re.findall(r"[A-Za-z]+(?:'[a-z]+)?", open(full, encoding="utf-8").read())
if not words:
    words = "the quick brown fox jumps over the lazy dog while threads keep typing smooth".split()

rand = random.Random(42)
target = int(megabytes * 1024 * 1024)
out, size, line = [], 0, 0
while size < target:
    word = rand.choice(words)
    if rand.randrange(misspell_every) == 0 and len(word) > 3:
        i = rand.randrange(1, len(word) - 2)
        word = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    piece = word + (".\n" if rand.randrange(14) == 0 else " ")
    out.append(piece)
    size += len(piece)
with open(path, "w", encoding="utf-8") as f:
    f.write("".join(out))
