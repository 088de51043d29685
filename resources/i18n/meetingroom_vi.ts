<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>AgendaEditor</name>
    <message>
        <source>Item</source>
        <translation>Thêm mục</translation>
    </message>
    <message>
        <source>Add an agenda item after the selected one</source>
        <translation>Thêm một mục vào chương trình, ngay sau mục đang chọn</translation>
    </message>
    <message>
        <source>Sub-item</source>
        <translation>Thêm mục con</translation>
    </message>
    <message>
        <source>Add a sub-item to the selected item</source>
        <translation>Thêm mục con cho mục đang chọn</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Đổi tên</translation>
    </message>
    <message>
        <source>Rename the selected item</source>
        <translation>Đổi tên mục đang chọn</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Delete the selected item and its sub-items</source>
        <translation>Xóa mục đang chọn cùng các mục con</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Chuyển lên</translation>
    </message>
    <message>
        <source>Move the selected item up</source>
        <translation>Chuyển mục đang chọn lên trên</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Chuyển xuống</translation>
    </message>
    <message>
        <source>Move the selected item down</source>
        <translation>Chuyển mục đang chọn xuống dưới</translation>
    </message>
    <message>
        <source>Outdent</source>
        <translation>Lùi ra một cấp</translation>
    </message>
    <message>
        <source>Move one level out (Shift+Tab)</source>
        <translation>Đưa mục ra ngoài một cấp (Shift+Tab)</translation>
    </message>
    <message>
        <source>Indent</source>
        <translation>Thụt vào một cấp</translation>
    </message>
    <message>
        <source>Make it a sub-item of the item above (Tab)</source>
        <translation>Đưa thành mục con của mục phía trên (Tab)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Hoàn tác</translation>
    </message>
    <message>
        <source>Undo the last change</source>
        <translation>Hoàn tác thay đổi vừa thực hiện</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Làm lại</translation>
    </message>
    <message>
        <source>Redo the change you undid</source>
        <translation>Làm lại thay đổi vừa hoàn tác</translation>
    </message>
    <message>
        <source>Add item</source>
        <translation>Thêm mục</translation>
    </message>
    <message>
        <source>New item</source>
        <translation>Mục mới</translation>
    </message>
    <message>
        <source>The agenda allows at most three levels (1, 1.1, 1.1.1).</source>
        <translation>Chương trình nghị sự chỉ cho phép tối đa ba cấp (1, 1.1, 1.1.1).</translation>
    </message>
    <message>
        <source>Add sub-item</source>
        <translation>Thêm mục con</translation>
    </message>
    <message>
        <source>New sub-item</source>
        <translation>Mục con mới</translation>
    </message>
    <message>
        <source>Rename item</source>
        <translation>Đổi tên mục</translation>
    </message>
    <message>
        <source>Edit notes</source>
        <translation>Sửa ghi chú</translation>
    </message>
    <message>
        <source>Notes saved.</source>
        <translation>Đã lưu ghi chú.</translation>
    </message>
    <message>
        <source>Delete item</source>
        <translation>Xóa mục</translation>
    </message>
    <message>
        <source>“{title}” was deleted.</source>
        <translation>Đã xóa mục “{title}”.</translation>
    </message>
    <message>
        <source>Move item up</source>
        <translation>Chuyển mục lên</translation>
    </message>
    <message>
        <source>Move item down</source>
        <translation>Chuyển mục xuống</translation>
    </message>
    <message>
        <source>Indent item</source>
        <translation>Thụt mục vào một cấp</translation>
    </message>
    <message>
        <source>Outdent item</source>
        <translation>Lùi mục ra một cấp</translation>
    </message>
    <message>
        <source>Move item</source>
        <translation>Di chuyển mục</translation>
    </message>
    <message>
        <source>Remove document</source>
        <translation>Gỡ tài liệu</translation>
    </message>
    <message>
        <source>“{name}” was removed.</source>
        <translation>Đã gỡ tài liệu “{name}”.</translation>
    </message>
    <message>
        <source>“{name}” is not a PDF file.</source>
        <translation>“{name}” không phải là tệp PDF.</translation>
    </message>
    <message>
        <source>“{name}” is too large.</source>
        <translation>Tệp “{name}” quá lớn.</translation>
    </message>
    <message>
        <source>Could not attach “{name}”: {reason}</source>
        <translation>Không đính kèm được “{name}”: {reason}</translation>
    </message>
    <message>
        <source>“{name}” was attached.</source>
        <translation>Đã đính kèm “{name}”.</translation>
    </message>
    <message numerus="yes">
        <source>Publish this meeting? Its %n participant(s) will receive the agenda and documents.</source>
        <translation>
            <numerusform>Phát hành cuộc họp này? %n người tham dự sẽ nhận được chương trình nghị sự và tài liệu.</numerusform>
        </translation>
    </message>
    <message>
        <source>Publish now</source>
        <translation>Phát hành ngay</translation>
    </message>
    <message>
        <source>The meeting is published.</source>
        <translation>Đã phát hành cuộc họp.</translation>
    </message>
