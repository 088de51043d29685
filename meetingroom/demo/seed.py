"""Seed a server data directory with users, a provincial committee meeting and its PDFs."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from meetingroom.demo.certificates import DemoCertificates, make_demo_certificates
from meetingroom.domain.roles import Role
from meetingroom.pdf.samples import make_demo_documents
from meetingroom.server.admin import Admin

log = logging.getLogger("meetingroom.demo")

DEMO_PASSWORD = "demo"
"""Every demo account's password (the demo runs on loopback with throw-away data)."""


@dataclass(frozen=True, slots=True)
class DemoUser:
    username: str
    display_name: str
    role: Role


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", "Quản trị hệ thống", Role.ADMIN),
    DemoUser("secretary", "Nguyễn Thị Thu Hà", Role.SECRETARY),
    DemoUser("chair", "Trần Văn Quốc", Role.CHAIR),
    DemoUser("delegate1", "Lê Thị Ánh Tuyết", Role.DELEGATE),
    DemoUser("delegate2", "Phạm Đức Thắng", Role.DELEGATE),
    DemoUser("delegate3", "Hoàng Minh Khôi", Role.DELEGATE),
    DemoUser("delegate4", "Đặng Thị Hương Giang", Role.DELEGATE),
    DemoUser("delegate5", "Vũ Ngọc Sơn", Role.DELEGATE),
    DemoUser("observer", "Bùi Thanh Tâm (Văn phòng)", Role.OBSERVER),
    DemoUser("outsider", "Đỗ Văn Lâm (không dự họp)", Role.DELEGATE),
)

SIGNERS = ("secretary", "chair")
"""Who gets a demo signing certificate (PKCS#12, passphrase = the demo password)."""

MEETING_TITLE = "Phiên họp thường kỳ tháng 11/2026 – UBND tỉnh"

# (key, title, notes, sub-items)
AGENDA: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("khai-mac", "Khai mạc, thông qua chương trình phiên họp",
     "Chủ tọa phát biểu khai mạc; thư ký báo cáo số đại biểu có mặt.", ()),
    ("kinh-te-xa-hoi", "Báo cáo tình hình kinh tế - xã hội 9 tháng năm 2026",
     "Sở Kế hoạch và Đầu tư trình bày; thảo luận 30 phút.",
     ("Ý kiến thẩm tra của Ban Kinh tế - Ngân sách", "Thảo luận")),
    ("dau-tu-cong", "Dự thảo Nghị quyết về kế hoạch đầu tư công năm 2027",
     "Biểu quyết thông qua dự thảo.", ()),
    ("quy-hoach-dat", "Tờ trình điều chỉnh quy hoạch sử dụng đất đến năm 2030",
     "Sở Tài nguyên và Môi trường trình bày.", ()),
    ("giao-duc", "Tình hình chuẩn bị năm học 2026 - 2027", "", ()),
    ("y-te", "Kế hoạch nâng cao năng lực y tế cơ sở giai đoạn 2026 - 2030", "", ()),
    ("be-mac", "Kết luận của Chủ tịch UBND tỉnh, bế mạc", "", ()),
)


@dataclass(frozen=True, slots=True)
class SeededDemo:
    meeting_id: str
    documents: int
    usernames: tuple[str, ...]
    certificates: DemoCertificates
    """The secretary's and the chair's demo signing keys, and the CA the server trusts."""


def seed_demo(data_dir: Path, *, pdf_dir: Path | None = None) -> SeededDemo:
    """Create the demo's users, one published meeting with documents and one draft."""
    admin = Admin.open(data_dir)
    try:
        users = {u.username: admin.add_user(u.username, DEMO_PASSWORD, role=u.role,
                                            display_name=u.display_name, allow_weak=True)
                 for u in DEMO_USERS}
        pdfs = make_demo_documents(pdf_dir or data_dir / "sample-pdfs")
        mid = admin.create_meeting(MEETING_TITLE, location="Phòng họp số 1, Trụ sở UBND tỉnh",
                                   starts_at="2026-11-30T08:00",
                                   created_by=users["secretary"].id)
        admin.set_participants(mid, [u.username for u in DEMO_USERS
                                     if u.username not in ("admin", "outsider")],
                               non_voting=("observer", "secretary"))
        count = 0
        for key, title, notes, subs in AGENDA:
            item = admin.add_item(mid, title, notes=notes)
            for sub in subs:
                admin.add_item(mid, sub, parent_id=item.id)
            for pdf in pdfs.get(key, []):
                admin.attach(mid, item.id, pdf)
                count += 1
        admin.publish(mid)
        draft = admin.create_meeting("Phiên họp chuyên đề tháng 12/2026 (dự thảo)",
                                     location="Phòng họp số 2", starts_at="2026-12-14T14:00",
                                     created_by=users["secretary"].id)
        admin.set_participants(draft, ["secretary", "chair", "delegate1"])
        admin.add_item(draft, "Chuẩn bị kỳ họp cuối năm")
        certificates = make_demo_certificates(
            data_dir / "certificates",
            {u.username: u.display_name for u in DEMO_USERS if u.username in SIGNERS},
            DEMO_PASSWORD)
        admin.trust_add(certificates.ca_pem, label="Demo CA")
        log.info("demo seeded: meeting %s with %d documents", mid, count)
        return SeededDemo(mid, count, tuple(users), certificates)
    finally:
        admin.close()
