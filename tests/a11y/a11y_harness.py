# SPDX-License-Identifier: GPL-3.0-or-later
"""What the accessibility tests share: the real threadpad binary started from outside with state
folders of its own, and found, read and driven only through the accessibility tree (AT-SPI), as
a screen reader or a person with one would, plus XTest keys (xdotool) for what a person types.

Nothing here waits without a limit: every wait has a timeout, a whole test has a deadline
(SIGALRM), and the editor is killed when the test ends, however it ends (and by the kernel if
the test itself dies, PR_SET_PDEATHSIG).

A test file calls run_tests (case, …): each case gets an Editor of its own, and the results
are printed as TAP for meson.
"""

import ctypes
import faulthandler
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402
import pyatspi  # noqa: E402

# How long one wait may take. GTK's dialogs take a few seconds to build their tree on a busy
# machine; nothing a person does should take longer than this.
WAIT_TIMEOUT = float(os.environ.get("THREADPAD_A11Y_WAIT", "30"))
# How long a whole test file may run before it gives up (meson's own timeout is longer).
TEST_DEADLINE = int(os.environ.get("THREADPAD_A11Y_DEADLINE", "240"))

# Roles of the controls a person can click, type into or choose in.
CLICKABLE_ROLES = {
    pyatspi.ROLE_PUSH_BUTTON,
    pyatspi.ROLE_TOGGLE_BUTTON,
    pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON,
    pyatspi.ROLE_COMBO_BOX,
    pyatspi.ROLE_MENU,
    pyatspi.ROLE_MENU_ITEM,
    pyatspi.ROLE_CHECK_MENU_ITEM,
    pyatspi.ROLE_RADIO_MENU_ITEM,
    pyatspi.ROLE_PAGE_TAB,
    pyatspi.ROLE_TEXT,
    pyatspi.ROLE_ENTRY,
    pyatspi.ROLE_PASSWORD_TEXT,
    pyatspi.ROLE_SPIN_BUTTON,
    pyatspi.ROLE_SLIDER,
    pyatspi.ROLE_LINK,
    pyatspi.ROLE_LIST_BOX,
    pyatspi.ROLE_TABLE,
    pyatspi.ROLE_TREE_TABLE,
}

# GTK names a GtkMenuButton "Menu" when the program gave it no name of its own: for a person
# it says as little as no name, and a window with three of them cannot tell them apart.
PLACEHOLDER_NAMES = {"Menu"}


class TestFailure(Exception):
    pass


class Timeout(TestFailure):
    pass


# The applications whose tree is read afresh at each try of a wait.
_watched_apps = []


def _on_event(event):
    """Nothing to do: listening is what matters (run_tests)."""


def _pump_events():
    """Makes the next reads see the editor as it is now. libatspi keeps what it read of an
    object (its states, its children) and updates it on the events the application sends, which
    it handles in this main loop; what it kept of the editor is also dropped at each try."""
    for app in _watched_apps:
        try:
            app.clear_cache()
        except (GLib.GError, RuntimeError):
            pass
    context = GLib.MainContext.default()
    # Bounded: a source that is always ready would keep pending () true for ever.
    for _ in range(200):
        if not context.iteration(False):
            break


def wait_for(what, predicate, timeout=None, interval=0.1):
    """Calls predicate until it returns something true and returns that; fails after timeout
    seconds, naming what was awaited. An AT-SPI call that fails (the editor busy, an object gone
    meanwhile) counts as not yet."""
    deadline = time.monotonic() + (timeout or WAIT_TIMEOUT)
    last_error = None
    while True:
        _pump_events()
        try:
            result = predicate()
            if result:
                return result
        except (GLib.GError, RuntimeError, LookupError) as error:
            last_error = error
        if time.monotonic() > deadline:
            message = f"timed out after {timeout or WAIT_TIMEOUT:.0f} s waiting for {what}"
            if last_error is not None:
                message += f" (last error: {last_error})"
            raise Timeout(message)
        time.sleep(interval)


