#!/bin/sh
# Gradient Playground's one entry point for a fresh machine.
#   ./run.sh [--preset NAME]  install (first time) and open the app (also: ./run.sh app ARGS)
#   ./run.sh test         install with test tools and run the whole test suite (extra args go to pytest)
#   ./run.sh headless ... train without a window, e.g. ./run.sh headless --preset tutorial --steps 10
#   ./run.sh bench        run the benchmarks in bench/
#   ./run.sh bundle       build dist/gradient-playground/ with PyInstaller (packaging/gradient-playground.spec)
#   ./run.sh help         run.sh's modes and the app's options (also ./run.sh --help)
# Everything goes into ./.venv; nothing is installed into the system Python (Debian 12 refuses that).
# First it finds every system package the mode needs and lacks (Python's venv, Qt's libraries, the
# X11 ones for a window, a Chinese font), then installs them all at once (as root, or with sudo,
# which may ask for a password) or prints one command that does, and stops.
set -eu
LAUNCHER=$0  # as the user typed it, for the hints
case $LAUNCHER in */*) ;; *) LAUNCHER=./$LAUNCHER ;; esac
RERUN="$LAUNCHER${*:+ $*}"
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
VENV=.venv

say() { printf '%s\n' "run.sh: $*" >&2; }

usage() {
    cat <<EOF
Usage: $LAUNCHER [MODE] [ARGS]
  $LAUNCHER [app] [OPTIONS]  install (the first time) and open the app, with the options below
  $LAUNCHER test [ARGS]      install the test tools and run the test suite (ARGS go to pytest)
  $LAUNCHER headless ARGS    train without a window ($LAUNCHER headless --help lists ARGS)
  $LAUNCHER bench [ARGS]     run the benchmarks in bench/
  $LAUNCHER bundle           build a one-folder app in dist/ (PyInstaller)
  $LAUNCHER help             this help (also --help)
Missing system packages (Python's venv, Qt's libraries, a Chinese font) are installed first,
as root or with sudo, or named in one command to run.

The app's options ($LAUNCHER [app] OPTIONS, or .venv/bin/gradient-playground OPTIONS):
EOF
}

case "${1:-app}" in
    help|-h|--help) mode=app; shift; set -- --help "$@" ;;
    -*) mode=app ;;                 # ./run.sh --preset spiral: options for the app
    *) mode=${1:-app}; [ $# -gt 0 ] && shift ;;
esac

# ---------------------------------------------------------------------- what the machine lacks
# Qt's system libraries (library:Debian package), as PySide6's wheels link them;
# playground/launch.py has the same lists (tests/test_startup.py keeps them equal).
QT_BASE="libGL.so.1:libgl1 libEGL.so.1:libegl1 libfontconfig.so.1:libfontconfig1
 libfreetype.so.6:libfreetype6 libxkbcommon.so.0:libxkbcommon0 libglib-2.0.so.0:libglib2.0-0
 libgthread-2.0.so.0:libglib2.0-0 libdbus-1.so.3:libdbus-1-3 libX11.so.6:libx11-6"
QT_XCB="libxcb.so.1:libxcb1 libX11-xcb.so.1:libx11-xcb1 libxcb-cursor.so.0:libxcb-cursor0
 libxkbcommon-x11.so.0:libxkbcommon-x11-0 libxcb-icccm.so.4:libxcb-icccm4 libxcb-image.so.0:libxcb-image0
 libxcb-keysyms.so.1:libxcb-keysyms1 libxcb-randr.so.0:libxcb-randr0 libxcb-render.so.0:libxcb-render0
 libxcb-render-util.so.0:libxcb-render-util0 libxcb-shape.so.0:libxcb-shape0 libxcb-shm.so.0:libxcb-shm0
 libxcb-sync.so.1:libxcb-sync1 libxcb-util.so.1:libxcb-util1 libxcb-xfixes.so.0:libxcb-xfixes0
 libxcb-xkb.so.1:libxcb-xkb1 libxcb-glx.so.0:libxcb-glx0"
CJK_FONT=fonts-noto-cjk

NEEDED=""     # packages the mode cannot do without
WANTED=""     # packages it is better with (a Chinese font)
REASONS=""    # one line per group: what it is for, and its packages
MISSING_LIBS=""  # the libraries themselves, for a system without apt

lack() {  # lack needed|wanted "WHAT IT IS FOR" PACKAGE...
    kind=$1; why=$2; shift 2
    [ $# -gt 0 ] || return 0
    if [ "$kind" = needed ]; then NEEDED="$NEEDED${NEEDED:+ }$*"; else WANTED="$WANTED${WANTED:+ }$*"; fi
    REASONS="$REASONS
run.sh:   $why: $*"
}

LDCONFIG=$(command -v ldconfig 2>/dev/null || true)
for l in /sbin/ldconfig /usr/sbin/ldconfig; do
    if [ -z "$LDCONFIG" ] && [ -x "$l" ]; then LDCONFIG=$l; fi
done
LIBS=""  # the libraries ldconfig knows, " libA.so.1 libB.so.2 "
read_libs() {
    [ -z "$LDCONFIG" ] || LIBS=" $("$LDCONFIG" -p 2>/dev/null | sed -n 's/^[[:space:]]*\([^ ]*\) .*/\1/p' | tr '\n' ' ') "
}

