"""The guides the app ships (resources/guides/) are the ones in docs/, pictures included."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_guides_match_docs() -> None:
    r = subprocess.run([sys.executable, str(ROOT / "packaging" / "sync_guides.py"), "--check"],
                       capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr


def test_each_guide_links_to_its_other_language() -> None:
    for name in ("delegate", "secretary", "chair", "admin"):
        vi = (ROOT / "docs" / f"guide-{name}.vi.md").read_text(encoding="utf-8")
        en = (ROOT / "docs" / f"guide-{name}.md").read_text(encoding="utf-8")
        assert f"(guide-{name}.md)" in vi and f"(guide-{name}.vi.md)" in en
