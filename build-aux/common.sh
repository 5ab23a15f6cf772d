# Shared by build-aux/run, build-aux/test and build-aux/bench: installs what Threadpad needs on
# Debian and builds it. Sourced, not run.

top_srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

build_packages=(
  build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libglib2.0-dev-bin libgtk-3-dev libgtksourceview-4-dev
  libx11-dev libxtst-dev libxdamage-dev libhunspell-dev hunspell-en-us
  desktop-file-utils appstream
  fonts-dejavu-core adwaita-icon-theme
)

test_packages=(xvfb xauth dbus dbus-bin hunspell clang)

# Installs the Debian packages that are missing (and only those), with sudo when not root.
install_packages() {
  local missing=()
  local package
  for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed"; then
      missing+=("$package")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    sudo=(sudo)
  fi
  echo "Installing: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
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
