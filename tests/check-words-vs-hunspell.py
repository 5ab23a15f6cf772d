#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""threadpad --check and `hunspell -l` must judge the words of tests/data/words/ (one word a
line, named after the dictionary that judges them) alike: every line where the two differ must
be one of the deliberate differences of DELIBERATE, which README.md describes. A language whose
dictionary is not installed is skipped.

    check-words-vs-hunspell.py THREADPAD [--report] [LANG...]

--report prints every line and the agreement of each language and fails on nothing: the
measure of how often the two agree, deliberate differences included."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

WORDS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "words")
DICTIONARY_DIRS = ("/usr/share/hunspell", "/usr/share/myspell")
# A line between the words, one that `hunspell -l` flags, so that the words it prints (it says
# nothing of lines) can be told apart by line. Some dictionaries take any Latin word.
SENTINELS = ("Zqxjvqzxj", "Жщъьыщжъ")
INVISIBLE = "\u00ad\u200e\u200f\u061c"
JOINERS = "\u200c\u200d"


def affix_directive(aff, keyword):
    with open(aff, "rb") as f:
        for line in f:
            line = line.lstrip(b"\xef\xbb\xbf")
            if line.split(maxsplit=1)[:1] == [keyword.encode()]:
                fields = line.split()
                return fields[1] if len(fields) > 1 else b""
    return b""


def dictionary_facts(path):
    encoding = affix_directive(path + ".aff", "SET").decode() or "ISO8859-1"
    decode = lambda raw: raw.decode(encoding, errors="replace")
    return {"wordchars": decode(affix_directive(path + ".aff", "WORDCHARS")),
            "ignore": decode(affix_directive(path + ".aff", "IGNORE"))}


# Each deliberate difference: (name, test of a line (word, ours, theirs, facts)). The words are
# the line's flagged words, trailing dots removed.
def has_digit(word, ours, theirs, facts):
    return re.search(r"[\d_]", word) is not None


def has_invisible(word, ours, theirs, facts):
    return any(c in word for c in INVISIBLE)


def has_joiner_outside_wordchars(word, ours, theirs, facts):
    return any(c in word and c not in facts["wordchars"] for c in JOINERS)


def abbreviation_outside_wordchars(word, ours, theirs, facts):
    return word.endswith(".") and "." not in facts["wordchars"] and not ours


def ignored_punctuation(word, ours, theirs, facts):
    return any(c in word and not c.isalpha() and unicodedata.category(c)[0] != "M"
               for c in facts["ignore"])


def listed_compound(word, ours, theirs, facts):
    return "-" in word and "-" not in facts["wordchars"] and not ours


def apostrophe_outside_wordchars(word, ours, theirs, facts):
    return (any(c in word[1:-1] for c in "'’") and not ours
            and not any(c in facts["wordchars"] for c in "'’"))


def cut_at_mark(word, ours, theirs, facts):
    for part in theirs:
        at = word.find(part)
        after = word[at + len(part):at + len(part) + 1] if at >= 0 else ""
        before = word[at - 1:at] if at > 0 else ""
        if any(c and unicodedata.category(c)[0] == "M" for c in (after, before)):
            return True
    return False


def leading_quote(word, ours, theirs, facts):
    return word[0] in "'’" and ours and not theirs


DELIBERATE = [
    ("word with a digit or an underscore: not checked", has_digit),
    ("soft hyphen or direction mark: removed before the check, not a cut", has_invisible),
    ("joiner (ZWNJ, ZWJ) that the dictionary does not list: kept inside the word",
     has_joiner_outside_wordchars),
    ("abbreviation: the trailing dot is handed to Hunspell in every dictionary",
     abbreviation_outside_wordchars),
    ("IGNORE punctuation (hu_HU's brackets): removed by Hunspell, not a cut", ignored_punctuation),
    ("hyphenated word that the dictionary lists: checked whole, not cut", listed_compound),
    ("apostrophe inside a word: kept in every dictionary (dell'anno)",
     apostrophe_outside_wordchars),
    ("combining mark (a Devanagari vowel sign): part of the word, hunspell -l cuts at some",
     cut_at_mark),
    ("apostrophe before a word: a quote, not part of it ('s-Hertogenbosch)", leading_quote),
]


def find_dictionary(code):
    for directory in DICTIONARY_DIRS:
        if os.path.exists(os.path.join(directory, code + ".dic")):
            return directory
    return None


def strip_dots(words):
    return sorted(w.rstrip(".") for w in words if w.rstrip("."))


