"""Document versions in the snapshot."""

from __future__ import annotations

from dataclasses import replace

from meetingroom.domain.model import Document, Meeting, MeetingSnapshot, MeetingStatus


def _doc(doc_id: str, version: int, *, replaces: str | None = None,
         replaced_by: str | None = None, item: str = "i1", position: int = 0) -> Document:
    return Document(id=doc_id, item_id=item, name="bao-cao.pdf", sha256=doc_id * 8,
                    size=100, pages=3, position=position, version=version,
                    replaces=replaces, replaced_by=replaced_by)


def _snap(*docs: Document) -> MeetingSnapshot:
    m = Meeting(id="m1", title="Kỳ họp", location="", starts_at="",
                status=MeetingStatus.PUBLISHED, created_by="u1")
    return MeetingSnapshot(meeting=m, rev=1, documents=docs)


def test_versions_chain_and_current_lists() -> None:
    v1 = _doc("a1", 1, replaced_by="a2")
    v2 = _doc("a2", 2, replaces="a1", replaced_by="a3")
    v3 = _doc("a3", 3, replaces="a2")
    other = _doc("b1", 1, position=1)
    snap = _snap(v3, other, v1, v2)
    assert snap.documents_of("i1") == (v3, other)
    for d in (v1, v2, v3):
        assert snap.versions_of(d) == (v1, v2, v3)
        assert snap.current_version(d) == v3
    assert snap.versions_of(other) == (other,)
    # a broken or cyclic chain (never made by the server) still ends
    loop = _snap(replace(v1, replaces="a3"), v2, replace(v3, replaced_by="a1"))
    assert len(loop.versions_of(v2)) == 3


def test_a_document_dict_without_version_fields_is_version_one() -> None:
    d = _doc("a1", 1).to_dict()
    for key in ("version", "replaces", "replaced_by"):
        d.pop(key)
    old = Document.from_dict(d)
    assert (old.version, old.replaces, old.replaced_by, old.current) == (1, None, None, True)
    v2 = _doc("a2", 2, replaces="a1")
    assert Document.from_dict(v2.to_dict()) == v2


def test_versions_follow_the_snapshot_not_a_stale_copy() -> None:
    stale = _doc("a1", 1)  # taken before the replacement
    snap = _snap(_doc("a1", 1, replaced_by="a2"), _doc("a2", 2, replaces="a1"))
    assert [d.id for d in snap.versions_of(stale)] == ["a1", "a2"]
    assert snap.current_version(stale).id == "a2"