# Reading the tree


def role_name(acc):
    return acc.getRoleName()


def is_showing(acc):
    states = acc.getState()
    return states.contains(pyatspi.STATE_SHOWING) and states.contains(pyatspi.STATE_VISIBLE)


def children(acc):
    try:
        return [child for child in acc if child is not None]
    except (GLib.GError, RuntimeError):
        return []


def descendants(acc, showing_only=True):
    """Every object under acc, depth first, skipping what is not on screen when showing_only:
    a person cannot click what is hidden."""
    for child in children(acc):
        try:
            if showing_only and not is_showing(child):
                continue
        except (GLib.GError, RuntimeError):
            continue
        yield child
        yield from descendants(child, showing_only)


def path_of(acc, root=None):
    """Where acc is, as a person reading the tree would say it: role 'name' from the
    application down."""
    steps = []
    node = acc
    while node is not None:
        try:
            steps.append(f"{role_name(node)} {node.name!r}" if node.name else role_name(node))
            if root is not None and node == root:
                break
            node = node.parent
        except (GLib.GError, RuntimeError):
            break
        if node is not None and node.getRole() == pyatspi.ROLE_APPLICATION:
            break
    return " > ".join(reversed(steps))


def _matches(acc, role, name, labelled=None):
    if role is not None and acc.getRole() != role:
        return False
    if labelled is not None:
        labels = [label.name for label in relation_targets(acc, pyatspi.RELATION_LABELLED_BY)]
        if labelled not in labels:
            return False
    if name is None:
        return True
    if isinstance(name, re.Pattern):
        return name.fullmatch(acc.name or "") is not None
    return acc.name == name


def _one_clickable(root, name):
    found = [acc for acc in descendants(root) if _matches(acc, None, name) and acc.getRole() in (
        pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_CHECK_BOX, pyatspi.ROLE_RADIO_BUTTON)]
    return found[0] if len(found) == 1 else None


def find_all(root, role=None, name=None, showing_only=True, labelled=None):
    return [acc for acc in descendants(root, showing_only) if _matches(acc, role, name, labelled)]


def find(root, role=None, name=None, showing_only=True, timeout=None, labelled=None):
    """Waits for the one object under root with this role and name (a string, or a compiled
    pattern that must match the whole name), labelled by a label of that name if labelled is
    given, and returns it."""
    what = f"{Atspi.role_get_name(role) if role is not None else 'object'} {name!r}"
    if labelled is not None:
        what += f" labelled {labelled!r}"

    def look():
        found = find_all(root, role, name, showing_only, labelled)
        if len(found) > 1:
            raise TestFailure(f"{len(found)} objects are {what}: "
                              + "; ".join(path_of(acc) for acc in found))
        return found[0] if found else None

    return wait_for(f"{what} under {path_of(root)}", look, timeout)


def text_of(acc):
    """The whole text of an object with the Text interface: what a screen reader reads."""
    text = acc.queryText()
    return text.getText(0, -1)


def wait_text(acc, expected, what="the text"):
    """Waits for acc's text to be expected; the failure says what it was instead."""
    try:
        wait_for(f"{what} to be {expected!r}", lambda: text_of(acc) == expected)
    except Timeout as error:
        raise Timeout(f"{error}; it is {text_of(acc)!r}") from None


def relation_targets(acc, relation_type):
    targets = []
    for relation in acc.getRelationSet():
        if relation.getRelationType() == relation_type:
            targets += [relation.getTarget(i) for i in range(relation.getNTargets())]
    return targets


def spoken_name(acc):
    """The name a screen reader says for acc: its own, or else that of the labels that it is
    labelled by (a label with a mnemonic for an entry, a status label inside a button). GTK's
    placeholder for unnamed menu buttons counts as no name."""
    name = (acc.name or "").strip()
    if name and name not in PLACEHOLDER_NAMES:
        return name
    labels = [target.name or "" for target in relation_targets(acc, pyatspi.RELATION_LABELLED_BY)]
    return " ".join(label.strip() for label in labels if label.strip())