def threadpad_lines(threadpad, directory, code, path, lines, tmp):
    env = dict(os.environ, DICPATH=directory, XDG_CONFIG_HOME=tmp, XDG_DATA_HOME=tmp)
    run = subprocess.run([threadpad, "--check", "--lang=" + code, path], capture_output=True,
                         text=True, env=env)
    if run.returncode not in (0, 1):
        raise RuntimeError(f"threadpad --check exited {run.returncode}: {run.stderr}")
    flagged = [[] for _ in lines]
    for line in run.stdout.splitlines():
        match = re.match(r".*:(\d+):(\d+): (.*)$", line)
        flagged[int(match.group(1)) - 1].append(match.group(3))
    return flagged


def hunspell_list(directory, code, text, tmp):
    path = os.path.join(tmp, "hunspell-input.txt")
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)
    run = subprocess.run(["hunspell", "-d", os.path.join(directory, code), "-i", "UTF-8", "-l",
                          path], capture_output=True, check=True, env=dict(os.environ, HOME=tmp))
    return run.stdout.decode("utf-8").split("\n")[:-1]


def hunspell_lines(directory, code, lines, tmp):
    separator = "\n".join(SENTINELS) + "\n"
    words = hunspell_list(directory, code, "".join(line + "\n" + separator for line in lines), tmp)
    sentinel = next((s for s in SENTINELS if s in words), None)
    flagged, current = [], []
    for word in words:
        if word == sentinel:
            flagged.append(current)
            current = []
        elif word not in SENTINELS:
            current.append(word)
    if len(flagged) != len(lines):
        raise RuntimeError(f"hunspell flagged the sentinel {len(flagged)} times in "
                           f"{len(lines)} lines")
    return flagged


def same_verdict(ours, theirs):
    """Threadpad hands a compound to Hunspell whole (short-circuit), whose BREAK rules check its
    parts; `hunspell -l` cuts it where the dictionary's WORDCHARS lack the hyphen. Both flag the
    same line, one the whole word and the other its misspelled parts."""
    if ours == theirs:
        return True
    overlap = lambda a, b: a in b or b in a
    return (bool(ours) and all(any(overlap(t, o) for o in ours) for t in theirs)
            and all(any(overlap(t, o) for t in theirs) for o in ours))


def compare_language(threadpad, code, report):
    directory = find_dictionary(code)
    if directory is None:
        return None
    path = os.path.join(WORDS, code + ".txt")
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    facts = dictionary_facts(os.path.join(directory, code))
    with tempfile.TemporaryDirectory() as tmp:
        ours_all = threadpad_lines(threadpad, directory, code, path, lines, tmp)
        theirs_all = hunspell_lines(directory, code, lines, tmp)
    agree, unexplained, explained = 0, [], {}
    for word, ours, theirs in zip(lines, ours_all, theirs_all):
        ours, theirs = strip_dots(ours), strip_dots(theirs)
        if same_verdict(ours, theirs):
            agree += 1
            continue
        reason = next((name for name, test in DELIBERATE if test(word, ours, theirs, facts)), None)
        if reason is None:
            unexplained.append((word, ours, theirs))
        else:
            explained.setdefault(reason, []).append(word)
        if report:
            print(f"#   {code} {word!r}: threadpad {ours}, hunspell {theirs} ({reason})")
    return len(lines), agree, explained, unexplained


def main():
    args = [a for a in sys.argv[1:] if a != "--report"]
    report = "--report" in sys.argv
    threadpad, languages = args[0], args[1:]
    if shutil.which("hunspell") is None:
        print("1..0 # SKIP needs the hunspell command")
        return 0
    if not languages:
        languages = sorted(name[:-4] for name in os.listdir(WORDS) if name.endswith(".txt"))
    print(f"1..{len(languages)}")
    failed = total_lines = total_agree = 0
    for number, code in enumerate(languages, 1):
        result = compare_language(threadpad, code, report)
        if result is None:
            print(f"ok {number} {code} # SKIP no {code} dictionary installed")
            continue
        lines, agree, explained, unexplained = result
        total_lines += lines
        total_agree += agree
        summary = "; ".join(f"{len(w)} {name.split(':')[0]}" for name, w in explained.items())
        print(f"# {code}: {agree}/{lines} agree ({100 * agree / lines:.1f} %)"
              + (f"; deliberate: {summary}" if summary else ""))
        if unexplained and not report:
            failed += 1
            shown = "; ".join(f"{w!r}: threadpad {o}, hunspell {t}" for w, o, t in unexplained[:20])
            print(f"not ok {number} {code}: {len(unexplained)} differences: {shown}")
        else:
            print(f"ok {number} {code}")
    if total_lines:
        print(f"# all: {total_agree}/{total_lines} agree ({100 * total_agree / total_lines:.2f} %)")
    return 1 if failed else 0


sys.exit(main())