</context>
<context>
    <name>AgendaPane</name>
    <message>
        <source>Choose a meeting on the left</source>
        <translation>Chọn một cuộc họp trong danh sách bên trái</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>Đã phát hành</translation>
    </message>
    <message>
        <source>Draft – only editors can see it</source>
        <translation>Bản nháp – chỉ người soạn thảo xem được</translation>
    </message>
    <message>
        <source>The agenda is empty. Add the first item with “Item”.</source>
        <translation>Chương trình nghị sự chưa có mục nào. Bấm “Thêm mục” để thêm mục đầu tiên.</translation>
    </message>
    <message>
        <source>The agenda is empty.</source>
        <translation>Chương trình nghị sự chưa có mục nào.</translation>
    </message>
    <message>
        <source>Edit meeting…</source>
        <translation>Sửa thông tin cuộc họp…</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>Phát hành</translation>
    </message>
    <message>
        <source>Agenda</source>
        <translation>Chương trình nghị sự</translation>
    </message>
</context>
<context>
    <name>ConnectionIndicator</name>
    <message>
        <source>Online</source>
        <translation>Trực tuyến</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Đang kết nối…</translation>
    </message>
    <message>
        <source>Connection lost – reconnecting in {seconds} s</source>
        <translation>Mất kết nối – thử kết nối lại sau {seconds} giây</translation>
    </message>
    <message>
        <source>Connection lost – reconnecting…</source>
        <translation>Mất kết nối – đang kết nối lại…</translation>
    </message>
    <message>
        <source>Offline since {time}</source>
        <translation>Ngoại tuyến từ {time}</translation>
    </message>
    <message>
        <source>Not logged in</source>
        <translation>Chưa đăng nhập</translation>
    </message>
    <message>
        <source>data from {time}</source>
        <translation>dữ liệu cập nhật lúc {time}</translation>
    </message>
</context>
<context>
    <name>DocumentModel</name>
    <message>
        <source>✓ Downloaded</source>
        <translation>✓ Đã tải về</translation>
    </message>
    <message>
        <source>Downloading…</source>
        <translation>Đang tải về…</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n trang</numerusform>
        </translation>
    </message>
    <message>
        <source>Downloading… {percent} %</source>
        <translation>Đang tải về… {percent} %</translation>
    </message>
    <message>
        <source>Waiting for the connection</source>
        <translation>Chờ kết nối để tải về</translation>
    </message>
</context>
<context>
    <name>DocumentPane</name>
    <message>
        <source>Choose an agenda item</source>
        <translation>Chọn một mục trong chương trình</translation>
    </message>
    <message>
        <source>Uploading – {percent} %</source>
        <translation>Đang tải lên – {percent} %</translation>
    </message>
    <message>
        <source>Attach PDF documents</source>
        <translation>Đính kèm tài liệu PDF</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Tài liệu PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Tài liệu</translation>
    </message>
    <message>
        <source>No documents for this item.</source>
        <translation>Mục này chưa có tài liệu.</translation>
    </message>
    <message>
        <source>No documents yet. Drop PDF files here or choose “Attach PDF…”.</source>
        <translation>Chưa có tài liệu. Kéo thả tệp PDF vào đây hoặc bấm “Đính kèm PDF…”.</translation>
    </message>
    <message>
        <source>Open document</source>
        <translation>Mở tài liệu</translation>
    </message>
    <message>
        <source>Attach PDF…</source>
        <translation>Đính kèm PDF…</translation>
    </message>
    <message>
        <source>Or drop PDF files onto this pane or an item</source>
        <translation>Hoặc kéo thả tệp PDF vào khung này hay vào một mục</translation>
    </message>
    <message>
        <source>Remove document</source>
        <translation>Gỡ tài liệu</translation>
    </message>
    <message>
        <source>Save notes</source>
        <translation>Lưu ghi chú</translation>
    </message>
    <message>
        <source>Notes for this item (optional)</source>
        <translation>Ghi chú cho mục này (không bắt buộc)</translation>
    </message>