lacking() {  # lacking "LIB:PACKAGE ...": PACKAGES := the packages of the libraries not installed
    PACKAGES=""
    [ -n "$LDCONFIG" ] || return 0  # not Linux (macOS): nothing to check
    for pair in $1; do
        case $LIBS in *" ${pair%%:*} "*) continue ;; esac
        MISSING_LIBS="$MISSING_LIBS${MISSING_LIBS:+ }${pair%%:*}"
        case " $PACKAGES " in *" ${pair#*:} "*) ;; *) PACKAGES="$PACKAGES${PACKAGES:+ }${pair#*:}" ;; esac
    done
}

has_font() {  # has_font [zh]: some font (or one that draws Chinese) is installed
    if command -v fc-list >/dev/null 2>&1; then
        # (the first argument is the pattern: ":" matches every font, ":lang=zh" those for Chinese)
        [ -n "$(fc-list ":${1:+lang=$1}" family 2>/dev/null | head -n 1)" ]
        return
    fi
    dirs=""
    for d in /usr/share/fonts /usr/local/share/fonts "${XDG_DATA_HOME:-${HOME:-/}/.local/share}/fonts" \
        "${HOME:-/}/.fonts"; do [ -d "$d" ] && dirs="$dirs $d"; done
    [ -n "$dirs" ] || return 1
    if [ "${1:-}" = zh ]; then
        # shellcheck disable=SC2086
        found=$(find $dirs \( -iname '*cjk*' -o -iname 'wqy*' -o -iname '*sourcehan*' -o -iname 'uming*' \
            -o -iname 'ukai*' -o -iname '*droidsansfallback*' \) -type f 2>/dev/null | head -n 1)
    else
        # shellcheck disable=SC2086
        found=$(find $dirs \( -name '*.ttf' -o -name '*.otf' -o -name '*.ttc' -o -name '*.pfb' -o -name '*.pcf*' \) \
            2>/dev/null | head -n 1)
    fi
    [ -n "$found" ]
}

check_python() {
    if ! command -v "$PY" >/dev/null 2>&1; then
        [ -z "${PYTHON:-}" ] || { say "PYTHON=$PY: not found"; exit 1; }
        command -v apt-get >/dev/null 2>&1 || { say "needs Python 3.10 or newer (python3 not found)"; exit 1; }
        lack needed "Python" python3 python3-venv
        return
    fi
    "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null \
        || { say "needs Python 3.10 or newer ($PY is $("$PY" -V 2>&1 || echo unknown))"; exit 1; }
    if [ ! -x "$VENV/bin/python" ] && ! "$PY" -c 'import ensurepip, venv' >/dev/null 2>&1; then
        if [ "$PY" = python3 ]; then pkg=python3-venv
        else pkg=python$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')-venv; fi
        lack needed "Python's virtual environments" "$pkg"
    fi
}

check_qt() {  # check_qt [x11] [zh]: Qt's libraries (and those for a window on X11, a Chinese font)
    [ "$(uname -s)" = Linux ] || return 0
    read_libs
    lacking "$QT_BASE"
    has_font || PACKAGES="$PACKAGES${PACKAGES:+ }fonts-dejavu-core"
    # shellcheck disable=SC2086
    lack needed "Qt's libraries" $PACKAGES
    for want in "$@"; do
        case $want in
            x11) lacking "$QT_XCB"
                # shellcheck disable=SC2086
                lack needed "Qt's libraries for a window on X11" $PACKAGES ;;
            zh) has_font zh || lack wanted "a Chinese font, for the Chinese interface (optional)" "$CJK_FONT" ;;
        esac
    done
}

