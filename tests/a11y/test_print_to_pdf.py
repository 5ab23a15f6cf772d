#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Print… in the main menu, GTK's print dialog: Print to File, PDF, a file name chosen in its
file dialog, Print. The PDF has the document's pages, in order, and its first page is not
blank."""

import os
import re
import subprocess

import pyatspi

from a11y_harness import (WAIT_TIMEOUT, beside, check, click, find, grab_focus, has_state,
                          keys, mean_brightness, run_tests, type_text, wait_for,
                          wait_text)

LINES = 150
PDF_NAME = "printed.pdf"


def run(*command):
    return subprocess.run(command, check=True, capture_output=True, text=True,
                          timeout=WAIT_TIMEOUT).stdout


def pdf_pages(path):
    """The number of pages pdfinfo counts, once the file is whole (it is written as it prints),
    or None."""
    try:
        info = subprocess.run(["pdfinfo", path], capture_output=True, text=True,
                              timeout=WAIT_TIMEOUT)
    except FileNotFoundError:
        return None
    match = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    return int(match.group(1)) if info.returncode == 0 and match else None


def print_to_pdf(editor):
    """Print to File as PDF: every line of the document, over several pages"""
    document = os.path.join(editor.files, "lines.txt")
    with open(document, "w") as file:
        file.write("".join(f"Line {number} of the printed document\n"
                           for number in range(1, LINES + 1)))
    window = editor.start(document)
    find(window, pyatspi.ROLE_PAGE_TAB, "lines.txt")

    editor.menu_item("Print…")
    dialog = editor.window("Print", role=pyatspi.ROLE_DIALOG)
    printer = find(dialog, pyatspi.ROLE_TABLE_CELL, "Print to File")
    # On the printer's row, as arrow keys would take a person there.
    grab_focus(printer)
    file_button = beside(dialog, "File:", pyatspi.ROLE_PUSH_BUTTON)

    click(file_button)
    chooser = editor.window("Select a filename")
    name = find(chooser, pyatspi.ROLE_TEXT, None, labelled="Name:")
    grab_focus(name)
    keys("ctrl+a")
    type_text(PDF_NAME)
    wait_text(name, PDF_NAME, "the file name")
    click(find(chooser, pyatspi.ROLE_PUSH_BUTTON, "Select"))
    wait_for("the file dialog to close", lambda: not chooser.getState().contains(
        pyatspi.STATE_SHOWING))
    wait_for(f"the File button to name {PDF_NAME}", lambda: file_button.name.endswith(PDF_NAME))

    pdf_format = find(dialog, pyatspi.ROLE_RADIO_BUTTON, "PDF")
    if not has_state(pdf_format, pyatspi.STATE_CHECKED):
        click(pdf_format)
    click(find(dialog, pyatspi.ROLE_PUSH_BUTTON, "Print"))

    path = os.path.join(editor.files, PDF_NAME)
    pages = wait_for(f"{path} to be a whole PDF", lambda: pdf_pages(path))
    check(pages >= 2, f"{LINES} lines printed on {pages} page")

    # Every line, in order, and the last on the last page.
    text = run("pdftotext", "-layout", path, "-")
    numbers = [int(n) for n in re.findall(r"Line (\d+) of the printed document", text)]
    check(numbers == list(range(1, LINES + 1)),
          f"the PDF holds lines {numbers[:3]}…{numbers[-3:]} ({len(numbers)} of {LINES})")
    last_page = run("pdftotext", "-f", str(pages), "-l", str(pages), path, "-")
    check(f"Line {LINES} of" in last_page, "the last line is not on the last page")
    check(f"Page {pages} of {pages}" in last_page, "the last page is not numbered as such")

    # Pages as a person would see them: pdftoppm makes one picture a page.
    prefix = os.path.join(editor.workdir, "page")
    run("pdftoppm", "-r", "40", "-png", path, prefix)
    pictures = sorted(name for name in os.listdir(editor.workdir) if name.startswith("page"))
    check(len(pictures) == pages, f"pdftoppm made {len(pictures)} pages of {pages}")
    first = os.path.join(editor.workdir, pictures[0])
    width, height = (int(n) for n in run("identify", "-format", "%w %h", first).split())
    brightness = mean_brightness(first, (0, 0, width, height))
    check(brightness < 0.99, f"the first page is blank (mean brightness {brightness:.4f})")
    editor.keep(first, "print-first-page.png")


if __name__ == "__main__":
    run_tests(print_to_pdf)
