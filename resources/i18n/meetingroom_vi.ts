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
