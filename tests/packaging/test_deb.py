"""The .deb (packaging/linux/build_deb.sh): what it installs, and that Debian's own tools
accept it.

Runs when ``MEETINGROOM_DEB`` names the package — ``sh packaging/build.sh --check`` sets
it — and is skipped otherwise. Checks that need lintian, appstreamcli, desktop-file-validate
or systemd-analyze skip when the tool is missing (build.sh --check installs them).

With ``MEETINGROOM_DEB_INSTALL=1``, as root, on a machine where the package is not installed
yet, the package is also installed for real (dpkg -i, twice), its server run as its own user,
then purged, and everything it and the test made is removed again. Not on by default: it
changes the machine (a system user, /opt, /usr/bin) for a minute and takes dpkg's lock.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import stat
import subprocess
import time
from pathlib import Path

import pytest

import meetingroom

DEB = os.environ.get("MEETINGROOM_DEB", "")
pytestmark = pytest.mark.skipif(
    not DEB, reason="set MEETINGROOM_DEB=dist/meetingroom_*.deb (sh packaging/build.sh --check)")

UNIT = "lib/systemd/system/meetingroom-server.service"


def run(*cmd: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed")
    return path


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("deb")
    assert run("dpkg-deb", "-x", DEB, str(root)).returncode == 0
    assert run("dpkg-deb", "-e", DEB, str(root / "DEBIAN")).returncode == 0
    return root


def field(name: str) -> str:
    done = run("dpkg-deb", "-f", DEB, name)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_control_fields() -> None:
    assert field("Package") == "meetingroom"
    assert re.fullmatch(re.escape(meetingroom.__version__) + r"-\d+", field("Version"))
    assert field("Architecture") == run("dpkg", "--print-architecture").stdout.strip()
    depends = field("Depends")
    assert re.search(r"libc6 \(>= 2\.\d+\)", depends) and "adduser" in depends


def test_contents_owners_and_modes() -> None:
    listing = run("dpkg-deb", "--contents", DEB).stdout.splitlines()
    entries = {}
    for line in listing:
        mode, owner, _size, _date, _time, path, *rest = line.split(maxsplit=6)
        entries[path.removeprefix("./").rstrip("/")] = (mode, owner, " ".join(rest))
    assert all(owner == "root/root" for _, owner, _ in entries.values())
    assert entries["opt/meetingroom/meetingroom"][0] == "-rwxr-xr-x"
    assert entries["usr/bin/meetingroom"][0].startswith("l")
    assert entries["usr/bin/meetingroom"][2] == "-> /opt/meetingroom/meetingroom"
    for path in ("usr/share/applications/meetingroom.desktop", UNIT, "etc/default/meetingroom",
                 "usr/share/doc/meetingroom/copyright", "usr/share/man/man1/meetingroom.1.gz",
                 "usr/share/icons/hicolor/scalable/apps/meetingroom.svg",
                 *(f"usr/share/icons/hicolor/{s}x{s}/apps/meetingroom.png"
                   for s in (16, 24, 32, 48, 64, 128, 256, 512))):
        assert entries.get(path, ("",))[0] == "-rw-r--r--", path
    assert any(p.startswith("usr/share/metainfo/") and p.endswith(".metainfo.xml")
               for p in entries)
    assert not any("keyrings" in p or "/tkinter" in p or "/_pytest" in p for p in entries)


def test_maintainer_scripts_and_conffiles(unpacked: Path) -> None:
    control = unpacked / "DEBIAN"
    assert (control / "conffiles").read_text().split() == ["/etc/default/meetingroom"]
    for script in ("postinst", "prerm", "postrm"):
        path = control / script
        assert stat.S_IMODE(path.stat().st_mode) == 0o755
        assert run("sh", "-n", str(path)).returncode == 0, script
    # nothing is enabled or started by the package
    for script in ("postinst", "prerm", "postrm"):
        code = "\n".join(line for line in (control / script).read_text().splitlines()
                         if not line.lstrip().startswith("#"))
        assert not re.search(r"(systemctl|deb-systemd-\w+)\s+(\S+\s+)?(enable|start)\b", code)


def test_the_service_is_hardened_and_runs_as_its_own_user(unpacked: Path) -> None:
    unit = (unpacked / UNIT).read_text()
    settings = dict(re.findall(r"^(\w+)=(.*)$", unit, flags=re.MULTILINE))
    assert settings["User"] == settings["Group"] == "meetingroom"
    assert settings["ExecStart"].startswith(
        "/opt/meetingroom/meetingroom server --data /var/lib/meetingroom")
    assert settings["EnvironmentFile"] == "-/etc/default/meetingroom"
    for key, value in {"NoNewPrivileges": "yes", "ProtectSystem": "strict",
                       "ReadWritePaths": "/var/lib/meetingroom", "PrivateTmp": "yes",
                       "ProtectHome": "yes", "StateDirectoryMode": "0700",
                       "CapabilityBoundingSet": ""}.items():
        assert settings.get(key) == value, key


def test_systemd_accepts_the_unit(unpacked: Path) -> None:
    tool = need("systemd-analyze")
    # verify needs the program at its installed path: check a copy of the unit pointing at
    # the unpacked one instead
    unit = unpacked / "check" / "meetingroom-server.service"
    unit.parent.mkdir(exist_ok=True)
    text = (unpacked / UNIT).read_text().replace(
        "/opt/meetingroom/meetingroom", str(unpacked / "opt/meetingroom/meetingroom"))
    # and without the man page link, which only resolves once installed
    unit.write_text(re.sub(r"^Documentation=.*\n", "", text, flags=re.MULTILINE))
    done = run(tool, "verify", str(unit))
    problems = [line for line in (done.stdout + done.stderr).splitlines()
                if "meetingroom-server.service" in line]
    assert problems == [], "\n".join(problems)


def test_desktop_entry(unpacked: Path) -> None:
    desktop = unpacked / "usr/share/applications/meetingroom.desktop"
    text = desktop.read_text(encoding="utf-8")
    assert "Exec=meetingroom client" in text and "Icon=meetingroom" in text
    assert "Name[vi]=" in text and "Comment[vi]=" in text
    done = run(need("desktop-file-validate"), str(desktop))
    assert done.returncode == 0 and done.stdout.strip() == "", done.stdout + done.stderr


def test_appstream_metainfo(unpacked: Path) -> None:
    (metainfo,) = (unpacked / "usr/share/metainfo").glob("*.metainfo.xml")
    assert f'<release version="{meetingroom.__version__}"' in metainfo.read_text()
    done = run(need("appstreamcli"), "validate", "--no-net", str(metainfo))
    assert done.returncode == 0, done.stdout + done.stderr


def test_lintian_finds_no_errors_or_warnings() -> None:
    done = run(need("lintian"), "--no-tag-display-limit", DEB, timeout=600)
    problems = [line for line in done.stdout.splitlines() if line[:2] in ("E:", "W:")]
    assert problems == [], "\n".join(problems)


# -- installed for real (opt-in) --------------------------------------------------------------
INSTALL = os.environ.get("MEETINGROOM_DEB_INSTALL") == "1"


def _installed() -> bool:
    done = run("dpkg-query", "-W", "-f", "${Status}", "meetingroom")
    return done.returncode == 0 and done.stdout.endswith(" installed")


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


@pytest.mark.skipif(not INSTALL, reason="set MEETINGROOM_DEB_INSTALL=1 to install it for real")
def test_install_run_and_purge_for_real(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("installing needs root")
    if _installed() or Path("/opt/meetingroom").exists():
        pytest.skip("meetingroom is installed on this machine already: not touching it")
    had_user = _user_exists("meetingroom")
    had_data = Path("/var/lib/meetingroom").exists()
    had_conf = Path("/etc/meetingroom").exists()
    try:
        for attempt in (1, 2):  # the second install runs every maintainer script again
            done = run("dpkg", "-i", DEB)
            assert done.returncode == 0, f"install {attempt}: {done.stdout}{done.stderr}"
        version = run("/usr/bin/meetingroom", "--version")
        assert version.stdout.strip() == f"meetingroom {meetingroom.__version__}"
        user = pwd.getpwnam("meetingroom")
        data = os.stat("/var/lib/meetingroom")
        assert (data.st_uid, stat.S_IMODE(data.st_mode)) == (user.pw_uid, 0o700)
        conf = os.stat("/etc/meetingroom")
        assert (conf.st_uid, conf.st_gid, stat.S_IMODE(conf.st_mode)) == (0, user.pw_gid, 0o750)

        # the administrator's commands and the service's command line, as its user
        as_user = {"user": "meetingroom", "group": "meetingroom", "extra_groups": [],
                   "env": {"PATH": "/usr/bin:/bin", "HOME": "/var/lib/meetingroom"},
                   "cwd": "/"}
        added = subprocess.run(
            ["meetingroom", "admin", "--data", "/var/lib/meetingroom", "user", "add", "thuky",
             "--role", "secretary", "--password-stdin"], input="mat-khau-1\n",
            capture_output=True, text=True, timeout=60, check=False, **as_user)
        assert added.returncode == 0, added.stderr
        unit = Path("/lib/systemd/system/meetingroom-server.service").read_text()
        assert "KillSignal=SIGINT" in unit  # how systemd stops it: as below
        server = subprocess.Popen(
            ["/opt/meetingroom/meetingroom", "server", "--data", "/var/lib/meetingroom",
             "--host", "127.0.0.1", "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **as_user)
        try:
            assert server.stderr is not None
            deadline, serving = time.monotonic() + 60, False
            while not serving and time.monotonic() < deadline:
                line = server.stderr.readline()
                if not line:
                    break
                serving = "serving on ws://127.0.0.1:" in line
            assert serving, "the installed server did not start"
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.communicate()
        assert server.returncode == 0
        assert run("dpkg", "-r", "meetingroom").returncode == 0
        assert not Path("/opt/meetingroom").exists() and not Path("/usr/bin/meetingroom").exists()
        assert Path("/etc/default/meetingroom").exists()  # a conffile stays until purge
        assert run("dpkg", "-P", "meetingroom").returncode == 0
        assert not Path("/etc/default/meetingroom").exists()
        assert Path("/var/lib/meetingroom/server.sqlite").exists()  # the records are kept
    finally:
        if _installed():
            run("dpkg", "-P", "meetingroom")
        if not had_data:
            shutil.rmtree("/var/lib/meetingroom", ignore_errors=True)
        if not had_user and _user_exists("meetingroom"):
            run("deluser", "--system", "--quiet", "meetingroom")
            run("delgroup", "--system", "--quiet", "meetingroom")
        if not had_conf:
            shutil.rmtree("/etc/meetingroom", ignore_errors=True)