</context>
<context>
    <name>DocumentViewer</name>
    <message>
        <source>Page {page} cannot be shown.</source>
        <translation>Không thể hiển thị trang {page}.</translation>
    </message>
    <message>
        <source>This document cannot be shown.</source>
        <translation>Không thể hiển thị tài liệu này.</translation>
    </message>
    <message>
        <source>Opening the document…</source>
        <translation>Đang mở tài liệu…</translation>
    </message>
    <message>
        <source>Previous page (Page Up)</source>
        <translation>Trang trước (Page Up)</translation>
    </message>
    <message>
        <source>Next page (Page Down)</source>
        <translation>Trang sau (Page Down)</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl++)</source>
        <translation>Phóng to (Ctrl++)</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+-)</source>
        <translation>Thu nhỏ (Ctrl+-)</translation>
    </message>
    <message>
        <source>Fit the page to the window width</source>
        <translation>Vừa chiều rộng cửa sổ</translation>
    </message>
</context>
<context>
    <name>FileForm</name>
    <message>
        <source>Choose your certificate file</source>
        <translation>Chọn tệp chứng thư số của bạn</translation>
    </message>
    <message>
        <source>Certificate files (*.p12 *.pfx)</source>
        <translation>Tệp chứng thư số (*.p12 *.pfx)</translation>
    </message>
    <message>
        <source>Certificate file</source>
        <translation>Tệp chứng thư số</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Chọn…</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Mật khẩu</translation>
    </message>
    <message>
        <source>Remember passphrase on this computer</source>
        <translation>Ghi nhớ mật khẩu trên máy tính này</translation>
    </message>
    <message>
        <source>A .p12 or .pfx file</source>
        <translation>Tệp .p12 hoặc .pfx</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Please fill in the server address, username and password.</source>
        <translation>Vui lòng nhập đủ địa chỉ máy chủ, tên đăng nhập và mật khẩu.</translation>
    </message>
    <message>
        <source>Log in – Meetingroom</source>
        <translation>Đăng nhập – Meetingroom</translation>
    </message>
    <message>
        <source>Log in to the meeting room</source>
        <translation>Đăng nhập phòng họp</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Địa chỉ máy chủ</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mật khẩu</translation>
    </message>
    <message>
        <source>e.g. 192.168.1.10:8765</source>
        <translation>ví dụ: 192.168.1.10:8765</translation>
    </message>
    <message>
        <source>Remember me on this computer</source>
        <translation>Ghi nhớ đăng nhập trên máy này</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Thoát</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>You are not logged in to the server. The meetings and documents on this computer can still be read; log in to bring them up to date.</source>
        <translation>Bạn chưa đăng nhập vào máy chủ. Vẫn có thể xem các cuộc họp và tài liệu đã lưu trên máy này; hãy đăng nhập để cập nhật dữ liệu mới nhất.</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <source>This computer has no password store, so the login could not be remembered. You will need to log in again next time.</source>
        <translation>Máy tính này không có kho lưu mật khẩu nên không thể ghi nhớ đăng nhập. Lần sau bạn sẽ cần đăng nhập lại.</translation>
    </message>
    <message>
        <source>This document has not finished downloading yet.</source>
        <translation>Tài liệu này chưa tải về xong.</translation>
    </message>
    <message>
        <source>The meeting was saved.</source>
        <translation>Đã lưu cuộc họp.</translation>
    </message>
    <message>
        <source>Meetings</source>
        <translation>Cuộc họp</translation>
    </message>
    <message>
        <source>Agenda and documents</source>
        <translation>Chương trình và tài liệu</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>Biên bản</translation>
    </message>
    <message>
        <source>No meetings yet. Meetings you are invited to appear here once the secretary publishes them.</source>
        <translation>Chưa có cuộc họp nào. Các cuộc họp bạn được mời sẽ hiện ở đây sau khi thư ký phát hành.</translation>
    </message>
    <message>
        <source>New meeting…</source>
        <translation>Tạo cuộc họp…</translation>
    </message>
    <message>
        <source>&amp;Meetingroom</source>
        <translation>&amp;Meetingroom</translation>
    </message>
    <message>
        <source>&amp;Agenda</source>
        <translation>&amp;Chương trình</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Ngôn ngữ</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Giao diện</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Theo hệ thống</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Sáng</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Tối</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Đăng xuất</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Thoát</translation>
    </message>
</context>
<context>
    <name>MeetingDelegate</name>
    <message>
        <source>Published</source>
        <translation>Đã phát hành</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Bản nháp</translation>
    </message>
</context>
<context>
    <name>MeetingDialog</name>
    <message>
        <source>Loading the list of users…</source>
        <translation>Đang tải danh sách người dùng…</translation>
    </message>
    <message>
        <source>Tick who takes part, and who has a vote.</source>
        <translation>Đánh dấu người tham dự và người có quyền biểu quyết.</translation>
    </message>
    <message>
        <source>The list of users needs a connection to the server.</source>
        <translation>Cần kết nối tới máy chủ để tải danh sách người dùng.</translation>
    </message>
    <message>
        <source>Please enter a title.</source>
        <translation>Vui lòng nhập tên cuộc họp.</translation>
    </message>
    <message>
        <source>New meeting</source>
        <translation>Cuộc họp mới</translation>
    </message>
    <message>
        <source>Edit meeting</source>
        <translation>Sửa thông tin cuộc họp</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Tên cuộc họp</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Địa điểm</translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <source>Participant</source>
        <translation>Người tham dự</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <source>Votes</source>
        <translation>Biểu quyết</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Close this message</source>
        <translation>Đóng thông báo này</translation>
    </message>
