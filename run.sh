#!/bin/sh
# Gradient Playground's one entry point for a fresh machine.
#   ./run.sh [--preset NAME]  install (first time) and open the app (also: ./run.sh app ARGS)
#   ./run.sh test         install with test tools and run the whole test suite (extra args go to pytest)
#   ./run.sh headless ... train without a window, e.g. ./run.sh headless --preset tutorial --steps 10
#   ./run.sh bench        run the benchmarks in bench/
#   ./run.sh bundle       build dist/gradient-playground/ with PyInstaller (packaging/gradient-playground.spec)
# Everything goes into ./.venv; nothing is installed into the system Python (Debian 12 refuses that).
set -eu
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
VENV=.venv
case "${1:-app}" in
    -*) mode=app ;;                 # ./run.sh --preset spiral: options for the app
    *) mode=${1:-app}; [ $# -gt 0 ] && shift ;;
esac

say() { printf '%s\n' "run.sh: $*" >&2; }

as_root() {  # run a command as root if we can, else return 1
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"; else return 1; fi
}

apt_install() {  # apt_install PKG... (Debian/Ubuntu only; quiet)
    command -v apt-get >/dev/null 2>&1 || return 1
    say "installing system packages: $*"
    as_root sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $*" >/dev/null
}

command -v "$PY" >/dev/null 2>&1 || { say "needs Python 3.10 or newer ($PY not found)"; exit 1; }
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 10))' || { say "needs Python 3.10 or newer"; exit 1; }

# 1. A virtual environment (Debian ships venv separately as python3-venv).
if [ ! -x "$VENV/bin/python" ]; then
    rm -rf "$VENV"
    if ! "$PY" -m venv "$VENV" >/dev/null 2>&1; then
        rm -rf "$VENV"
        ver=$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
        apt_install "python$ver-venv" || apt_install python3-venv || {
            say "Python cannot create a virtual environment. Install it with: sudo apt install python3-venv"; exit 1; }
        "$PY" -m venv "$VENV"
    fi
fi

# 2. Qt's system libraries (present on any desktop; missing on bare servers and containers).
LDCONFIG=$(command -v ldconfig || { [ -x /sbin/ldconfig ] && echo /sbin/ldconfig; } || true)
qt_libs_missing() {
    [ -n "$LDCONFIG" ] || return 1
    libs=$("$LDCONFIG" -p 2>/dev/null)
    for lib in "$@"; do echo "$libs" | grep -q "$lib" || return 0; done
    return 1
}
QT_BASE="libGL.so.1 libEGL.so.1 libfontconfig.so.1 libxkbcommon.so.0 libglib-2.0.so.0 libdbus-1.so.3 libX11.so.6"
QT_BASE_PKGS="libgl1 libegl1 libfontconfig1 libfreetype6 libxkbcommon0 libglib2.0-0 libdbus-1-3 libx11-6 libx11-xcb1 fonts-dejavu-core"
QT_XCB="libxcb-cursor.so.0 libxkbcommon-x11.so.0 libxcb-icccm.so.4"
QT_XCB_PKGS="libxcb1 libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1"
need_qt_libs() {  # need_qt_libs with_display
    # shellcheck disable=SC2086
    if qt_libs_missing $QT_BASE; then apt_install $QT_BASE_PKGS || say "Qt may not start: install $QT_BASE_PKGS"; fi
    if [ "$1" = yes ] && [ "$(uname -s)" = Linux ] && [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] \
        && [ -z "${QT_QPA_PLATFORM:-}" ]; then
        say "no display found (DISPLAY is not set): start the app from a desktop session."
        say "Without a screen, train with: ./run.sh headless --preset tutorial --steps 10"
        exit 1
    fi
    if [ "$1" = yes ] && [ -z "${WAYLAND_DISPLAY:-}" ] && qt_libs_missing $QT_XCB; then
        # shellcheck disable=SC2086
        apt_install $QT_XCB_PKGS || say "the window may not open: sudo apt install $QT_XCB_PKGS"
    fi
}

# 3. The project and its dependencies, reinstalled only when pyproject.toml changes.
install() {  # install EXTRAS ("" or "[test]"); the test install also serves the app
    stamp="$VENV/.installed-$1"
    full="$VENV/.installed-[test]"
    if [ -f "$full" ] && [ ! pyproject.toml -nt "$full" ]; then return 0; fi
    if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
        say "installing Gradient Playground into $VENV (first run takes a minute)..."
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
        if ! "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".$1" >"$VENV/install.log" 2>&1
        then
            cat "$VENV/install.log" >&2; say "installation failed (log: $VENV/install.log)"; exit 1
        fi
        touch "$stamp"
    fi
}

case "$mode" in
    app)
        install ""
        case " $* " in  # options that open no window need no display
            *" --help "*|*" -h "*|*" --headless "*|*" --install-desktop-entry "*) need_qt_libs no ;;
            *) need_qt_libs yes ;;
        esac
        exec "$VENV/bin/python" main.py "$@" ;;
    test)
        install "[test]"; need_qt_libs no
        exec "$VENV/bin/python" -m pytest "$@" ;;
    headless)
        install ""
        exec "$VENV/bin/python" main.py --headless "$@" ;;
    bench)
        install "[test]"; need_qt_libs no
        for b in bench/*.py; do "$VENV/bin/python" "$b" "$@"; done ;;
    bundle)
        install ""
        "$VENV/bin/python" -c "import PyInstaller" 2>/dev/null || {
            say "installing PyInstaller into $VENV..."
            "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".[bundle]" >"$VENV/install.log" 2>&1 || {
                cat "$VENV/install.log" >&2; say "installing PyInstaller failed"; exit 1; }; }
        need_qt_libs no
        "$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist \
            --workpath build packaging/gradient-playground.spec
        say "built dist/gradient-playground/gradient-playground (check it: dist/gradient-playground/gradient-playground --self-test)" ;;
    *)
        say "unknown command '$mode'; use: ./run.sh [app|test|headless|bench|bundle]"; exit 2 ;;
esac
