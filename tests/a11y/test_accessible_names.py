#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every control a person can click, type into or choose in has a name a screen reader can say:
in the main window, the main menu and each of its submenus, the find and replace bar, the
preferences and the Save As dialog. The failure names each control without one, by role and
where it is in the tree."""

import pyatspi

from a11y_harness import (CLICKABLE_ROLES, TestFailure, check, click, descendants, find,
                          grab_focus, keys, path_of, run_tests, spoken_name, wait_for)

# The main menu's submenus, each walked on its own.
SUBMENUS = ["Reopen With Encoding", "Edit", "Search", "View", "Documents"]

# GTK's own widgets inside its dialogs, which Threadpad cannot name: (role, where the path
# ends) and why. Kept to those GTK 3.24 leaves unnamed whatever the program does.
GTK_EXCEPTIONS = [
    ("list box", "scroll pane 'Places' > viewport > list box",
     "GtkPlacesSidebar names its scrolled window Places, not the list inside it"),
]


# Each control is named once, in the first place it was seen.
seen = set()


def unnamed(root, where, exceptions=()):
    """What a person can click under root that has no name, as 'role at path' lines, with the
    tooltip (the description) to tell which one it is."""
    problems = []
    for acc in descendants(root):
        if acc.getRole() not in CLICKABLE_ROLES or spoken_name(acc):
            continue
        path = path_of(acc)
        if any(acc.getRoleName() == role and path.endswith(end) for role, end, _ in exceptions):
            continue
        if (path, acc.description) in seen:
            continue
        seen.add((path, acc.description))
        tooltip = f" (tooltip {acc.description!r})" if acc.description else ""
        problems.append(f"{where}: {acc.getRoleName()} at {path}{tooltip}")
    return problems


def walk_main_window(editor):
    return unnamed(editor.main_window(), "main window")


def walk_main_menu(editor):
    editor.main_menu()
    problems = unnamed(editor.main_window(), "main menu")
    editor.close_main_menu()
    for submenu in SUBMENUS:
        menu = editor.main_menu()
        click(find(menu, pyatspi.ROLE_PUSH_BUTTON, submenu))
        # A submenu shows its own name at its top, as the button back to the menu.
        wait_for(f"the {submenu} submenu",
                 lambda: find(menu, pyatspi.ROLE_PUSH_BUTTON, submenu).getIndexInParent() == 0)
        problems += unnamed(menu, f"main menu > {submenu}")
        editor.close_main_menu()
    return problems


def walk_find_bar(editor):
    grab_focus(editor.text_area())
    keys("ctrl+h")
    find(editor.main_window(), pyatspi.ROLE_PUSH_BUTTON, "Replace All")
    problems = unnamed(editor.main_window(), "find and replace bar")
    keys("Escape")
    return problems


def walk_preferences(editor):
    preferences = editor.open_preferences()
    problems = unnamed(preferences, "preferences")
    click(find(preferences, pyatspi.ROLE_PUSH_BUTTON, "Close"))
    return problems


def walk_save_as(editor):
    editor.menu_item("Save As…")
    save_as = editor.window("Save As", role=pyatspi.ROLE_FILE_CHOOSER)
    problems = unnamed(save_as, "Save As", GTK_EXCEPTIONS)
    click(find(save_as, pyatspi.ROLE_PUSH_BUTTON, "Cancel"))
    return problems


def every_control_has_a_name(editor):
    """every control in the main window, menus, find bar, preferences and Save As has a name"""
    editor.start()
    problems = []
    for walk in (walk_main_window, walk_main_menu, walk_find_bar, walk_preferences,
                 walk_save_as):
        try:
            problems += walk(editor)
        except TestFailure as error:
            # A control that cannot be found by its name is one more problem; the others
            # are still listed.
            problems.append(f"{walk.__name__}: {error}")
    check(not problems, f"{len(problems)} problems:\n" + "\n".join(problems))


if __name__ == "__main__":
    run_tests(every_control_has_a_name)
