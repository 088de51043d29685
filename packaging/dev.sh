#!/bin/sh
# Set up everything a fresh Debian/Ubuntu checkout needs, then run the demo or the tests.
#   packaging/dev.sh demo [--delegates N] [--smoke]   embedded server + sample meeting + client
#   packaging/dev.sh test [pytest args]               ruff + mypy + the whole test suite
#   packaging/dev.sh setup                            only set up
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV="$ROOT/.venv"
cd "$ROOT"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Debian packages: Qt's runtime libraries, fonts, and the independent PDF checkers the tests use.
APT_PACKAGES="python3 python3-venv python3-pip libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 \
libfontconfig1 libglib2.0-0 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 \
libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0 fonts-dejavu-core \
poppler-utils qpdf xvfb xauth softhsm2 libnss3-tools"

apt_setup() {
    command -v dpkg >/dev/null 2>&1 || return 0
    missing=""
    for p in $APT_PACKAGES; do
        dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    say "installing Debian packages:$missing"
    if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
        echo "please install as root: apt-get install -y$missing" >&2; return 0; fi
    $SUDO apt-get update -qq || true
    # env after sudo: sudo drops DEBIAN_FRONTEND from the environment otherwise
    # shellcheck disable=SC2086
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
}

pick_python() {
    # the first Python >= 3.11 that can actually make a virtual environment
    for py in python3 python3.13 python3.12 python3.11; do
        if command -v "$py" >/dev/null 2>&1 &&
            "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null &&
            "$py" -c 'import ensurepip, venv' 2>/dev/null; then
            echo "$py"; return 0
        fi
    done
    echo "Python 3.11 or newer with venv is required (Debian/Ubuntu: apt install python3-venv)" >&2
    exit 1
}

venv_setup() {
    if [ ! -x "$VENV/bin/python" ]; then
        say "creating $VENV"
        "$(pick_python)" -m venv "$VENV"
    fi
    stamp="$VENV/.meetingroom-installed"
    if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ]; then
        say "installing Meetingroom and its dependencies"
        "$VENV/bin/python" -m pip install -q --upgrade pip
        "$VENV/bin/python" -m pip install -q -e "$ROOT[dev]"
        touch "$stamp"
    fi
}

cmd=${1:-demo}
[ $# -gt 0 ] && shift
apt_setup
venv_setup
case "$cmd" in
    setup) say "ready: $VENV/bin/meetingroom" ;;
    demo)
        if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
            say "no display here (e.g. over SSH): running the headless demo check instead"
            say "on a desktop, the same command opens the client windows"
            exec "$VENV/bin/meetingroom" demo --smoke "$@"
        fi
        exec "$VENV/bin/meetingroom" demo "$@" ;;
    test)
        say "ruff"
        "$VENV/bin/ruff" check meetingroom tests packaging
        say "import contracts"
        "$VENV/bin/lint-imports"
        say "mypy"
        "$VENV/bin/mypy"
        say "pytest"
        QT_QPA_PLATFORM=offscreen exec "$VENV/bin/python" -m pytest "$@" ;;
    *) echo "usage: $0 {demo|test|setup} [args]" >&2; exit 2 ;;
esac
