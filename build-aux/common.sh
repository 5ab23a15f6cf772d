# Shared by build-aux/run, build-aux/test, build-aux/bench and build-aux/crash-stress: installs
# what Threadpad needs on Debian and builds it. Sourced, not run.

top_srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# To build.
build_packages=(
  build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libglib2.0-dev-bin libgtk-3-dev libgtksourceview-4-dev
  libx11-dev libxtst-dev libxdamage-dev libhunspell-dev libseccomp-dev
  desktop-file-utils appstream
)

# To run. Packages are installed without the ones they only recommend, and some of those are
# what a desktop has and the editor needs:
# - librsvg2-common: GdkPixbuf's SVG loader, for the theme's check marks and the editor's icon
#   (GTK only recommends it; without it GTK warns on every check box it draws);
# - at-spi2-core: the accessibility bus, for screen readers (without it GTK warns at start);
# - hunspell-en-us: a dictionary for the spell checker, as Hunspell only recommends one.
# The settings backend (dconf) and the icon themes come as dependencies of GTK.
run_packages=(
  librsvg2-common at-spi2-core hunspell-en-us fonts-dejavu-core adwaita-icon-theme
)

# To test. libclang-rt-14-dev holds libFuzzer and the sanitizer runtimes of clang 14, which
# Debian 12's clang only recommends: the journal fuzzer (tests/fuzz/run-fuzz) links them.
# poppler-utils: pdfinfo, to count the pages of a document printed to a PDF file; with pdftotext
# and pdftoppm, what the a11y suite reads and sees of one.
# python3-pyatspi (with at-spi2-core, above): the a11y suite's reading of the accessibility tree;
# xdotool: its typing; imagemagick: its screenshots (import) and their measures (convert).
# The dictionaries of tests/check-words-vs-hunspell.py, which holds threadpad --check against
# the hunspell command in these languages (a language whose dictionary is missing is skipped).
test_packages=(xvfb xauth dbus dbus-bin hunspell clang libclang-rt-14-dev poppler-utils
  python3-pyatspi xdotool imagemagick
  hunspell-de-de hunspell-fr hunspell-nl hunspell-hu hunspell-ru hunspell-es hunspell-it
  hunspell-pt-br hunspell-ar hunspell-ca hunspell-he hunspell-uk hunspell-pl hunspell-hi
  hunspell-ne hunspell-ml)

# Whether sudo can install packages for us: without a password, or with one typed now by
# someone at the terminal.
can_sudo() {
  command -v sudo >/dev/null 2>&1 || return 1
  sudo -n true 2>/dev/null && return 0
  [ -t 0 ] && [ -t 2 ] && sudo -v
}

# Installs the Debian packages that are missing (and only those): as root, or with sudo. A user
# who can do neither is told what is missing and the command for root to run, and the script
# stops there.
install_packages() {
  local missing=()
  local package
  for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed"; then
      missing+=("$package")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  local as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! can_sudo; then
      {
        echo "$0: these Debian packages are missing: ${missing[*]}"
        echo "Install them as root (after su -, or ask whoever administers this machine), then"
        echo "run $0 again:"
        echo
        echo "  apt-get update && apt-get install --no-install-recommends ${missing[*]}"
        echo
      } >&2
      exit 1
    fi
    as_root=(sudo)
  fi
  echo "Installing: ${missing[*]}"
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Configures (once) and builds the build directory $1 with the meson options that follow.
build_in() {
  local builddir=$1
  shift
  if [ ! -f "$builddir/build.ninja" ]; then
    meson setup "$builddir" "$top_srcdir" "$@"
  fi
  ninja -C "$builddir"
}

# Runs the freshly built editor without installing it.
uninstalled_env() {
  local builddir=$1
  export GSETTINGS_SCHEMA_DIR="$builddir/data"
  export THREADPAD_LOCALEDIR="$builddir/po"
  export XDG_DATA_DIRS="$top_srcdir/data:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
}
