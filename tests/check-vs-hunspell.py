#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""threadpad --check and `hunspell -l` must find the same misspelled words in plain English
prose, except where Threadpad's tokenizer skips on purpose: words with digits or underscores,
and URLs, e-mail addresses and paths. Threadpad hands hyphenated words to Hunspell whole and
reports them whole; they are compared by their misspelled parts."""

import os
import re
import shutil
import subprocess
import sys
import tempfile

PROSE = ["GPL-3", "GPL-2", "LGPL-2.1", "LGPL-3", "Apache-2.0", "MPL-2.0", "Artistic", "GFDL-1.3"]
LICENSES = "/usr/share/common-licenses"


def skip(reason):
    print(f"1..0 # SKIP {reason}")
    sys.exit(0)


def words_of(output):
    return {line.rsplit(": ", 1)[1] for line in output.splitlines() if ": " in line}


def hunspell_list(path):
    result = subprocess.run(["hunspell", "-d", "en_US", "-l", path], capture_output=True,
                            text=True, check=True)
    return set(result.stdout.split())


def skipped_piece(piece):
    piece = piece.lstrip("(<[\"'")
    after_at = piece.split("@", 1)[1] if "@" in piece[1:] else ""
    return ("://" in piece or piece.lower().startswith(("www.", "mailto:")) or "." in after_at
            or piece.startswith(("/", "~/", "./", "../")) and len(piece) > 1
            or "\\" in piece or piece.count("/") >= 2)


def main():
    threadpad = sys.argv[1]
    files = [os.path.join(LICENSES, name) for name in PROSE
             if os.path.exists(os.path.join(LICENSES, name))]
    if shutil.which("hunspell") is None or not files:
        skip("needs the hunspell command and Debian's license texts")
    if not any(os.path.exists(os.path.join(d, "en_US.dic"))
               for d in ("/usr/share/hunspell", "/usr/share/myspell")):
        skip("needs the en_US dictionary (hunspell-en-us)")

    text = "\n".join(open(f, encoding="utf-8", errors="replace").read() for f in files)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "prose.txt")
        with open(corpus, "w", encoding="utf-8") as out:
            out.write(text)
        ours_run = subprocess.run([threadpad, "--check", "--lang=en_US", corpus],
                                  capture_output=True, text=True)
        if ours_run.returncode not in (0, 1):
            print(f"not ok 1 threadpad --check exited {ours_run.returncode}: {ours_run.stderr}")
            sys.exit(1)
        ours = words_of(ours_run.stdout)
        theirs = hunspell_list(corpus)

        hyphenated = {w for w in ours if "-" in w}
        parts_file = os.path.join(tmp, "parts.txt")
        with open(parts_file, "w", encoding="utf-8") as out:
            out.write("\n".join(p for w in hyphenated for p in w.split("-") if p))
        misspelled_parts = hunspell_list(parts_file)

    ours_compared = (ours - hyphenated) | {p for w in hyphenated for p in w.split("-")
                                           if p in misspelled_parts}
    outside_skipped = set()
    for piece in text.split():
        if not skipped_piece(piece):
            outside_skipped.update(re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)*", piece))
    deliberate = {w for w in theirs if re.search(r"[\d_]", w) or w not in outside_skipped}

    only_ours = sorted(ours_compared - theirs)
    only_theirs = sorted(theirs - ours_compared - deliberate)
    print("1..1")
    print(f"# {len(text.split())} words of prose; threadpad {len(ours)}, hunspell {len(theirs)} "
          f"misspelled; {len(deliberate)} skipped on purpose")
    if only_ours or only_theirs:
        print(f"not ok 1 only threadpad: {only_ours[:40]}; only hunspell: {only_theirs[:40]}")
        sys.exit(1)
    print("ok 1 same misspelled words as hunspell -l")


main()
