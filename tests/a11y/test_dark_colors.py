#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Colors → Dark in the main menu's View submenu: the text area turns dark on the screen, the
preferences say Dark, and the next run of the editor starts dark."""

import pyatspi

from a11y_harness import check, extents, find, mean_brightness, run_tests, wait_for


def text_area_brightness(editor, name):
    """How bright the text area is on a screenshot: a box of its lower half, away from the
    gutter and the current line's highlight."""
    x, y, width, height = extents(editor.text_area())
    box = (x + width // 4, y + height // 2, width // 2, height // 3)
    return mean_brightness(editor.screenshot(name), box)


def wait_brightness(editor, name, dark):
    def reached():
        brightness = text_area_brightness(editor, name)
        return brightness < 0.25 if dark else brightness > 0.75
    wait_for(f"the text area to look {'dark' if dark else 'light'}", reached)


def dark_from_the_menu(editor):
    """View → Colors → Dark makes the text area dark, and it stays dark in the next run"""
    editor.start()
    wait_brightness(editor, "dark-1-before", dark=False)

    # GTK 3's menu items in a popover do not say whether they are checked (the states of
    # the Dark item are the same before and after), so the preferences tell what was chosen.
    editor.menu_item("View", "Dark")
    wait_brightness(editor, "dark-2-after", dark=True)

    preferences = editor.open_preferences()
    combo = find(preferences, pyatspi.ROLE_COMBO_BOX, None, labelled="Light or dark")
    check(combo.name == "Dark", f"the preferences say {combo.name!r}, not Dark")

    editor.quit()
    editor.start()
    wait_brightness(editor, "dark-3-next-run", dark=True)


if __name__ == "__main__":
    run_tests(dark_from_the_menu)
