#!/bin/sh
# Make the .deb from the PyInstaller bundle, with dpkg-deb alone (no debhelper):
#   sh packaging/linux/build_deb.sh [BUNDLE_DIR [ICONS_DIR]]
# defaults: dist/meetingroom (packaging/meetingroom.spec) and build/icons
# (packaging/icons.py); packaging/build.sh makes both first. Writes
# dist/meetingroom_VERSION-REVISION_ARCH.deb; the version is the bundle's own
# (`meetingroom --version`, i.e. meetingroom.__version__).
#
#   MEETINGROOM_DEB_REVISION   Debian revision (default 1)
#   MEETINGROOM_DEB_MAINTAINER "Name <address>" for the Maintainer field
#   MEETINGROOM_APPSTREAM_ID   AppStream component id (reverse DNS of the project's domain)
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/packaging/linux"
BUNDLE=${1:-"$ROOT/dist/meetingroom"}
ICONS=${2:-"$ROOT/build/icons"}
REVISION=${MEETINGROOM_DEB_REVISION:-1}
MAINTAINER=${MEETINGROOM_DEB_MAINTAINER:-"Meetingroom contributors <maintainers@meetingroom.invalid>"}
APPSTREAM_ID=${MEETINGROOM_APPSTREAM_ID:-"io.github.meetingroom.Meetingroom"}

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'build_deb: %s\n' "$*" >&2; exit 1; }

[ -x "$BUNDLE/meetingroom" ] || die "no bundle at $BUNDLE (run packaging/build.sh)"
[ -f "$ICONS/hicolor/256x256/apps/meetingroom.png" ] ||
    die "no icons in $ICONS (run: .venv/bin/python packaging/icons.py $ICONS)"
command -v dpkg-deb >/dev/null || die "dpkg-deb is needed (a Debian or Ubuntu machine)"

VERSION=$("$BUNDLE/meetingroom" --version | sed -n 's/^meetingroom //p')
[ -n "$VERSION" ] || die "cannot read the version from $BUNDLE/meetingroom --version"
ARCH=$(dpkg --print-architecture)
NAME="meetingroom_${VERSION}-${REVISION}_${ARCH}"
STAGE="$ROOT/build/deb/$NAME"
OUT="$ROOT/dist/$NAME.deb"
# the release date: the last commit's (reproducible), else today
DATE=$(git -C "$ROOT" log -1 --format=%cs 2>/dev/null || date -u +%F)

say "staging $NAME"
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
    "$STAGE/usr/share/metainfo" "$STAGE/usr/share/icons" "$STAGE/usr/share/man/man1" \
    "$STAGE/usr/share/doc/meetingroom" "$STAGE/usr/share/lintian/overrides" \
    "$STAGE/lib/systemd/system" "$STAGE/etc/default"

# the program: /opt/meetingroom, reached as /usr/bin/meetingroom
cp -a "$BUNDLE" "$STAGE/opt/meetingroom"
ln -s /opt/meetingroom/meetingroom "$STAGE/usr/bin/meetingroom"

# desktop integration
install -m 0644 "$HERE/meetingroom.desktop" "$STAGE/usr/share/applications/meetingroom.desktop"
sed -e "s/@VERSION@/$VERSION/" -e "s/@DATE@/$DATE/" -e "s/@APPSTREAM_ID@/$APPSTREAM_ID/" \
    "$HERE/meetingroom.metainfo.xml.in" > "$STAGE/usr/share/metainfo/$APPSTREAM_ID.metainfo.xml"
cp -r "$ICONS/hicolor" "$STAGE/usr/share/icons/hicolor"
gzip -9n < "$HERE/meetingroom.1" > "$STAGE/usr/share/man/man1/meetingroom.1.gz"

# the server: a systemd unit (not enabled by the package) and its options
install -m 0644 "$HERE/meetingroom-server.service" "$STAGE/lib/systemd/system/"
install -m 0644 "$HERE/meetingroom.default" "$STAGE/etc/default/meetingroom"

# documentation and licenses
license=$(sed -e 's/^$/./' -e 's/^/ /' "$ROOT/LICENSE")
awk -v text="$license" '$0 == "@LICENSE@" { print text; next } { print }' \
    "$HERE/copyright.in" > "$STAGE/usr/share/doc/meetingroom/copyright"
install -m 0644 "$ROOT/README.md" "$ROOT/docs/guide-admin.md" "$ROOT/docs/guide-admin.vi.md" "$ROOT/docs/packaging.md" \
    "$STAGE/usr/share/doc/meetingroom/"
printf '%s\n\n  * %s\n\n -- %s  %s\n' \
    "meetingroom ($VERSION-$REVISION) unstable; urgency=medium" \
    "Meetingroom $VERSION, built from the project's repository (packaging/build.sh)." \
    "$MAINTAINER" "$(date -u -R -d "$DATE" 2>/dev/null || date -u -R)" |
    gzip -9n > "$STAGE/usr/share/doc/meetingroom/changelog.Debian.gz"
install -m 0644 "$HERE/lintian-overrides" "$STAGE/usr/share/lintian/overrides/meetingroom"

# Modes: directories 755, files 644, the program 755 (the bundle's shared objects are
# loaded, not run, and PyInstaller leaves some of them executable).
find "$STAGE" -type d -exec chmod 0755 {} +
find "$STAGE" -type f -exec chmod 0644 {} +
chmod 0755 "$STAGE/opt/meetingroom/meetingroom"

# The libraries the bundle takes from the system rather than carrying them: glibc (as
# new as the newest symbol version any bundled file needs), OpenGL/EGL and xcb that
# Qt's GUI links, Wayland's client libraries for Qt's Wayland platform plugin.
glibc=$(find "$STAGE/opt/meetingroom" -type f \( -name '*.so*' -o -name meetingroom \) \
    -exec objdump -T {} + 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' |
    sort -uV | tail -n 1)
[ -n "$glibc" ] || die "cannot tell which glibc the bundle needs (is binutils installed?)"

install -m 0755 "$HERE/maintainer-scripts/postinst" "$HERE/maintainer-scripts/prerm" \
    "$HERE/maintainer-scripts/postrm" "$STAGE/DEBIAN/"
echo /etc/default/meetingroom > "$STAGE/DEBIAN/conffiles"
cat > "$STAGE/DEBIAN/control" <<EOF
Package: meetingroom
Version: $VERSION-$REVISION
Architecture: $ARCH
Maintainer: $MAINTAINER
Installed-Size: $(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
Depends: libc6 (>= $glibc), libgl1, libegl1, libxcb1, adduser
Recommends: libwayland-client0, libwayland-cursor0, libwayland-egl1
Suggests: gnome-keyring, opensc-pkcs11
Section: misc
Priority: optional
Description: paperless meeting room: room server and desktop client
 Meetingroom runs on every tablet or laptop in a meeting room (a Qt desktop
 app, Vietnamese and English); a small websocket server in the room holds the
 meetings, agendas and documents and keeps every client in step, offline-first.
 Delegates read and annotate the documents, secretaries run open and secret
 votes, and the chair and secretary sign the minutes (PAdES) with a key file or
 a USB token.
 .
 This package carries its own Python and libraries in /opt/meetingroom. The
 room server is installed as the systemd service meetingroom-server, which is
 not enabled until the administrator says so.
EOF

say "building $OUT"
mkdir -p "$(dirname "$OUT")"
rm -f "$OUT"
dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$OUT" >/dev/null
say "$(basename "$OUT"): $(du -h "$OUT" | cut -f1) (installed: $(du -sh --exclude=DEBIAN "$STAGE" | cut -f1))"