def has_state(acc, state):
    return acc.getState().contains(state)


# Acting on it


def do_action(acc, *names):
    """Does acc's first action whose name is one of names (click, press, activate…), as a
    screen reader's "activate" does."""
    action = acc.queryAction()
    offered = [action.getName(i) for i in range(action.nActions)]
    for name in names:
        if name in offered:
            if not action.doAction(offered.index(name)):
                raise TestFailure(f"{path_of(acc)} refused to {name}")
            return
    raise TestFailure(f"{path_of(acc)} offers {offered}, none of {list(names)}")


def click(acc):
    do_action(acc, "click", "press", "activate", "toggle")


def choose(combo, item):
    """Opens the combo box's list and clicks item in it (a string, or a pattern for the whole
    name), as a person does; returns the name chosen."""
    do_action(combo, "press")
    menu_item = wait_for(f"{item!r} in the list of {path_of(combo)}",
                         lambda: _shown_item(combo, item))
    chosen = menu_item.name
    click(menu_item)
    wait_for(f"{path_of(combo)} to show {chosen!r}", lambda: combo.name == chosen)
    return chosen


def _shown_item(combo, item):
    items = [acc for acc in descendants(combo, showing_only=False)
             if acc.getRole() == pyatspi.ROLE_MENU_ITEM and _matches(acc, None, item)]
    showing = [acc for acc in items if is_showing(acc)]
    return showing[0] if len(showing) == 1 else None


def beside(root, label, role):
    """The control of this role that follows the label named label in the same container, or
    inside what follows it there: GTK gives a file chooser's choices and the print dialog's
    options a label but no relation to it."""
    def look():
        for label_acc in find_all(root, pyatspi.ROLE_LABEL, label):
            following = children(label_acc.parent)[label_acc.getIndexInParent() + 1:]
            for acc in following:
                if acc.getRole() == role:
                    return acc
                inside = find_all(acc, role)
                if inside:
                    return inside[0]
        return None
    return wait_for(f"a {Atspi.role_get_name(role)} after the label {label!r}", look)


def grab_focus(acc):
    """Gives acc the keyboard focus, and its window the X focus (GTK presents the window),
    so that the keys that follow go there."""
    if not acc.queryComponent().grabFocus():
        raise TestFailure(f"{path_of(acc)} refused the focus")
    wait_for(f"focus on {path_of(acc)}", lambda: has_state(acc, pyatspi.STATE_FOCUSED))


def keys(*combinations):
    """Presses keys through XTest, as a keyboard does: 'ctrl+h', 'Return', 'Tab'…"""
    _xdotool("key", "--clearmodifiers", "--delay", "60", *combinations)


def type_text(text):
    """Types text through XTest, one key at a time, a new line as Return. A character beyond
    ASCII is typed as GTK lets anyone type it, Ctrl+Shift+U, its code and a space: xdotool's
    own way (a key mapped to it for a moment) races with GTK's reading of the key map on a busy
    machine, and the capital of a letter not on the map comes out small."""
    for run in re.findall(r"\n|[ -~]+|[^ -~\n]", text):
        if run == "\n":
            keys("Return")
        elif run[0] <= "~":
            _xdotool("type", "--clearmodifiers", "--delay", "40", "--", run)
        else:
            keys("ctrl+shift+u", *f"{ord(run):x}", "space")


def _xdotool(*args):
    subprocess.run(["xdotool", *args], check=True, timeout=WAIT_TIMEOUT)


def extents(acc):
    """acc's rectangle on the screen: x, y, width, height."""
    box = acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    return box.x, box.y, box.width, box.height


# The editor


