"""Copy the user guides (docs/guide-*.md, both languages) and the pictures they show into
resources/guides/, where the app finds them offline (Help › User guide, F1).

    .venv/bin/python packaging/sync_guides.py          # after editing a guide or its images
    .venv/bin/python packaging/sync_guides.py --check  # exit 1 if the copies are stale

docs/ is where the guides are written and read on the web; resources/guides/ is what the
package, the .deb and the frozen bundle ship (pyproject package-data). The copy holds
exactly the guides and the images they reference, nothing else.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
OUT = ROOT / "resources" / "guides"
IMAGE = re.compile(r"!\[[^\]]*\]\((images/[^)\s]+)\)")


def wanted() -> dict[Path, Path]:
    """Every file resources/guides/ must hold -> its source in docs/."""
    files: dict[Path, Path] = {}
    for guide in sorted(DOCS.glob("guide-*.md")):
        files[OUT / guide.name] = guide
        for rel in IMAGE.findall(guide.read_text(encoding="utf-8")):
            files[OUT / rel] = DOCS / rel
    return files


def stale() -> list[str]:
    """What differs between docs/ and resources/guides/ (empty when in step)."""
    files = wanted()
    problems = [f"missing source {src.relative_to(ROOT)}" for src in files.values()
                if not src.is_file()]
    for dest, src in files.items():
        if src.is_file() and (not dest.is_file() or dest.read_bytes() != src.read_bytes()):
            problems.append(f"out of date: {dest.relative_to(ROOT)}")
    extra = [p for p in OUT.rglob("*") if p.is_file() and p not in files]
    problems += [f"not a guide file: {p.relative_to(ROOT)}" for p in extra]
    return problems


def sync() -> None:
    files = wanted()
    for dest, src in files.items():
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
    for path in OUT.rglob("*"):
        if path.is_file() and path not in files:
            path.unlink()


def main(argv: list[str]) -> int:
    if "--check" in argv:
        problems = stale()
        for line in problems:
            print(line, file=sys.stderr)
        if problems:
            print("run: python packaging/sync_guides.py", file=sys.stderr)
        return 1 if problems else 0
    sync()
    print(f"guides copied to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