</context>
<context>
    <name>MinutesController</name>
    <message>
        <source>Minutes</source>
        <translation>Biên bản</translation>
    </message>
    <message>
        <source> (signed)</source>
        <translation> (đã ký)</translation>
    </message>
    <message>
        <source>Chair</source>
        <translation>Chủ tọa</translation>
    </message>
    <message>
        <source>Secretary</source>
        <translation>Thư ký</translation>
    </message>
</context>
<context>
    <name>MinutesEditor</name>
    <message>
        <source>Bold (Ctrl+B)</source>
        <translation>Chữ đậm (Ctrl+B)</translation>
    </message>
    <message>
        <source>Italic (Ctrl+I)</source>
        <translation>Chữ nghiêng (Ctrl+I)</translation>
    </message>
    <message>
        <source>Underline (Ctrl+U)</source>
        <translation>Gạch chân (Ctrl+U)</translation>
    </message>
    <message>
        <source>Bulleted list</source>
        <translation>Danh sách dấu chấm</translation>
    </message>
    <message>
        <source>Numbered list</source>
        <translation>Danh sách đánh số</translation>
    </message>
    <message>
        <source>Decrease indent</source>
        <translation>Giảm thụt lề</translation>
    </message>
    <message>
        <source>Increase indent</source>
        <translation>Tăng thụt lề</translation>
    </message>
    <message>
        <source>Align left</source>
        <translation>Căn trái</translation>
    </message>
    <message>
        <source>Centre</source>
        <translation>Căn giữa</translation>
    </message>
    <message>
        <source>Align right</source>
        <translation>Căn phải</translation>
    </message>
    <message>
        <source>Justify</source>
        <translation>Căn đều hai bên</translation>
    </message>
    <message>
        <source>Undo (Ctrl+Z)</source>
        <translation>Hoàn tác (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Redo (Ctrl+Shift+Z)</source>
        <translation>Làm lại (Ctrl+Shift+Z)</translation>
    </message>
    <message>
        <source>Body text</source>
        <translation>Văn bản thường</translation>
    </message>
    <message>
        <source>Heading 1</source>
        <translation>Tiêu đề 1</translation>
    </message>
    <message>
        <source>Heading 2</source>
        <translation>Tiêu đề 2</translation>
    </message>
    <message>
        <source>Heading 3</source>
        <translation>Tiêu đề 3</translation>
    </message>
    <message>
        <source>Paragraph style</source>
        <translation>Kiểu đoạn văn</translation>
    </message>
    <message>
        <source>Write the minutes here, or start a new draft from the meeting record.</source>
        <translation>Soạn biên bản tại đây, hoặc tạo bản nháp mới từ diễn biến cuộc họp.</translation>
    </message>
</context>
<context>
    <name>MinutesPane</name>
    <message>
        <source>A newer version of the minutes was saved meanwhile.</source>
        <translation>Trong lúc này đã có một phiên bản biên bản mới hơn được lưu.</translation>
    </message>
    <message>
        <source>Load the latest version</source>
        <translation>Mở phiên bản mới nhất</translation>
    </message>
    <message>
        <source>Open the PDF to read the minutes. Their signatures, as the server checked them, are listed on the right.</source>
        <translation>Mở tệp PDF để đọc biên bản. Các chữ ký, đã được máy chủ kiểm tra, được liệt kê bên phải.</translation>
    </message>
    <message>
        <source>The secretary is preparing the minutes with the chair. You can read them here once they are final.</source>
        <translation>Thư ký đang cùng Chủ tọa hoàn thiện biên bản. Bạn có thể đọc biên bản tại đây khi đã là bản chính thức.</translation>
    </message>
    <message>
        <source>Version {number} by {name}, saved {time}. Read-only.</source>
        <translation>Phiên bản {number} của {name}, lưu lúc {time}. Chỉ xem.</translation>
    </message>
    <message>
        <source>Locked while the chair reviews.</source>
        <translation>Đang khóa trong khi Chủ tọa xem xét.</translation>
    </message>
    <message>
        <source>Approved by the chair. To change the text, reopen the minutes.</source>
        <translation>Chủ tọa đã duyệt. Muốn sửa nội dung, hãy mở lại biên bản.</translation>
    </message>
    <message>
        <source>Final: the text can no longer change.</source>
        <translation>Bản chính thức: nội dung không thể thay đổi nữa.</translation>
    </message>
    <message>
        <source>Only the secretary edits the minutes.</source>
        <translation>Chỉ Thư ký được soạn sửa biên bản.</translation>
    </message>
    <message>
        <source>Your unsaved text was copied to the clipboard; paste it back where needed.</source>
        <translation>Nội dung chưa lưu của bạn đã được chép vào bộ nhớ tạm; hãy dán lại khi cần.</translation>
    </message>
    <message>
        <source>Version saved.</source>
        <translation>Đã lưu phiên bản.</translation>
    </message>
    <message>
        <source>Restored from version {number}</source>
        <translation>Khôi phục từ phiên bản {number}</translation>
    </message>
    <message>
        <source>Finalising freezes the text and produces the PDF for signing.</source>
        <translation>Hoàn tất sẽ cố định nội dung và tạo tệp PDF để ký.</translation>
    </message>
    <message>
        <source>Finalise now</source>
        <translation>Hoàn tất ngay</translation>
    </message>
    <message>
        <source>The draft was filled from the meeting record. Ctrl+Z brings back the previous text.</source>
        <translation>Bản nháp đã được điền từ diễn biến cuộc họp. Nhấn Ctrl+Z để lấy lại nội dung trước đó.</translation>
    </message>
    <message>
        <source>New draft from meeting record</source>
        <translation>Bản nháp mới từ diễn biến cuộc họp</translation>
    </message>
    <message>
        <source>Save version</source>
        <translation>Lưu phiên bản</translation>
    </message>
    <message>
        <source>Submit for review</source>
        <translation>Trình Chủ tọa duyệt</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Duyệt</translation>
    </message>
    <message>
        <source>Return with comment…</source>
        <translation>Trả lại kèm ý kiến…</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>Mở lại</translation>
    </message>
    <message>
        <source>Finalise</source>
        <translation>Hoàn tất</translation>
    </message>
    <message>
        <source>Open PDF</source>
        <translation>Mở PDF</translation>
    </message>
    <message>
        <source>Sign…</source>
        <translation>Ký số…</translation>
    </message>
    <message>
        <source>Save your changes first</source>
        <translation>Hãy lưu thay đổi trước</translation>
    </message>
    <message>
        <source>Restore this version</source>
        <translation>Khôi phục phiên bản này</translation>
    </message>
    <message>
        <source>Back to the current text</source>
        <translation>Quay lại nội dung hiện tại</translation>
    </message>
    <message>
        <source>What changed in this version (optional)</source>
        <translation>Nội dung thay đổi trong phiên bản này (không bắt buộc)</translation>
    </message>
    <message>
        <source>What should the secretary change?</source>
        <translation>Thư ký cần sửa những gì?</translation>
    </message>
    <message>
        <source>Return to the secretary</source>
        <translation>Trả lại Thư ký</translation>
    </message>
</context>
<context>
    <name>SignDialog</name>
    <message>
        <source>Choose your certificate and type its passphrase or PIN first.</source>
        <translation>Hãy chọn chứng thư số và nhập mật khẩu hoặc mã PIN trước.</translation>
    </message>
    <message>
        <source>(the name in your certificate)</source>
        <translation>(tên ghi trong chứng thư số của bạn)</translation>
    </message>
    <message>
        <source>Opening your key…</source>
        <translation>Đang mở khóa ký…</translation>
    </message>
    <message>
        <source>Preparing the document…</source>
        <translation>Đang chuẩn bị văn bản…</translation>
    </message>
    <message>
        <source>Signing…</source>
        <translation>Đang ký…</translation>
    </message>
    <message>
        <source>Getting a timestamp…</source>
        <translation>Đang lấy dấu thời gian…</translation>
    </message>
    <message>
        <source>Saving the signed file…</source>
        <translation>Đang lưu tệp đã ký…</translation>
    </message>
    <message>
        <source>Sending the signed minutes to the server…</source>
        <translation>Đang gửi biên bản đã ký lên máy chủ…</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>Đã ký</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Đang xử lý…</translation>
    </message>
    <message>
        <source>Sign the minutes</source>
        <translation>Ký biên bản</translation>
    </message>
    <message>
        <source>Certificate file (.p12/.pfx)</source>
        <translation>Tệp chứng thư số (.p12/.pfx)</translation>
    </message>
    <message>
        <source>USB token</source>
        <translation>USB ký số (token)</translation>
    </message>
    <message>
        <source>Your role</source>
        <translation>Chức danh của bạn</translation>
    </message>
    <message>
        <source>Place (optional)</source>
        <translation>Địa điểm (không bắt buộc)</translation>
    </message>
    <message>
        <source>The signature will show this name:</source>
        <translation>Chữ ký sẽ hiển thị tên:</translation>
    </message>
    <message>
        <source>e.g. Hà Nội</source>
        <translation>ví dụ: Hà Nội</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>Ký</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Signing takes a few seconds.</source>
        <translation>Việc ký mất vài giây.</translation>
    </message>
</context>
<context>
    <name>SignatureCard</name>
    <message>
        <source>Valid</source>
        <translation>Hợp lệ</translation>
    </message>
    <message>
        <source>Not valid</source>
        <translation>Không hợp lệ</translation>
    </message>
    <message>
        <source>Role: {role}</source>
        <translation>Chức danh: {role}</translation>
    </message>
    <message>
        <source>Signed {time}, time confirmed by a timestamp server</source>
        <translation>Ký lúc {time}, thời gian được máy chủ dấu thời gian xác nhận</translation>
    </message>
    <message>
        <source>Signed {time} (time claimed by the signer, not confirmed)</source>
        <translation>Ký lúc {time} (thời gian do người ký tự khai, chưa được xác nhận)</translation>
    </message>
    <message>
        <source>Certificate issued by a trusted authority</source>
        <translation>Chứng thư số do tổ chức tin cậy cấp</translation>
    </message>
    <message>
        <source>Self-signed certificate: no authority confirms who the signer is</source>
        <translation>Chứng thư số tự ký: không có tổ chức nào xác nhận danh tính người ký</translation>
    </message>
    <message>
        <source>Certificate from an issuer that is not among the trusted authorities</source>
        <translation>Chứng thư số do tổ chức không nằm trong danh sách tin cậy cấp</translation>
    </message>
    <message>
        <source>⚠ The file was changed after this signature.</source>
        <translation>⚠ Tệp đã bị thay đổi sau chữ ký này.</translation>
    </message>
    <message>
        <source>⚠ This signature does not cover the whole file.</source>
        <translation>⚠ Chữ ký này không bao trùm toàn bộ tệp.</translation>
    </message>
    <message>
        <source>⚠ The signature does not match the file&apos;s content.</source>
        <translation>⚠ Chữ ký không khớp với nội dung tệp.</translation>
    </message>
    <message>
        <source>Problem: {problem}</source>
        <translation>Vấn đề: {problem}</translation>
    </message>
</context>
<context>
    <name>SignatureView</name>
    <message>
        <source>Not signed yet.</source>
        <translation>Chưa được ký.</translation>
    </message>
    <message>
        <source>All signatures are valid</source>
        <translation>Tất cả chữ ký đều hợp lệ</translation>
    </message>
    <message>
        <source>The signatures are NOT valid</source>
        <translation>Chữ ký KHÔNG hợp lệ</translation>
    </message>
    <message>
        <source>The file could not be checked: {reason}</source>
        <translation>Không kiểm tra được tệp: {reason}</translation>
    </message>
</context>
<context>
    <name>StateBanner</name>
    <message>
        <source>Returned by the chair: {comment}</source>
        <translation>Chủ tọa trả lại: {comment}</translation>
    </message>
    <message>
        <source>Draft – being written by the secretary</source>
        <translation>Bản nháp – Thư ký đang soạn</translation>
    </message>
    <message>
        <source>Waiting for the chair&apos;s approval</source>
        <translation>Đang chờ Chủ tọa duyệt</translation>
    </message>
    <message>
        <source>Approved by the chair</source>
        <translation>Chủ tọa đã duyệt</translation>
    </message>
    <message>
        <source>Final – ready to sign</source>
        <translation>Bản chính thức – sẵn sàng để ký</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>Đã ký</translation>
    </message>
    <message>
        <source>Save versions as you go, then submit the minutes to the chair.</source>
        <translation>Lưu phiên bản trong khi soạn, sau đó trình Chủ tọa duyệt.</translation>
    </message>
    <message>
        <source>The text is locked until the chair approves it or returns it with a comment.</source>
        <translation>Nội dung bị khóa cho đến khi Chủ tọa duyệt hoặc trả lại kèm ý kiến.</translation>
    </message>
    <message>
        <source>The secretary can now finalise the minutes into a PDF for signing.</source>
        <translation>Thư ký có thể hoàn tất biên bản thành tệp PDF để ký.</translation>
    </message>
    <message>
        <source>The text can no longer change. The PDF is ready for signatures.</source>
        <translation>Nội dung không thể thay đổi nữa. Tệp PDF đã sẵn sàng để ký.</translation>
    </message>
    <message>
        <source>The signed minutes are the official record. More signatures may still be added.</source>
        <translation>Biên bản đã ký là văn bản chính thức. Vẫn có thể ký bổ sung.</translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message>
        <source>Downloading documents {done}/{total} – {percent} %</source>
        <translation>Đang tải tài liệu {done}/{total} – {percent} %</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting to be sent</source>
        <translation>
            <numerusform>%n thay đổi đang chờ gửi lên máy chủ</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TokenForm</name>
    <message>
        <source>{name} – issued by {issuer}, valid until {date}</source>
        <translation>{name} – do {issuer} cấp, hiệu lực đến {date}</translation>
    </message>
    <message>
        <source>Choose the token&apos;s PKCS#11 module</source>
        <translation>Chọn trình điều khiển PKCS#11 của token</translation>
    </message>
    <message>
        <source>PKCS#11 modules (*.so *.so.* *.dll *.dylib)</source>
        <translation>Trình điều khiển PKCS#11 (*.so *.so.* *.dll *.dylib)</translation>
    </message>
    <message>
        <source>Token driver</source>
        <translation>Trình điều khiển token</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>Mã PIN</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Chứng thư số</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Chọn…</translation>
    </message>
    <message>
        <source>Find tokens</source>
        <translation>Tìm token</translation>
    </message>
    <message>
        <source>Show certificates</source>
        <translation>Xem chứng thư số</translation>
    </message>
    <message>
        <source>Asked every time, never stored</source>
        <translation>Hỏi mỗi lần ký, không bao giờ lưu</translation>
    </message>
</context>
<context>
    <name>VersionList</name>
    <message>
        <source>Version {number} · {name}</source>
        <translation>Phiên bản {number} · {name}</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>đã duyệt</translation>
    </message>
    <message>
        <source>Saved versions</source>
        <translation>Các phiên bản đã lưu</translation>
    </message>
    <message>
        <source>No version saved yet.</source>
        <translation>Chưa lưu phiên bản nào.</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Your session has expired. Please log in again.</source>
        <translation>Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.</translation>
    </message>
    <message>
        <source>Please log in first.</source>
        <translation>Vui lòng đăng nhập trước.</translation>
    </message>
    <message>
        <source>Wrong username or password.</source>
        <translation>Sai tên đăng nhập hoặc mật khẩu.</translation>
    </message>
    <message>
        <source>You are not allowed to do this. Ask the meeting secretary.</source>
        <translation>Bạn không có quyền thực hiện thao tác này. Vui lòng liên hệ thư ký cuộc họp.</translation>
    </message>
    <message>
        <source>This no longer exists on the server; it may have been deleted.</source>
        <translation>Nội dung này không còn trên máy chủ; có thể đã bị xóa.</translation>
    </message>
    <message>
        <source>The agenda allows at most three levels (1, 1.1, 1.1.1).</source>
        <translation>Chương trình nghị sự chỉ cho phép tối đa ba cấp (1, 1.1, 1.1.1).</translation>
    </message>
    <message>
        <source>An item cannot be moved inside itself.</source>
        <translation>Không thể chuyển một mục vào bên trong chính nó.</translation>
    </message>
    <message>
        <source>This change is not possible now; the meeting was changed meanwhile.</source>
        <translation>Không thể thực hiện thay đổi này vì cuộc họp vừa được cập nhật.</translation>
    </message>
    <message>
        <source>This PDF is protected by a password and cannot be shown.</source>
        <translation>Tệp PDF này được bảo vệ bằng mật khẩu nên không thể hiển thị.</translation>
    </message>
    <message>
        <source>This file is not a usable PDF document, or it is damaged.</source>
        <translation>Tệp này không phải tài liệu PDF hợp lệ hoặc đã bị hỏng.</translation>
    </message>
    <message>
        <source>The file or the text is too large.</source>
        <translation>Tệp hoặc nội dung quá lớn.</translation>
    </message>
    <message>
        <source>Please enter a title.</source>
        <translation>Vui lòng nhập tiêu đề.</translation>
    </message>
    <message>
        <source>The text is too long. Please shorten it (a title or place may have at most 500 characters, notes at most 2,000).</source>
        <translation>Nội dung quá dài. Vui lòng rút gọn (tiêu đề hoặc địa điểm tối đa 500 ký tự, ghi chú tối đa 2.000 ký tự).</translation>
    </message>
    <message>
        <source>The text contains hidden control characters (often copied along from another program). Please type it again.</source>
        <translation>Nội dung có ký tự điều khiển ẩn (thường bị sao chép kèm từ chương trình khác). Vui lòng gõ lại.</translation>
    </message>
    <message>
        <source>This document name is not allowed. Use a plain file name without folders or slashes and without hidden characters, at most 200 characters.</source>
        <translation>Tên tài liệu không hợp lệ. Hãy dùng tên tệp đơn giản, không có thư mục hay dấu gạch chéo, không có ký tự ẩn, tối đa 200 ký tự.</translation>
    </message>
    <message>
        <source>The meeting time is not valid. Please choose a date and time again.</source>
        <translation>Thời gian cuộc họp không hợp lệ. Vui lòng chọn lại ngày và giờ.</translation>
    </message>
    <message>
        <source>The server refused the request. Please check what you entered.</source>
        <translation>Máy chủ từ chối yêu cầu. Vui lòng kiểm tra lại thông tin đã nhập.</translation>
    </message>
    <message>
        <source>The passphrase of the certificate file is wrong. Please type it again.</source>
        <translation>Mật khẩu của tệp chứng thư số không đúng. Vui lòng nhập lại.</translation>
    </message>
    <message>
        <source>The PIN is wrong. Please type it again; after several wrong PINs the token locks itself.</source>
        <translation>Mã PIN không đúng. Vui lòng nhập lại; nhập sai nhiều lần token sẽ tự khóa.</translation>
    </message>
    <message>
        <source>The USB token was not found. Plug it in, wait a moment and try again.</source>
        <translation>Không tìm thấy USB token. Hãy cắm token, chờ một lát rồi thử lại.</translation>
    </message>
    <message>
        <source>No signing key was found for this certificate. Choose another certificate.</source>
        <translation>Không tìm thấy khóa ký cho chứng thư số này. Hãy chọn chứng thư số khác.</translation>
    </message>
    <message>
        <source>The token&apos;s driver (PKCS#11 module) could not be loaded. Choose the module that came with your token.</source>
        <translation>Không nạp được trình điều khiển (PKCS#11) của token. Hãy chọn trình điều khiển đi kèm token của bạn.</translation>
    </message>
    <message>
        <source>The timestamp server could not be reached. Check the network and try again.</source>
        <translation>Không kết nối được máy chủ dấu thời gian. Hãy kiểm tra mạng và thử lại.</translation>
    </message>
    <message>
        <source>The minutes file is not a usable PDF document.</source>
        <translation>Tệp biên bản không phải là tài liệu PDF dùng được.</translation>
    </message>
    <message>
        <source>This file can no longer be signed.</source>
        <translation>Tệp này không thể ký thêm được nữa.</translation>
    </message>
    <message>
        <source>Signing failed. The details were written to the log file.</source>
        <translation>Ký không thành công. Chi tiết đã được ghi vào tệp nhật ký.</translation>
    </message>
    <message>
        <source>Someone saved a newer version of the minutes meanwhile.</source>
        <translation>Trong lúc này đã có người lưu phiên bản biên bản mới hơn.</translation>
    </message>
    <message>
        <source>The server did not accept the signed file: a signature does not verify, or the file was changed after signing.</source>
        <translation>Máy chủ không chấp nhận tệp đã ký: có chữ ký không xác thực được, hoặc tệp đã bị sửa sau khi ký.</translation>
    </message>
    <message>
        <source>A file arrived damaged; it will be downloaded again automatically.</source>
        <translation>Một tệp tải về bị lỗi; hệ thống sẽ tự động tải lại.</translation>
    </message>
    <message>
        <source>Too many attempts. Please wait a few minutes and try again.</source>
        <translation>Thử quá nhiều lần. Vui lòng đợi vài phút rồi thử lại.</translation>
    </message>
    <message>
        <source>Cannot reach the server. Check the network and the server address.</source>
        <translation>Không kết nối được máy chủ. Vui lòng kiểm tra mạng và địa chỉ máy chủ.</translation>
    </message>
    <message>
        <source>Could not save data on this computer. Is the disk full?</source>
        <translation>Không lưu được dữ liệu trên máy này. Vui lòng kiểm tra dung lượng ổ đĩa.</translation>
    </message>
    <message>
        <source>The server address is not valid.</source>
        <translation>Địa chỉ máy chủ không hợp lệ.</translation>
    </message>
    <message>
        <source>An unexpected error occurred. The details were written to the log file.</source>
        <translation>Đã xảy ra lỗi ngoài dự kiến. Chi tiết đã được ghi vào tệp nhật ký.</translation>
    </message>
</context>
<context>
    <name>roles</name>
    <message>
        <source>Administrator</source>
        <translation>Quản trị viên</translation>
    </message>
    <message>
        <source>Secretary</source>
        <translation>Thư ký</translation>
    </message>
    <message>
        <source>Chair</source>
        <translation>Chủ tọa</translation>
    </message>
    <message>
        <source>Delegate</source>
        <translation>Đại biểu</translation>
    </message>
    <message>
        <source>Observer</source>
        <translation>Quan sát viên</translation>
    </message>
</context>
</TS>