uses_x11() {  # Qt will open its window through X11 (xcb)
    case ${QT_QPA_PLATFORM:-} in xcb*) return 0 ;; ?*) return 1 ;; esac
    [ -n "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]
}

# ---------------------------------------------------------------------- installing them
# How we can become root: "root", "sudo" (no password needed, or one we may ask for), or "none".
root_access() {
    if [ "$(id -u)" = 0 ]; then echo root; return; fi
    command -v sudo >/dev/null 2>&1 || { echo none; return; }
    if sudo -n true 2>/dev/null; then echo sudo; return; fi
    # sudo would ask for a password: worth it only for a member of an administrators' group
    case " $(id -nG 2>/dev/null) " in *" sudo "*|*" admin "*|*" wheel "*) echo sudo-password ;; *) echo none ;; esac
}

has_terminal() {  # sudo can ask for a password here (it reads it from /dev/tty, not stdin)
    { true </dev/tty; } 2>/dev/null
}

apt_command() {  # apt_command HOW PACKAGE...: one command that installs them, for the user we run as
    how=$1; shift
    case $how in
        root) echo "apt update && apt install $*" ;;
        sudo|sudo-password) echo "sudo apt update && sudo apt install $*" ;;
        *) echo "su -c 'apt update && apt install $*'" ;;
    esac
}

apt_install() {  # apt_install HOW PACKAGE...: install them as root; quiet unless it fails
    how=$1; shift
    command="apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $*"
    log=$(mktemp "${TMPDIR:-/tmp}/run.sh-apt.XXXXXX")
    if [ "$how" = root ]; then sh -c "$command" >"$log" 2>&1 && status=0 || status=$?
    else sudo sh -c "$command" >"$log" 2>&1 && status=0 || status=$?; fi
    APT_ERROR=""
    if [ "$status" != 0 ]; then APT_ERROR=$(tail -n 15 "$log"); printf '%s\n' "$APT_ERROR" >&2; fi
    rm -f "$log"
    return "$status"
}

stop_with_command() {  # stop_with_command HOW [PROBLEM]: name what is missing and one command; exit 1
    how=$1; problem=${2:-}
    [ -z "$problem" ] || say "$problem"
    if ! command -v apt-get >/dev/null 2>&1; then
        say "Gradient Playground needs these, which are not installed (Debian's names):$REASONS"
        say "install them with your system's package manager, then run $RERUN again."
        exit 1
    fi
    say "Gradient Playground needs system packages that are not installed:$REASONS"
    say "Install them all with this one command, then run $RERUN again:"
    printf '\n    %s\n\n' "$(apt_command "$how" $NEEDED${WANTED:+ $WANTED})" >&2
    exit 1
}

provide() {  # install what is lacking, all at once, or stop with the one command that does
    [ -n "$NEEDED$WANTED" ] || return 0
    if ! command -v apt-get >/dev/null 2>&1; then
        [ -z "$NEEDED" ] || stop_with_command none
        say "no Chinese font is installed; the Chinese interface needs one (e.g. Noto Sans CJK)."
        return 0
    fi
    how=$(root_access)
    if [ -z "$NEEDED" ]; then  # only a Chinese font: never a reason to stop or to ask for a password
        if [ "$how" = root ] || [ "$how" = sudo ]; then
            say "installing system packages: $WANTED (a Chinese font; a minute or two)"
            apt_install "$how" $WANTED || say "could not install $WANTED; the app starts without it."
        else
            say "no Chinese font is installed; for the Chinese interface: $(apt_command "$how" $WANTED)"
        fi
        return 0
    fi
    case $how in
        root|sudo) say "installing system packages: $NEEDED${WANTED:+ $WANTED}" ;;
        sudo-password)
            has_terminal || stop_with_command "$how"
            say "installing system packages with sudo (it asks for your password): $NEEDED${WANTED:+ $WANTED}" ;;
        *) stop_with_command "$how" ;;
    esac
    if ! apt_install "$how" $NEEDED${WANTED:+ $WANTED}; then
        case $APT_ERROR in  # sudo that will never work for us: root's password (su) may
            *"not in the sudoers"*|*"not allowed to"*) how=none ;;
        esac
        stop_with_command "$how" "could not install the system packages."
    fi
}

lacks() {  # lacks [venv] [qt [x11] [zh]]: find everything the mode lacks (NEEDED, WANTED)
    qt=""
    for need in "$@"; do
        case $need in
            venv) check_python ;;
            qt) qt=yes ;;
            *) qt="$qt $need" ;;
        esac
    done
    # shellcheck disable=SC2086
    [ -z "$qt" ] || check_qt ${qt#yes}
}

