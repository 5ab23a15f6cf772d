#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A session with an unsaved untitled document, restored: with "Quit without asking about
unsaved changes" switched on in the preferences, Ctrl+Q asks nothing, and the next start shows
the document again, unsaved, with its text."""

import pyatspi

from a11y_harness import (check, click, find, find_all, has_state, run_tests, type_text,
                          wait_for, wait_text)

TEXT = "words typed and never saved"


def restore_unsaved_untitled(editor):
    """type into the untitled document, quit without a question, start again: it is back"""
    editor.start()
    type_text(TEXT)
    wait_text(editor.text_area(), TEXT)

    preferences = editor.open_preferences()
    switch = find(preferences, pyatspi.ROLE_TOGGLE_BUTTON, None,
                  labelled="Quit without asking about unsaved changes")
    click(switch)
    wait_for("the switch to be on", lambda: has_state(switch, pyatspi.STATE_CHECKED))
    click(find(preferences, pyatspi.ROLE_PUSH_BUTTON, "Close"))
    wait_for("the preferences to close",
             lambda: all(window.name != "Preferences" for window in editor.windows()))

    # No question: the editor ends by itself.
    editor.quit()

    window = editor.start()
    wait_text(editor.text_area(), TEXT, "the restored document's text")
    tabs = find_all(window, pyatspi.ROLE_PAGE_TAB)
    check(len(tabs) == 1, f"{len(tabs)} tabs after the restore, not 1")
    check("Untitled" in tabs[0].name and "•" in tabs[0].name,
          f"the tab says {tabs[0].name!r}: not an untitled document with unsaved changes")


if __name__ == "__main__":
    run_tests(restore_unsaved_untitled)
