"""A document's shown title: label, else the PDF's own title (if it says anything), else
the file name tidied."""

from __future__ import annotations

from meetingroom.domain.doc_titles import display_title, pdf_title, tidy_file_name
from meetingroom.domain.model import Document


def doc(**fields: str) -> Document:
    return Document(id="d", item_id="i", name="bao-cao-kt-xh-9-thang-2026.pdf",
                    sha256="a" * 64, size=1, pages=1, **fields)  # type: ignore[arg-type]


def test_the_label_wins_then_the_pdf_title_then_the_tidied_name() -> None:
    assert display_title(doc()) == "Bao cao kt xh 9 thang 2026"
    assert display_title(doc(pdf_title="Báo cáo KT-XH")) == "Báo cáo KT-XH"
    assert display_title(doc(pdf_title="Báo cáo KT-XH", label="Tờ trình")) == "Tờ trình"


def test_file_names_are_tidied() -> None:
    assert tidy_file_name("to_trinh__so-12.PDF") == "To trinh so 12"
    assert tidy_file_name("Báo cáo.pdf") == "Báo cáo"


def test_pdf_titles_are_one_clean_line_and_junk_is_dropped() -> None:
    assert pdf_title("  Báo cáo\n\x00tình hình\u202e ") == "Báo cáo tình hình"
    assert pdf_title("cu\u0309a") == "của"  # NFC
    for junk in ("Untitled", "Microsoft Word - baocao.docx", "bao-cao.pdf", ""):
        assert pdf_title(junk) == ""
    assert len(pdf_title("x" * 1000)) == 300


def test_documents_from_older_servers_have_no_label_or_title() -> None:
    old = doc().to_dict()
    del old["label"], old["pdf_title"]
    assert Document.from_dict(old) == doc()
    assert Document.from_dict(doc(label="A", pdf_title="B").to_dict()).label == "A"
