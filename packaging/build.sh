#!/bin/sh
# Build the app as packages, on a Debian or Ubuntu machine:
#   sh packaging/build.sh           the locked venv, then dist/meetingroom/ (a PyInstaller
#                                   one-folder bundle) and dist/meetingroom_*.deb
#   sh packaging/build.sh --check   the same, then check both (tests/packaging: every
#                                   subcommand run from the bundle with no Python around,
#                                   the .deb's contents, lintian, AppStream, the desktop file)
#
# Safe to run again: each run starts from a clean bundle and package. See docs/packaging.md
# (Windows: the same spec, plus packaging/windows/meetingroom.iss, built on Windows).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV="$ROOT/.venv"
cd "$ROOT"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

check=false
case "${1:-}" in
    "") ;;
    --check) check=true ;;
    *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

# Debian packages: objdump (binutils) reads which glibc the bundle needs; the checks run the
# bundle under strace and validate the package with lintian, appstreamcli and
# desktop-file-validate.
APT_PACKAGES="binutils dpkg"
if $check; then
    APT_PACKAGES="$APT_PACKAGES strace lintian appstream desktop-file-utils"
fi

command -v dpkg >/dev/null 2>&1 || { echo "packaging/build.sh needs Debian or Ubuntu" >&2; exit 1; }
started=$(date +%s)

say "setting up (packaging/dev.sh setup: Debian packages, the locked venv with PyInstaller)"
sh "$ROOT/packaging/dev.sh" setup
# shellcheck disable=SC2086 # one argument per package
sh "$ROOT/packaging/dev.sh" apt $APT_PACKAGES

say "rendering the application icon (build/icons)"
rm -rf "$ROOT/build/icons"
"$VENV/bin/python" "$ROOT/packaging/icons.py" "$ROOT/build/icons"

say "building the bundle dist/meetingroom/ (PyInstaller, one to two minutes)"
rm -rf "$ROOT/dist/meetingroom"
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN --distpath "$ROOT/dist" \
    --workpath "$ROOT/build/pyinstaller" "$ROOT/packaging/meetingroom.spec"
"$ROOT/dist/meetingroom/meetingroom" --version >/dev/null

say "building the .deb (dpkg-deb, xz: about a minute)"
rm -f "$ROOT"/dist/meetingroom_*.deb
sh "$ROOT/packaging/linux/build_deb.sh" "$ROOT/dist/meetingroom" "$ROOT/build/icons"

deb=$(ls "$ROOT"/dist/meetingroom_*.deb)
say "built in $(( $(date +%s) - started )) s:"
printf '    %-40s %s\n' "dist/meetingroom/ (bundle)" "$(du -sh "$ROOT/dist/meetingroom" | cut -f1)"
printf '    %-40s %s\n' "dist/$(basename "$deb")" "$(du -h "$deb" | cut -f1)"

if $check; then
    say "checking the bundle and the .deb (tests/packaging)"
    MEETINGROOM_BUNDLE="$ROOT/dist/meetingroom" MEETINGROOM_DEB="$deb" \
        QT_QPA_PLATFORM=offscreen "$VENV/bin/python" -m pytest "$ROOT/tests/packaging" -q -p no:cacheprovider
fi