class Editor:
    """One threadpad process with state folders of its own, which outlive the process: start,
    quit and start again to see what a second run makes of the first one's state."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.home = os.path.join(workdir, "home")
        self.dirs = {
            "HOME": self.home,
            "XDG_CONFIG_HOME": os.path.join(self.home, ".config"),
            "XDG_STATE_HOME": os.path.join(self.home, ".local", "state"),
            "XDG_DATA_HOME": os.path.join(self.home, ".local", "share"),
            "XDG_CACHE_HOME": os.path.join(self.home, ".cache"),
            "XDG_RUNTIME_DIR": os.path.join(workdir, "runtime"),
        }
        for path in self.dirs.values():
            os.makedirs(path, mode=0o700, exist_ok=True)
        self.files = os.path.join(workdir, "files")
        os.makedirs(self.files)
        self.process = None
        self.app = None
        self.log_path = os.path.join(workdir, "editor.log")
        self.runs = 0

    def environment(self):
        env = dict(os.environ)
        # The other tests keep GTK away from the accessibility bus; these tests need it.
        env.pop("NO_AT_BRIDGE", None)
        env.update(self.dirs)
        # Settings in a file of this test's own, kept from one run to the next.
        env["GSETTINGS_BACKEND"] = "keyfile"
        env["GDK_BACKEND"] = "x11"
        env["GTK_THEME"] = "Adwaita"
        # The file choosers and the print dialog in the process, not through a portal.
        env["GTK_USE_PORTAL"] = "0"
        env["LANGUAGE"] = "en"
        env["LC_ALL"] = "C.UTF-8"
        return env

    def start(self, *args):
        """Starts the editor with args and waits for its window in the accessibility tree."""
        if self.process is not None:
            raise TestFailure("the editor is already running")
        self.runs += 1
        log = open(self.log_path, "ab")
        log.write(f"--- run {self.runs}: threadpad {' '.join(args)}\n".encode())
        log.flush()
        self.process = subprocess.Popen(
            [os.environ["THREADPAD_BINARY"], *args],
            env=self.environment(), cwd=self.files, stdin=subprocess.DEVNULL,
            stdout=log, stderr=log, preexec_fn=_die_with_parent, start_new_session=True)
        log.close()
        pid = self.process.pid
        self.app = wait_for("the editor in the accessibility tree",
                            lambda: self._find_application(pid))
        _watched_apps[:] = [self.app]
        self.frame = self.window(re.compile(r".*"), role=pyatspi.ROLE_FRAME)
        # Ready for typing, as a person who clicked into the text would be.
        grab_focus(self.text_area())
        return self.frame

    def _find_application(self, pid):
        if self.process.poll() is not None:
            raise TestFailure(f"the editor exited with {self.process.returncode} at start:\n"
                              + self.log())
        desktop = pyatspi.Registry.getDesktop(0)
        for app in children(desktop):
            try:
                if app.get_process_id() == pid and app.childCount > 0:
                    return app
            except (GLib.GError, RuntimeError):
                continue
        return None

    def main_window(self):
        """The window the editor opened at start."""
        return self.frame

    def text_area(self):
        """The text of the document shown in the main window."""
        def current_tab():
            tabs = [tab for tab in find_all(self.frame, pyatspi.ROLE_PAGE_TAB)
                    if has_state(tab, pyatspi.STATE_SELECTED)]
            return tabs[0] if len(tabs) == 1 else None
        tab = wait_for("the current tab", current_tab)
        return find(tab, pyatspi.ROLE_TEXT, None)

    def main_menu(self):
        """Opens the main menu (the header bar's Main Menu button) and returns the main
        window, where the menu now shows."""
        # Closed first, in case it is still open (on a submenu, or after a check item, which
        # leaves it open), so that the click opens it on its first page.
        # A click that comes while the window is still settling can be lost (one run in a few
        # here): as a person would, click again if the menu does not show.
        for attempt in range(3):
            self.close_main_menu()
            click(find(self.frame, pyatspi.ROLE_TOGGLE_BUTTON, "Main Menu"))
            try:
                find(self.frame, pyatspi.ROLE_PUSH_BUTTON, "Quit", timeout=WAIT_TIMEOUT / 3)
                return self.frame
            except Timeout:
                if attempt == 2:
                    raise
        return self.frame

    def close_main_menu(self):
        button = find(self.frame, pyatspi.ROLE_TOGGLE_BUTTON, "Main Menu")
        if has_state(button, pyatspi.STATE_CHECKED):
            click(button)
        wait_for("the main menu to close",
                 lambda: not find_all(self.frame, pyatspi.ROLE_PUSH_BUTTON, "Quit"))

    def menu_item(self, *path):
        """Opens the main menu, its submenus named in path but the last, and clicks the last."""
        menu = self.main_menu()
        for name in path[:-1]:
            click(find(menu, pyatspi.ROLE_PUSH_BUTTON, name))
        click(wait_for(f"{path[-1]!r} in the main menu",
                       lambda: _one_clickable(menu, path[-1])))
        self.close_main_menu()

    def open_preferences(self):
        self.menu_item("Preferences")
        return self.window("Preferences")

    def window(self, name, role=None, timeout=None):
        """A window of the editor on screen (a frame, dialog or file chooser) by its name."""
        def look():
            for window in children(self.app):
                if (is_showing(window) and _matches(window, role, name)
                        and window.getRole() != pyatspi.ROLE_WINDOW):
                    return window
            return None
        return wait_for(f"a window {name!r}", look, timeout)

    def windows(self):
        return [window for window in children(self.app) if is_showing(window)]

    def quit(self, timeout=None):
        """Quits as a person does (Ctrl+Q in the main window) and waits for the process to end,
        which must exit with 0. The state folders stay for the next start ()."""
        grab_focus(self.text_area())
        keys("ctrl+q")
        status = self.wait_exit(timeout)
        if status != 0:
            raise TestFailure(f"the editor quit with {status}:\n" + self.log())

    def wait_exit(self, timeout=None):
        try:
            status = self.process.wait(timeout or WAIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.kill()
            raise Timeout("the editor did not quit")
        self.process = None
        self.app = None
        return status

    def kill(self):
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        self.process = None
        self.app = None

    def log(self):
        try:
            with open(self.log_path, errors="replace") as log:
                return log.read()
        except OSError:
            return ""

    def screenshot(self, name):
        """The whole screen as a PNG (ImageMagick's import under Xvfb); kept in
        $THREADPAD_A11Y_SCREENSHOTS if that is set, so that a person can look at it."""
        path = os.path.join(self.workdir, name + ".png")
        subprocess.run(["import", "-window", "root", path], check=True, timeout=WAIT_TIMEOUT)
        self.keep(path, name + ".png")
        return path

    def keep(self, path, name):
        """Copies a picture the test made to $THREADPAD_A11Y_SCREENSHOTS, if that is set."""
        folder = os.environ.get("THREADPAD_A11Y_SCREENSHOTS")
        if folder:
            os.makedirs(folder, exist_ok=True)
            shutil.copy(path, os.path.join(folder, name))


def mean_brightness(png, box):
    """The mean brightness, 0 (black) to 1 (white), of the rectangle box (x, y, w, h) of png."""
    x, y, width, height = box
    out = subprocess.run(
        ["convert", png, "-crop", f"{width}x{height}+{x}+{y}", "+repage", "-colorspace", "Gray",
         "-format", "%[fx:mean]", "info:"],
        check=True, capture_output=True, text=True, timeout=WAIT_TIMEOUT)
    return float(out.stdout)


_display_connection = None


def _hold_display():
    """Keeps a connection to the X server for the whole test: an X server with no client
    left resets itself, and refuses the editor's next start meanwhile ("cannot open
    display")."""
    global _display_connection
    libx11 = ctypes.CDLL("libX11.so.6")
    libx11.XOpenDisplay.restype = ctypes.c_void_p
    libx11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    _display_connection = libx11.XOpenDisplay(None)
    if not _display_connection:
        raise TestFailure(f"cannot open the display {os.environ.get('DISPLAY')!r}")


def _die_with_parent():
    libc = ctypes.CDLL(None, use_errno=True)
    PR_SET_PDEATHSIG = 1
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


# Running


class _Deadline(BaseException):
    pass


def _on_alarm(signum, frame):
    raise _Deadline(f"the test ran past its deadline of {TEST_DEADLINE} s")


def _in_own_session():
    """Runs this test again in a D-Bus session of its own (and so with an accessibility bus of
    its own) unless it is that run; returns the file for TAP. The daemons of the session write
    on its standard output, so the TAP goes to a copy of this one, not through them."""
    fd = os.environ.get("THREADPAD_A11Y_TAP_FD")
    if fd is not None:
        return os.fdopen(int(fd), "w")
    tap = os.dup(1)
    env = dict(os.environ, THREADPAD_A11Y_TAP_FD=str(tap))
    session = subprocess.Popen(["dbus-run-session", "--", sys.executable, *sys.argv], env=env,
                               stdout=2, pass_fds=(tap,), start_new_session=True,
                               preexec_fn=_die_with_parent)

    def stop(signum, frame):
        # meson's timeout: the session, the test and (as its child) the editor go too.
        os.killpg(session.pid, signal.SIGKILL)
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    sys.exit(session.wait())


def run_tests(*cases):
    """Runs each case (a function taking an Editor) with an Editor of its own in a folder of
    its own under TMPDIR, removed afterwards, and prints TAP. Exits 1 if one failed."""
    sys.stdout = _in_own_session()
    # The last resort if a call into libatspi never returns, where SIGALRM cannot interrupt:
    # tracebacks on standard error, and an exit that takes the editor along (PR_SET_PDEATHSIG).
    faulthandler.dump_traceback_later(TEST_DEADLINE * len(cases) + 30, exit=True)
    # GTK's atk-bridge makes no tree for a process where this is set; neither does libatspi.
    os.environ.pop("NO_AT_BRIDGE", None)
    Atspi.set_timeout(5000, 30000)
    # An application sends only the events that someone listens for: without listeners,
    # what libatspi keeps of a popover that opened would still say it is hidden.
    pyatspi.Registry.registerEventListener(
        _on_event, "object:state-changed", "object:children-changed", "object:property-change",
        "object:visible-data-changed", "window")
    _hold_display()
    signal.signal(signal.SIGALRM, _on_alarm)
    print(f"1..{len(cases)}", flush=True)
    failed = 0
    for number, case in enumerate(cases, 1):
        description = (case.__doc__ or case.__name__).strip().splitlines()[0]
        workdir = tempfile.mkdtemp(prefix="a11y-")
        editor = Editor(workdir)
        signal.alarm(TEST_DEADLINE)
        try:
            case(editor)
        except (Exception, _Deadline) as error:
            failed += 1
            print(f"not ok {number} - {description}")
            for line in traceback.format_exception(error):
                for part in line.rstrip("\n").splitlines():
                    print(f"# {part}")
            try:
                shot = editor.screenshot(f"failed-{os.path.basename(sys.argv[0])}-{number}")
                print(f"# the screen when it failed: {shot}")
            except (OSError, subprocess.SubprocessError):
                pass
            log = editor.log()
            if log:
                print("# the editor's output:")
                for part in log.splitlines()[-40:]:
                    print(f"#   {part}")
        else:
            print(f"ok {number} - {description}")
        finally:
            signal.alarm(0)
            editor.kill()
            shutil.rmtree(workdir, ignore_errors=True)
        sys.stdout.flush()
    sys.exit(1 if failed else 0)


def check(condition, message):
    if not condition:
        raise TestFailure(message)
