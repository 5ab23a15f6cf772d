#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Save As with an encoding chosen in the dialog writes the text in that encoding, and Reopen With
Encoding reads it back as another encoding would show it, then as it was typed."""

import os
import re

import pyatspi

from a11y_harness import (beside, check, choose, click, find, grab_focus, keys,
                          run_tests, text_of, type_text, wait_for)

# Every character but the ASCII ones is one byte in ISO-8859-15 (the euro sign is 0xA4 there,
# not in ISO-8859-1) and two or three in UTF-8. Lower case only: xdotool types the capital of a
# letter that is not on the keyboard map as the small one.
TEXT = "ça coûte 5 € œuvre"
ENCODING = re.compile(r".*\(ISO-8859-15\)")
FILE_NAME = "western.txt"
WRONG_ENCODING = re.compile(r".*\(WINDOWS-1252\)")


def read_bytes(path):
    try:
        with open(path, "rb") as file:
            return file.read()
    except FileNotFoundError:
        return None


def save_as_in_iso_8859_15(editor):
    """Save As in ISO-8859-15 writes those bytes; Reopen With Encoding reads them back"""
    editor.start()
    type_text(TEXT)
    wait_for("the typed text", lambda: text_of(editor.text_area()) == TEXT)

    editor.menu_item("Save As…")
    dialog = editor.window("Save As")
    name = find(dialog, pyatspi.ROLE_TEXT, None, labelled="Name:")
    grab_focus(name)
    keys("ctrl+a")
    type_text(FILE_NAME)
    wait_for("the file name typed", lambda: text_of(name) == FILE_NAME)
    chosen = choose(beside(dialog, "Character encoding:", pyatspi.ROLE_COMBO_BOX), ENCODING)
    click(find(dialog, pyatspi.ROLE_PUSH_BUTTON, "Save"))

    path = os.path.join(editor.files, FILE_NAME)
    expected = (TEXT + "\n").encode("iso-8859-15")
    wait_for(f"{path} to hold the text in ISO-8859-15",
             lambda: read_bytes(path) in (expected, expected[:-1]))
    check(b"\xa4" in read_bytes(path), "the euro sign is not 0xA4 on disk")
    wait_for("the status bar to show the encoding",
             lambda: find(editor.main_window(), pyatspi.ROLE_LABEL, "ISO-8859-15"))
    editor.quit()

    # A new run with the file on its command line, so that it is read from disk: once as
    # Windows-1252, where the same bytes are other characters, then as it was written.
    window = editor.start(path)
    area = editor.text_area()
    wait_for("the file read", lambda: text_of(area).rstrip("\n") != "")
    editor.menu_item("Reopen With Encoding", WRONG_ENCODING)
    misread = TEXT.encode("iso-8859-15").decode("windows-1252")
    wait_for(f"the text read as Windows-1252 ({misread!r})",
             lambda: text_of(editor.text_area()).rstrip("\n") == misread)
    editor.menu_item("Reopen With Encoding", chosen)
    wait_for("the text read back as ISO-8859-15",
             lambda: text_of(editor.text_area()).rstrip("\n") == TEXT)
    find(window, pyatspi.ROLE_LABEL, "ISO-8859-15")


if __name__ == "__main__":
    run_tests(save_as_in_iso_8859_15)
