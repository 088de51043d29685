#!/bin/sh
# Set up everything a fresh Debian/Ubuntu checkout needs, then run the demo or the tests.
#   packaging/dev.sh demo [--delegates N] [--smoke]   embedded server + sample meeting + client
#   packaging/dev.sh test [pytest args]               ruff + mypy + the whole test suite
#   packaging/dev.sh test --latest [pytest args]      the same on the newest versions the
#                                                     ranges in pyproject.toml allow (.venv-latest)
#   packaging/dev.sh lock                             refresh requirements.lock (uv, hashes)
#   packaging/dev.sh setup                            only set up
#   packaging/dev.sh apt PACKAGE...                   install Debian packages that are missing
#                                                     (packaging/build.sh uses it)
#
# Everything installs from requirements.lock with hashes, so a fresh clone gets exactly the
# versions CI tested; pyproject.toml keeps ranges for people installing the package itself.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV="$ROOT/.venv"
LOCK="$ROOT/requirements.lock"
# the extras the README's commands and packaging/build.sh use; the lock covers all of them
EXTRAS="dev,postgres,bundle"
cd "$ROOT"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Debian packages: Qt's runtime libraries, fonts, the independent PDF checkers the tests use,
# and PostgreSQL's server binaries and pg_dump (tests/postgres_fixtures.py starts its own
# throw-away cluster; the server's pre-upgrade backup of a PostgreSQL database uses pg_dump).
APT_PACKAGES="python3 python3-venv python3-pip libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 \
libfontconfig1 libglib2.0-0 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 \
libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0 fonts-dejavu-core \
poppler-utils qpdf xvfb xauth softhsm2 libnss3-tools postgresql"

apt_setup() {
    # $1 = strict: fail when the packages cannot be installed (no root, no sudo)
    command -v dpkg >/dev/null 2>&1 || return 0
    missing=""
    for p in $APT_PACKAGES; do
        dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    say "installing Debian packages:$missing"
    if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
        echo "please install as root: apt-get install -y$missing" >&2
        if [ "${1:-}" = strict ]; then exit 1; fi
        return 0
    fi
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
    if [ ! -f "$stamp" ] || [ "$LOCK" -nt "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ]; then
        say "installing the locked dependencies ($(basename "$LOCK"))"
        # --require-hashes: every package, direct or transitive, must match the lock's hash
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check --require-hashes \
            -r "$LOCK"
        say "installing Meetingroom itself (editable)"
        # its build backend (setuptools) is in the lock already: no unlocked download
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps \
            --no-build-isolation -e "$ROOT"
        touch "$stamp"
    fi
}

latest_setup() {
    # a separate venv with the newest versions the ranges allow: drift shows here first
    VENV="$ROOT/.venv-latest"
    if [ ! -x "$VENV/bin/python" ]; then
        say "creating $VENV"
        "$(pick_python)" -m venv "$VENV"
    fi
    say "installing the newest versions pyproject.toml allows (not the lock)"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade \
        --upgrade-strategy eager -e "$ROOT[$EXTRAS]"
    "$VENV/bin/python" -m pip list --format=freeze > "$VENV/versions.txt"
    say "versions used: $VENV/versions.txt"
}

lock() {
    # uv resolves for every platform and Python >= 3.11 at once (--universal), with hashes
    venv_setup
    say "refreshing $(basename "$LOCK")"
    "$VENV/bin/uv" pip compile "$ROOT/pyproject.toml" --quiet --universal \
        --python-version 3.11 --generate-hashes --upgrade \
        --extra dev --extra postgres --extra bundle \
        --custom-compile-command "sh packaging/dev.sh lock" -o "$LOCK"
    say "done; run 'sh packaging/dev.sh test' before committing the new lock"
}

cmd=${1:-demo}
[ $# -gt 0 ] && shift
if [ "$cmd" = apt ]; then APT_PACKAGES="$*"; apt_setup strict; exit 0; fi
apt_setup
if [ "$cmd" = lock ]; then lock; exit 0; fi
if [ "$cmd" = test ] && [ "${1:-}" = --latest ]; then
    shift
    latest_setup
else
    venv_setup
fi
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
    *) echo "usage: $0 {demo|test [--latest]|lock|setup|apt PACKAGE...} [args]" >&2; exit 2 ;;
esac