needs() {  # needs [venv] [qt [x11] [zh]]: find everything the mode lacks first, then install it at once
    lacks "$@"
    installed=$NEEDED
    provide
    [ -n "$installed" ] && [ -n "$qt" ] || return 0
    MISSING_LIBS=""  # a package installed without its library (another distribution's names?)
    read_libs
    lacking "$QT_BASE"
    case $qt in *x11*) lacking "$QT_XCB" ;; esac
    [ -z "$MISSING_LIBS" ] || { say "still missing after installing: $MISSING_LIBS"; exit 1; }
}

# ---------------------------------------------------------------------- the virtual environment
make_venv() {
    [ ! -x "$VENV/bin/python" ] || return 0
    rm -rf "$VENV"
    if ! out=$("$PY" -m venv "$VENV" 2>&1); then
        rm -rf "$VENV"
        printf '%s\n' "$out" >&2
        say "Python could not create the virtual environment $VENV."
        exit 1
    fi
}

# The project and its dependencies, reinstalled only when pyproject.toml changes.
install() {  # install EXTRAS ("" or "[test]"); the test install also serves the app
    make_venv
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

qt_loads() {  # Qt itself loads (else pytest would stop with a 25-line INTERNALERROR)
    [ "$(uname -s)" = Linux ] || return 0
    out=$("$VENV/bin/python" -c 'import PySide6.QtWidgets' 2>&1) && return 0
    printf '%s\n' "$out" | tail -n 1 >&2
    say "Qt cannot load; a system library is missing (QT_DEBUG_PLUGINS=1 names it)."
    exit 1
}

no_display() {  # the app's window needs a display: say so before installing anything
    [ "$(uname -s)" = Linux ] && [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-}" ] || return 1
    case " $* " in *" -platform"*|*" --platform"*) return 1 ;; esac
    say "no display found (DISPLAY is not set): start the app from a desktop session."
    say "Without a screen, train with: $LAUNCHER headless --preset tutorial --steps 10"
    exit 1
}

app_in_venv() {  # the venv holds the app (its options print without a display or Qt's libraries)
    [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import numpy, PySide6' >/dev/null 2>&1
}

export GRADIENT_PLAYGROUND_LAUNCHER="$LAUNCHER"  # the app's hints name this command
case "$mode" in
    app)
        case " $* " in  # options that open no window need no display
            *" --help "*|*" -h "*)  # help never installs system packages, nor asks for a password
                usage
                # the app's options need only the venv, whatever system packages are missing
                if app_in_venv; then exec "$VENV/bin/python" main.py "$@"; fi
                lacks venv qt
                if [ -n "$NEEDED" ]; then
                    echo "  (listed here once the app is installed: $LAUNCHER installs it)"; exit 0
                fi ;;
            *" --headless "*) needs venv ;;
            *" --install-desktop-entry "*) needs venv qt ;;
            *)
                no_display "$@" || true
                if uses_x11; then needs venv qt x11 zh; else needs venv qt zh; fi ;;
        esac
        install ""
        exec "$VENV/bin/python" main.py "$@" ;;
    test|bench)
        unset GRADIENT_PLAYGROUND_LAUNCHER
        case ${QT_QPA_PLATFORM:-offscreen} in xcb*) needs venv qt x11 ;; *) needs venv qt ;; esac
        install "[test]"; qt_loads
        if [ "$mode" = test ]; then exec "$VENV/bin/python" -m pytest "$@"; fi
        for b in bench/*.py; do "$VENV/bin/python" "$b" "$@"; done ;;
    headless)
        needs venv; install ""
        exec "$VENV/bin/python" main.py --headless "$@" ;;
    bundle)
        needs venv qt; install ""
        "$VENV/bin/python" -c "import PyInstaller" 2>/dev/null || {
            say "installing PyInstaller into $VENV..."
            "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".[bundle]" >"$VENV/install.log" 2>&1 || {
                cat "$VENV/install.log" >&2; say "installing PyInstaller failed"; exit 1; }; }
        "$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist \
            --workpath build packaging/gradient-playground.spec
        say "built dist/gradient-playground/gradient-playground (check it: dist/gradient-playground/gradient-playground --self-test)" ;;
    *)
        say "unknown command '$mode'; use: $LAUNCHER [app|test|headless|bench|bundle|help]"; exit 2 ;;
esac
