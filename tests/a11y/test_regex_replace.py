#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Find and Replace with a regular expression whose replacement uses a back-reference: what
the groups matched is put back, and the text a screen reader reads is the replaced one."""

import pyatspi

from a11y_harness import (check, click, find, grab_focus, has_state, keys, run_tests,
                          type_text, wait_for, wait_text)

TEXT = "alpha=1\nbeta=22\ngamma=333"
PATTERN = r"(\w+)=(\d+)"
REPLACEMENT = r"\2 is \1"
EXPECTED = "1 is alpha\n22 is beta\n333 is gamma"


def replace_with_back_references(editor):
    """Ctrl+H, Regular Expression, (\\w+)=(\\d+) → \\2 is \\1, Replace All"""
    window = editor.start()
    type_text(TEXT)
    area = editor.text_area()
    wait_text(area, TEXT)

    keys("ctrl+h")
    replace_all = find(window, pyatspi.ROLE_PUSH_BUTTON, "Replace All")
    regex = find(window, pyatspi.ROLE_CHECK_BOX, "Regular Expression")
    if not has_state(regex, pyatspi.STATE_CHECKED):
        click(regex)
    wait_for("Regular Expression to be ticked", lambda: has_state(regex, pyatspi.STATE_CHECKED))

    search = find(window, pyatspi.ROLE_TEXT, "Search")
    grab_focus(search)
    type_text(PATTERN)
    wait_text(search, PATTERN)
    # The bar counts the matches once the pattern is in: all three lines.
    find(window, pyatspi.ROLE_LABEL, "1 of 3")

    replacement = find(window, pyatspi.ROLE_TEXT, "Replace with")
    grab_focus(replacement)
    type_text(REPLACEMENT)
    wait_text(replacement, REPLACEMENT)
    click(replace_all)

    wait_text(area, EXPECTED)
    check(has_state(regex, pyatspi.STATE_CHECKED), "Regular Expression was unticked")


if __name__ == "__main__":
    run_tests(replace_with_back_references)
