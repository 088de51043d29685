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
        <source>Title saved.</source>
        <translation>Đã lưu tên tài liệu.</translation>
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
        <source>“{name}” is now version {version}; the earlier version stays readable.</source>
        <translation>“{name}” nay là phiên bản {version}; phiên bản trước vẫn đọc được.</translation>
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
    <name>AgendaModel</name>
    <message numerus="yes">
        <source>%n document(s), {ready} downloaded</source>
        <translation>
            <numerusform>%n tài liệu, đã tải về {ready}</numerusform>
        </translation>
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
    <message>
        <source>For editors, Tab makes the item a sub-item and Shift+Tab moves it up a level; Ctrl+Tab moves on to the next control.</source>
        <translation>Khi chỉnh sửa, phím Tab đưa mục thành mục con, Shift+Tab đưa mục lên một cấp; Ctrl+Tab chuyển sang điều khiển tiếp theo.</translation>
    </message>
</context>
<context>
    <name>AppMenu</name>
    <message>
        <source>&amp;Meetingroom</source>
        <translation>&amp;Meetingroom</translation>
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
        <source>Sound when a vote opens</source>
        <translation>Phát âm báo khi mở biểu quyết</translation>
    </message>
    <message>
        <source>Trustee key on my token…</source>
        <translation>Khóa người giữ khóa trên token…</translation>
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
    <name>AttendancePanel</name>
    <message>
        <source>Votes</source>
        <translation>Có quyền biểu quyết</translation>
    </message>
    <message>
        <source>No vote</source>
        <translation>Không biểu quyết</translation>
    </message>
    <message>
        <source>Proxy to {name}</source>
        <translation>Ủy quyền cho {name}</translation>
    </message>
    <message>
        <source>Attendance</source>
        <translation>Điểm danh</translation>
    </message>
    <message>
        <source>Quorum of the meeting:</source>
        <translation>Túc số của phiên họp:</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Họ tên</translation>
    </message>
    <message>
        <source>Presence</source>
        <translation>Tình trạng</translation>
    </message>
    <message>
        <source>Voting right</source>
        <translation>Quyền biểu quyết</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Ủy quyền</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>Có mặt</translation>
    </message>
    <message>
        <source>Absent</source>
        <translation>Vắng</translation>
    </message>
    <message>
        <source>Excused</source>
        <translation>Vắng có lý do</translation>
    </message>
    <message>
        <source>All present</source>
        <translation>Tất cả có mặt</translation>
    </message>
    <message>
        <source>Give proxy of selected to</source>
        <translation>Người được chọn ủy quyền cho</translation>
    </message>
    <message>
        <source>Remove proxy</source>
        <translation>Hủy ủy quyền</translation>
    </message>
    <message>
        <source>Proxy holder:</source>
        <translation>Người nhận ủy quyền:</translation>
    </message>
    <message>
        <source>No quorum required</source>
        <translation>Không yêu cầu túc số</translation>
    </message>
</context>
<context>
    <name>AttentionBar</name>
    <message>
        <source>Close this notice</source>
        <translation>Đóng thông báo này</translation>
    </message>
    <message>
        <source>A vote is open: {title}. You have not voted yet.</source>
        <translation>Đang biểu quyết: {title}. Bạn chưa bỏ phiếu.</translation>
    </message>
    <message>
        <source>Go to the ballot</source>
        <translation>Đến phiếu biểu quyết</translation>
    </message>
    <message>
        <source>You have the floor. Please speak now.</source>
        <translation>Đến lượt bạn phát biểu. Xin mời bắt đầu.</translation>
    </message>
    <message>
        <source>Show the speaking time</source>
        <translation>Xem thời gian phát biểu</translation>
    </message>
    <message>
        <source>The meeting has moved on to: {title}</source>
        <translation>Cuộc họp chuyển sang nội dung: {title}</translation>
    </message>
    <message>
        <source>Show this item</source>
        <translation>Xem nội dung này</translation>
    </message>
</context>
<context>
    <name>BallotPanel</name>
    <message>
        <source>{name} (proxy)</source>
        <translation>{name} (ủy quyền)</translation>
    </message>
    <message>
        <source>a blank ballot</source>
        <translation>phiếu trắng</translation>
    </message>
    <message>
        <source>You chose: {choice}. Send the ballot?</source>
        <translation>Bạn chọn: {choice}. Gửi phiếu?</translation>
    </message>
    <message>
        <source>Your ballot was refused: {reason}</source>
        <translation>Phiếu của bạn bị từ chối: {reason}</translation>
    </message>
    <message>
        <source>You did not vote in this poll.</source>
        <translation>Bạn không bỏ phiếu trong lần biểu quyết này.</translation>
    </message>
    <message>
        <source>Your choice: {choice}</source>
        <translation>Lựa chọn của bạn: {choice}</translation>
    </message>
    <message>
        <source>Receipt code: {code}</source>
        <translation>Mã biên nhận: {code}</translation>
    </message>
    <message>
        <source>Vote for:</source>
        <translation>Bỏ phiếu cho:</translation>
    </message>
    <message>
        <source>Vote…</source>
        <translation>Biểu quyết…</translation>
    </message>
    <message>
        <source>Send the ballot</source>
        <translation>Gửi phiếu</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <source>Change my vote</source>
        <translation>Thay đổi lựa chọn</translation>
    </message>
    <message>
        <source>Choose one option.</source>
        <translation>Chọn một phương án.</translation>
    </message>
    <message>
        <source>Choose {low} to {high} options.</source>
        <translation>Chọn từ {low} đến {high} phương án.</translation>
    </message>
</context>
<context>
    <name>BoxPanel</name>
    <message>
        <source>only {have} of the {k} key shares needed were released</source>
        <translation>chỉ có {have}/{k} phần khóa cần thiết được trao</translation>
    </message>
    <message>
        <source>the trustees did not publish the opened box</source>
        <translation>người giữ khóa đã không công bố kết quả mở hòm</translation>
    </message>
    <message>
        <source>The ballot box was not opened: {why}. Nothing was published, and the sealed ballots were erased.</source>
        <translation>Hòm phiếu không được mở: {why}. Không có kết quả nào được công bố, các phiếu niêm phong đã bị xóa.</translation>
    </message>
    <message>
        <source>Trustees: {names}.</source>
        <translation>Người giữ khóa: {names}.</translation>
    </message>
    <message>
        <source>Voting has ended. The ballots are sealed: {k} of the trustees ({names}) must release their key share before the box can be opened and counted.</source>
        <translation>Đã kết thúc bỏ phiếu. Các phiếu được niêm phong: cần {k} người giữ khóa ({names}) trao phần khóa của mình thì hòm phiếu mới được mở và kiểm phiếu.</translation>
    </message>
    <message>
        <source>No trustee has asked to open the box yet.</source>
        <translation>Chưa có người giữ khóa nào đề nghị mở hòm phiếu.</translation>
    </message>
    <message>
        <source>Open the ballot box on this device</source>
        <translation>Mở hòm phiếu trên máy này</translation>
    </message>
    <message>
        <source>{opener} opens the box: {have} of the {k} key shares needed are in; waiting for: {missing}.</source>
        <translation>{opener} mở hòm phiếu: đã có {have}/{k} phần khóa cần thiết; đang chờ: {missing}.</translation>
    </message>
    <message>
        <source>Release my share to {name}</source>
        <translation>Trao phần khóa cho {name}</translation>
    </message>
    <message>
        <source>Open it on this device instead</source>
        <translation>Mở hòm phiếu trên máy này thay người đó</translation>
    </message>
    <message>
        <source>End without opening…</source>
        <translation>Kết thúc mà không mở…</translation>
    </message>
    <message>
        <source>When too few trustees can release their share: the poll ends unopened and nothing is published</source>
        <translation>Khi không đủ người giữ khóa trao phần khóa: cuộc biểu quyết kết thúc mà không mở hòm, không công bố gì</translation>
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
        <source>Update needed</source>
        <translation>Cần cập nhật</translation>
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
    <name>DelegateBar</name>
    <message>
        <source>Check out (I am leaving)</source>
        <translation>Rời phòng họp (báo vắng)</translation>
    </message>
    <message>
        <source>Check in – I am present</source>
        <translation>Điểm danh – Tôi có mặt</translation>
    </message>
    <message>
        <source>Withdraw my request to speak</source>
        <translation>Rút đăng ký phát biểu</translation>
    </message>
    <message>
        <source>Request to speak</source>
        <translation>Đăng ký phát biểu</translation>
    </message>
    <message>
        <source>Follow the presenter</source>
        <translation>Theo dõi người trình bày</translation>
    </message>
</context>
<context>
    <name>DocumentModel</name>
    <message>
        <source>✓ Downloaded</source>
        <translation>✓ Đã tải về</translation>
    </message>
    <message>
        <source>{percent} % here – its pages can be read; waiting for the connection</source>
        <translation>Đã có {percent} % – có thể đọc các trang đã tải; đang chờ kết nối</translation>
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
        <source>Version {version} (replaced)</source>
        <translation>Phiên bản {version} (đã được thay thế)</translation>
    </message>
    <message>
        <source>Version {version}</source>
        <translation>Phiên bản {version}</translation>
    </message>
    <message>
        <source>{title}
File: {name}</source>
        <translation>{title}
Tệp: {name}</translation>
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
        <source>New version of “{name}”</source>
        <translation>Phiên bản mới của “{name}”</translation>
    </message>
    <message>
        <source>Notes on this item</source>
        <translation>Ghi chú của mục này</translation>
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
        <source>Removes the document with all its versions</source>
        <translation>Gỡ tài liệu cùng tất cả các phiên bản</translation>
    </message>
    <message>
        <source>New version…</source>
        <translation>Phiên bản mới…</translation>
    </message>
    <message>
        <source>Replace the document with a new version; the old version and the notes on it stay readable, and notes are carried to the new version</source>
        <translation>Thay tài liệu bằng phiên bản mới; phiên bản cũ và ghi chú trên đó vẫn đọc được, ghi chú được chuyển sang phiên bản mới</translation>
    </message>
    <message>
        <source>Save notes</source>
        <translation>Lưu ghi chú</translation>
    </message>
    <message>
        <source>Save title</source>
        <translation>Lưu tên</translation>
    </message>
    <message>
        <source>The title participants see for this document; leave empty to use the PDF&apos;s own title or its file name</source>
        <translation>Tên tài liệu mà đại biểu nhìn thấy; để trống thì dùng tiêu đề trong tệp PDF hoặc tên tệp</translation>
    </message>
    <message>
        <source>Document title</source>
        <translation>Tên tài liệu</translation>
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
        <source>Opening it took too long, so it was stopped; it may be damaged or far too complex. None of its pages can be shown.</source>
        <translation>Việc mở tài liệu mất quá nhiều thời gian nên đã bị dừng; tài liệu có thể bị hỏng hoặc quá phức tạp. Không thể hiển thị trang nào của tài liệu.</translation>
    </message>
    <message>
        <source>It could not be opened safely (it may be damaged or hostile). None of its pages can be shown.</source>
        <translation>Không thể mở tài liệu một cách an toàn (tài liệu có thể bị hỏng hoặc chứa nội dung độc hại). Không thể hiển thị trang nào của tài liệu.</translation>
    </message>
    <message>
        <source>Opening the document…</source>
        <translation>Đang mở tài liệu…</translation>
    </message>
    <message>
        <source>{name} – version {version}</source>
        <translation>{name} – phiên bản {version}</translation>
    </message>
    <message>
        <source>The password is not correct. Please try again.</source>
        <translation>Mật khẩu không đúng. Vui lòng nhập lại.</translation>
    </message>
    <message>
        <source>This document is protected by a password. Enter it to read.</source>
        <translation>Tài liệu này được bảo vệ bằng mật khẩu. Hãy nhập mật khẩu để đọc.</translation>
    </message>
    <message>
        <source>It took too long to draw and was stopped; it may be damaged.</source>
        <translation>Trang vẽ quá lâu nên đã bị dừng; trang có thể bị hỏng.</translation>
    </message>
    <message>
        <source>Drawing it stopped the renderer; it may be damaged.</source>
        <translation>Khi vẽ trang này, bộ hiển thị đã bị dừng; trang có thể bị hỏng.</translation>
    </message>
    <message>
        <source>It needs more memory than is allowed.</source>
        <translation>Trang cần nhiều bộ nhớ hơn mức cho phép.</translation>
    </message>
    <message>
        <source>It may be damaged.</source>
        <translation>Trang có thể bị hỏng.</translation>
    </message>
    <message>
        <source>Show or hide page thumbnails and the outline</source>
        <translation>Hiện hoặc ẩn hình thu nhỏ các trang và mục lục</translation>
    </message>
    <message>
        <source>Back (Alt+Left)</source>
        <translation>Quay lại (Alt+Trái)</translation>
    </message>
    <message>
        <source>Forward (Alt+Right)</source>
        <translation>Tiến tới (Alt+Phải)</translation>
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
        <source>Type a page number and press Enter</source>
        <translation>Nhập số trang rồi nhấn Enter</translation>
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
    <message>
        <source>Show the whole page</source>
        <translation>Hiện trọn trang</translation>
    </message>
    <message>
        <source>Rotate the view</source>
        <translation>Xoay trang</translation>
    </message>
    <message>
        <source>One page at a time (presentation, F5)</source>
        <translation>Từng trang một (trình chiếu, F5)</translation>
    </message>
    <message>
        <source>Night reading (light text on dark)</source>
        <translation>Đọc ban đêm (chữ sáng trên nền tối)</translation>
    </message>
    <message>
        <source>Find text (Ctrl+F)</source>
        <translation>Tìm chữ (Ctrl+F)</translation>
    </message>
    <message>
        <source>View: whole page, rotate, one page at a time, night</source>
        <translation>Hiển thị: cả trang, xoay trang, từng trang một, đọc ban đêm</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>Thu phóng</translation>
    </message>
    <message>
        <source>Password of the PDF</source>
        <translation>Mật khẩu của tệp PDF</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Mở</translation>
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
    <name>HelpWindow</name>
    <message>
        <source>The user guide is missing from this installation ({name}).</source>
        <translation>Bản cài đặt này thiếu hướng dẫn sử dụng ({name}).</translation>
    </message>
    <message>
        <source>User guide</source>
        <translation>Hướng dẫn sử dụng</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
</context>
<context>
    <name>LiveConsole</name>
    <message>
        <source>Close the open vote before ending the meeting.</source>
        <translation>Hãy kết thúc biểu quyết đang diễn ra trước khi bế mạc phiên họp.</translation>
    </message>
    <message>
        <source>Nobody can check in, ask to speak or vote afterwards, and the meeting cannot be resumed.</source>
        <translation>Sau đó không ai có thể điểm danh, đăng ký phát biểu hay biểu quyết, và không thể tiếp tục phiên họp.</translation>
    </message>
    <message numerus="yes">
        <source>The %n request(s) to speak still waiting are dropped.</source>
        <translation>
            <numerusform>%n lượt đăng ký phát biểu đang chờ sẽ bị hủy.</numerusform>
        </translation>
    </message>
    <message>
        <source>End the meeting “{title}” now?</source>
        <translation>Bế mạc phiên họp “{title}” ngay bây giờ?</translation>
    </message>
    <message>
        <source>End the meeting</source>
        <translation>Bế mạc phiên họp</translation>
    </message>
    <message>
        <source>Continue the meeting</source>
        <translation>Tiếp tục phiên họp</translation>
    </message>
    <message>
        <source>Resume (F5)</source>
        <translation>Tiếp tục (F5)</translation>
    </message>
    <message>
        <source>Start (F5)</source>
        <translation>Khai mạc (F5)</translation>
    </message>
    <message>
        <source>Pause (F6)</source>
        <translation>Tạm dừng (F6)</translation>
    </message>
    <message>
        <source>End the meeting…</source>
        <translation>Bế mạc phiên họp…</translation>
    </message>
    <message>
        <source>Set as current item</source>
        <translation>Chuyển sang nội dung này</translation>
    </message>
    <message>
        <source>Item:</source>
        <translation>Nội dung:</translation>
    </message>
    <message>
        <source>Attendance</source>
        <translation>Điểm danh</translation>
    </message>
    <message>
        <source>Speakers</source>
        <translation>Phát biểu</translation>
    </message>
    <message>
        <source>Polls</source>
        <translation>Biểu quyết</translation>
    </message>
</context>
<context>
    <name>LiveHeader</name>
    <message>
        <source>Current item: {title}</source>
        <translation>Nội dung đang thảo luận: {title}</translation>
    </message>
    <message>
        <source>No current item</source>
        <translation>Chưa chọn nội dung thảo luận</translation>
    </message>
    <message>
        <source>{present} present + {proxies} by proxy / {total}</source>
        <translation>{present} có mặt + {proxies} ủy quyền / {total}</translation>
    </message>
    <message>
        <source>QUORUM MET</source>
        <translation>ĐỦ TÚC SỐ</translation>
    </message>
    <message>
        <source>NO QUORUM</source>
        <translation>CHƯA ĐỦ TÚC SỐ</translation>
    </message>
    <message>
        <source>needs {count}</source>
        <translation>cần {count}</translation>
    </message>
    <message>
        <source>{figure} · as of {time}</source>
        <translation>{figure} · tính đến {time}</translation>
    </message>
    <message>
        <source>as of {time}</source>
        <translation>tính đến {time}</translation>
    </message>
    <message>
        <source>Voting: {title} – {done}/{total} have voted</source>
        <translation>Biểu quyết: {title} – {done}/{total} đã bỏ phiếu</translation>
    </message>
    <message>
        <source>Nobody has the floor</source>
        <translation>Chưa có đại biểu phát biểu</translation>
    </message>
    <message>
        <source>Speaking: {name}</source>
        <translation>Đang phát biểu: {name}</translation>
    </message>
    <message>
        <source>{time} left</source>
        <translation>còn {time}</translation>
    </message>
    <message>
        <source>over by {time}</source>
        <translation>quá giờ {time}</translation>
    </message>
</context>
<context>
    <name>LivePane</name>
    <message>
        <source>End “{title}” without opening its ballot box?</source>
        <translation>Kết thúc “{title}” mà không mở hòm phiếu?</translation>
    </message>
    <message>
        <source>No result will be published, and the sealed ballots are erased for good. Do this only when too few trustees can release their key share.</source>
        <translation>Sẽ không có kết quả nào được công bố và các phiếu niêm phong bị xóa vĩnh viễn. Chỉ làm việc này khi không đủ người giữ khóa có thể trao phần khóa của mình.</translation>
    </message>
    <message>
        <source>End without opening</source>
        <translation>Kết thúc mà không mở</translation>
    </message>
    <message>
        <source>Keep waiting</source>
        <translation>Tiếp tục chờ</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Please fill in the server address, username and password.</source>
        <translation>Vui lòng nhập đủ địa chỉ máy chủ, tên đăng nhập và mật khẩu.</translation>
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
        <source>“{address}” is not a valid server address. Write it as the server&apos;s address and port, for example 192.168.1.10:8765 or wss://phonghop.local:8765.</source>
        <translation>“{address}” không phải là địa chỉ máy chủ hợp lệ. Hãy viết địa chỉ và cổng của máy chủ, ví dụ 192.168.1.10:8765 hoặc wss://phonghop.local:8765.</translation>
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
        <source>&amp;Agenda</source>
        <translation>&amp;Chương trình</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Trợ giúp</translation>
    </message>
    <message>
        <source>User guide</source>
        <translation>Hướng dẫn sử dụng</translation>
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
        <source>Participants</source>
        <translation>Thành phần tham dự</translation>
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
    <name>MeetingTabs</name>
    <message>
        <source>Live</source>
        <translation>Phiên họp</translation>
    </message>
    <message>
        <source>Agenda and documents</source>
        <translation>Chương trình và tài liệu</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>Biên bản</translation>
    </message>
</context>
<context>
    <name>MeetingsPanel</name>
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
        <source>Style:</source>
        <translation>Kiểu đoạn:</translation>
    </message>
    <message>
        <source>Text of the minutes</source>
        <translation>Nội dung biên bản</translation>
    </message>
    <message>
        <source>Tab indents a list; Ctrl+Tab moves on to the next control.</source>
        <translation>Phím Tab thụt lề danh sách; Ctrl+Tab chuyển sang điều khiển tiếp theo.</translation>
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
        <source>Finalise the minutes now?</source>
        <translation>Hoàn tất biên bản ngay bây giờ?</translation>
    </message>
    <message>
        <source>The text is frozen for good and the PDF for signing is produced; nobody can edit the minutes afterwards.</source>
        <translation>Nội dung được cố định vĩnh viễn và tệp PDF để ký được tạo; sau đó không ai có thể sửa biên bản nữa.</translation>
    </message>
    <message>
        <source>Finalise the minutes</source>
        <translation>Hoàn tất biên bản</translation>
    </message>
    <message>
        <source>Not yet</source>
        <translation>Chưa hoàn tất</translation>
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
        <source>Comment on this version</source>
        <translation>Ghi chú cho phiên bản này</translation>
    </message>
    <message>
        <source>What should the secretary change?</source>
        <translation>Thư ký cần sửa những gì?</translation>
    </message>
    <message>
        <source>Comment for the secretary</source>
        <translation>Ý kiến gửi thư ký</translation>
    </message>
    <message>
        <source>Return to the secretary</source>
        <translation>Trả lại Thư ký</translation>
    </message>
</context>
<context>
    <name>NoteMenu</name>
    <message>
        <source>Edit text…</source>
        <translation>Sửa nội dung…</translation>
    </message>
    <message>
        <source>Delete note</source>
        <translation>Xóa ghi chú</translation>
    </message>
</context>
<context>
    <name>NoteTextEditor</name>
    <message>
        <source>Write your note (Ctrl+Enter saves)</source>
        <translation>Viết ghi chú (Ctrl+Enter để lưu)</translation>
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
    <name>NotesController</name>
    <message>
        <source>A note could not be saved: {reason}</source>
        <translation>Không lưu được ghi chú: {reason}</translation>
    </message>
</context>
<context>
    <name>NotesExporter</name>
    <message>
        <source>notes summary</source>
        <translation>tóm tắt ghi chú</translation>
    </message>
    <message>
        <source>with my notes</source>
        <translation>kèm ghi chú của tôi</translation>
    </message>
    <message>
        <source>Notes summary (PDF)</source>
        <translation>Tóm tắt ghi chú (PDF)</translation>
    </message>
    <message>
        <source>Export with my notes</source>
        <translation>Xuất kèm ghi chú của tôi</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Tài liệu PDF (*.pdf)</translation>
    </message>
</context>
<context>
    <name>NotesOutput</name>
    <message>
        <source>Exporting…</source>
        <translation>Đang xuất…</translation>
    </message>
    <message>
        <source>The export failed: {reason}</source>
        <translation>Xuất không thành công: {reason}</translation>
    </message>
    <message>
        <source>Writing the notes summary…</source>
        <translation>Đang ghi bản tóm tắt ghi chú…</translation>
    </message>
    <message>
        <source>The notes summary could not be written: {reason}</source>
        <translation>Không ghi được bản tóm tắt ghi chú: {reason}</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Ghi chú</translation>
    </message>
    <message numerus="yes">
        <source>%n note(s)</source>
        <translation>
            <numerusform>%n ghi chú</numerusform>
        </translation>
    </message>
    <message>
        <source>Page {n}</source>
        <translation>Trang {n}</translation>
    </message>
    <message>
        <source>Page {n}/{total}</source>
        <translation>Trang {n}/{total}</translation>
    </message>
    <message>
        <source>shared with the meeting</source>
        <translation>chia sẻ với cuộc họp</translation>
    </message>
    <message>
        <source>No notes.</source>
        <translation>Không có ghi chú.</translation>
    </message>
    <message>
        <source>Pen</source>
        <translation>Nét bút</translation>
    </message>
    <message>
        <source>Marker</source>
        <translation>Bút dạ quang</translation>
    </message>
    <message>
        <source>Highlight</source>
        <translation>Đánh dấu văn bản</translation>
    </message>
    <message>
        <source>Sticky note</source>
        <translation>Ghi chú dán</translation>
    </message>
    <message>
        <source>Text box</source>
        <translation>Hộp văn bản</translation>
    </message>
    <message>
        <source>Written to {path}</source>
        <translation>Đã ghi vào {path}</translation>
    </message>
</context>
<context>
    <name>NotesPanel</name>
    <message>
        <source>Notes on this document</source>
        <translation>Ghi chú trên tài liệu này</translation>
    </message>
    <message>
        <source>Double-click to edit; “Share with the meeting…” below lets others see it</source>
        <translation>Nhấp đúp để sửa; nút “Chia sẻ với cuộc họp…” bên dưới cho người khác cùng xem</translation>
    </message>
    <message>
        <source>Pen</source>
        <translation>Bút</translation>
    </message>
    <message>
        <source>Marker</source>
        <translation>Bút dạ quang</translation>
    </message>
    <message>
        <source>Highlight</source>
        <translation>Tô sáng</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Chữ</translation>
    </message>
    <message>
        <source>Page {page} · {kind}</source>
        <translation>Trang {page} · {kind}</translation>
    </message>
    <message>
        <source>another participant</source>
        <translation>một người tham dự khác</translation>
    </message>
    <message>
        <source>Shared by {name}</source>
        <translation>Do {name} chia sẻ</translation>
    </message>
    <message>
        <source>Shared with the meeting</source>
        <translation>Đã chia sẻ với cuộc họp</translation>
    </message>
    <message>
        <source>Private: only you see it</source>
        <translation>Riêng tư: chỉ bạn xem được</translation>
    </message>
    <message>
        <source>Stop sharing</source>
        <translation>Thôi chia sẻ</translation>
    </message>
    <message>
        <source>Share with the meeting…</source>
        <translation>Chia sẻ với cuộc họp…</translation>
    </message>
    <message>
        <source>Others in the meeting will no longer see this note</source>
        <translation>Những người khác trong cuộc họp sẽ không còn xem được ghi chú này</translation>
    </message>
    <message>
        <source>Let everyone in the meeting see this note (you will be asked first)</source>
        <translation>Cho mọi người trong cuộc họp xem ghi chú này (sẽ hỏi lại trước khi chia sẻ)</translation>
    </message>
    <message>
        <source>Share this note with the meeting? Everyone taking part in it will see it. You can stop sharing at any time.</source>
        <translation>Chia sẻ ghi chú này với cuộc họp? Mọi người tham dự sẽ xem được. Bạn có thể thôi chia sẻ bất cứ lúc nào.</translation>
    </message>
    <message numerus="yes">
        <source>{names} and %n more</source>
        <translation>
            <numerusform>{names} và %n người khác</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Share this note with the meeting? %n other participant(s) will see it: {names}. You can stop sharing at any time.</source>
        <translation>
            <numerusform>Chia sẻ ghi chú này với cuộc họp? %n người tham dự khác sẽ xem được: {names}. Bạn có thể thôi chia sẻ bất cứ lúc nào.</numerusform>
        </translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Chia sẻ</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Ghi chú</translation>
    </message>
</context>
<context>
    <name>NotesToolbar</name>
    <message>
        <source>Read</source>
        <translation>Đọc</translation>
    </message>
    <message>
        <source>Read and select text</source>
        <translation>Đọc và chọn văn bản</translation>
    </message>
    <message>
        <source>Select</source>
        <translation>Chọn</translation>
    </message>
    <message>
        <source>Drag your sticky notes and text boxes; double-click to edit, right-click for more</source>
        <translation>Kéo để di chuyển ghi chú dán và hộp văn bản của bạn; nhấp đúp để sửa, nhấp chuột phải để xem thêm</translation>
    </message>
    <message>
        <source>Pen</source>
        <translation>Bút</translation>
    </message>
    <message>
        <source>Write with the pen</source>
        <translation>Viết bằng bút</translation>
    </message>
    <message>
        <source>Marker</source>
        <translation>Bút dạ quang</translation>
    </message>
    <message>
        <source>Mark with the highlighter</source>
        <translation>Đánh dấu bằng bút dạ quang</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>Tap the page to add a sticky note</source>
        <translation>Chạm vào trang để thêm ghi chú dán</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Chữ</translation>
    </message>
    <message>
        <source>Tap the page to write a text box</source>
        <translation>Chạm vào trang để viết ô chữ</translation>
    </message>
    <message>
        <source>Eraser</source>
        <translation>Tẩy</translation>
    </message>
    <message>
        <source>Tap a stroke to erase it</source>
        <translation>Chạm vào nét vẽ để xóa</translation>
    </message>
    <message>
        <source>Highlight</source>
        <translation>Tô sáng</translation>
    </message>
    <message>
        <source>Highlight the selected text</source>
        <translation>Tô sáng đoạn văn bản đã chọn</translation>
    </message>
    <message>
        <source>Tool: {name}</source>
        <translation>Công cụ: {name}</translation>
    </message>
    <message>
        <source>Colour: {name}</source>
        <translation>Màu: {name}</translation>
    </message>
    <message>
        <source>Blue</source>
        <translation>Xanh dương</translation>
    </message>
    <message>
        <source>Red</source>
        <translation>Đỏ</translation>
    </message>
    <message>
        <source>Green</source>
        <translation>Xanh lá</translation>
    </message>
    <message>
        <source>Yellow</source>
        <translation>Vàng</translation>
    </message>
    <message>
        <source>Black</source>
        <translation>Đen</translation>
    </message>
    <message>
        <source>Thin</source>
        <translation>Mảnh</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Vừa</translation>
    </message>
    <message>
        <source>Thick</source>
        <translation>Đậm</translation>
    </message>
    <message>
        <source>Line: {width}</source>
        <translation>Nét: {width}</translation>
    </message>
    <message>
        <source>Line width</source>
        <translation>Độ dày nét</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Hoàn tác</translation>
    </message>
    <message>
        <source>Undo the last note change (Ctrl+Z)</source>
        <translation>Hoàn tác thay đổi ghi chú gần nhất (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Làm lại</translation>
    </message>
    <message>
        <source>Redo (Ctrl+Y)</source>
        <translation>Làm lại (Ctrl+Y)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Xuất tệp</translation>
    </message>
    <message>
        <source>Save a copy with your notes, or a summary of the notes</source>
        <translation>Lưu bản sao kèm ghi chú của bạn, hoặc bản tóm tắt ghi chú</translation>
    </message>
    <message>
        <source>Export with my notes…</source>
        <translation>Xuất kèm ghi chú của tôi…</translation>
    </message>
    <message>
        <source>Save a copy of the document with your notes in it</source>
        <translation>Lưu một bản sao tài liệu có kèm ghi chú của bạn</translation>
    </message>
    <message>
        <source>Notes summary (PDF)…</source>
        <translation>Tóm tắt ghi chú (PDF)…</translation>
    </message>
    <message>
        <source>Save a PDF listing the notes on this document: page, quoted text and note</source>
        <translation>Lưu tệp PDF liệt kê các ghi chú trên tài liệu này: trang, đoạn trích dẫn và nội dung ghi chú</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <source>Vote open: {title} – you have not voted</source>
        <translation>Đang biểu quyết: {title} – bạn chưa bỏ phiếu</translation>
    </message>
</context>
<context>
    <name>PollDialog</name>
    <message>
        <source>New poll</source>
        <translation>Lần biểu quyết mới</translation>
    </message>
    <message>
        <source>The question</source>
        <translation>Nội dung biểu quyết</translation>
    </message>
    <message>
        <source>How it is counted</source>
        <translation>Cách kiểm phiếu</translation>
    </message>
    <message>
        <source>Quorum and changes</source>
        <translation>Túc số và thay đổi phiếu</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Nội dung biểu quyết</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Hình thức</translation>
    </message>
    <message>
        <source>Options (one per line)</source>
        <translation>Phương án (mỗi dòng một phương án)</translation>
    </message>
    <message>
        <source>Seats</source>
        <translation>Số người được bầu</translation>
    </message>
    <message>
        <source>Abstain option</source>
        <translation>Không biểu quyết</translation>
    </message>
    <message>
        <source>Each voter chooses</source>
        <translation>Mỗi người chọn</translation>
    </message>
    <message>
        <source>Ballot</source>
        <translation>Loại phiếu</translation>
    </message>
    <message>
        <source>Majority needed</source>
        <translation>Tỷ lệ cần đạt</translation>
    </message>
    <message>
        <source>Custom fraction</source>
        <translation>Tỷ lệ khác</translation>
    </message>
    <message>
        <source>Abstentions</source>
        <translation>Phiếu không biểu quyết</translation>
    </message>
    <message>
        <source>Quorum</source>
        <translation>Túc số</translation>
    </message>
    <message>
        <source>At least present</source>
        <translation>Có mặt ít nhất</translation>
    </message>
    <message>
        <source>to</source>
        <translation>đến</translation>
    </message>
    <message>
        <source>Create the poll</source>
        <translation>Tạo biểu quyết</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>e.g. Approve the 2027 budget</source>
        <translation>Ví dụ: Thông qua dự toán ngân sách năm 2027</translation>
    </message>
    <message>
        <source>Motion: in favour / against / abstain</source>
        <translation>Biểu quyết: tán thành / không tán thành / không biểu quyết</translation>
    </message>
    <message>
        <source>Choice between options</source>
        <translation>Lựa chọn giữa các phương án</translation>
    </message>
    <message>
        <source>Election of candidates</source>
        <translation>Bầu cử</translation>
    </message>
    <message>
        <source>Secret ballot</source>
        <translation>Bỏ phiếu kín</translation>
    </message>
    <message>
        <source>Named (recorded per voter)</source>
        <translation>Biểu quyết công khai (ghi nhận từng người)</translation>
    </message>
    <message>
        <source>More than half of the votes cast</source>
        <translation>Quá 1/2 số phiếu biểu quyết</translation>
    </message>
    <message>
        <source>More than half of the members present</source>
        <translation>Quá 1/2 số đại biểu có mặt</translation>
    </message>
    <message>
        <source>More than half of all members</source>
        <translation>Quá 1/2 tổng số thành viên</translation>
    </message>
    <message>
        <source>At least two thirds of the members present</source>
        <translation>Ít nhất 2/3 số đại biểu có mặt</translation>
    </message>
    <message>
        <source>At least three quarters of the members present</source>
        <translation>Ít nhất 3/4 số đại biểu có mặt</translation>
    </message>
    <message>
        <source>Custom fraction of the members present</source>
        <translation>Tỷ lệ khác của số đại biểu có mặt</translation>
    </message>
    <message>
        <source>Offer &quot;abstain&quot;</source>
        <translation>Có phương án &quot;Không biểu quyết&quot;</translation>
    </message>
    <message>
        <source>Count them in the votes cast</source>
        <translation>Tính vào số phiếu biểu quyết</translation>
    </message>
    <message>
        <source>Count abstentions and blank ballots in the votes cast</source>
        <translation>Tính phiếu không biểu quyết và phiếu trắng vào số phiếu biểu quyết</translation>
    </message>
    <message>
        <source>Require the meeting&apos;s quorum</source>
        <translation>Yêu cầu túc số của phiên họp</translation>
    </message>
    <message>
        <source>The meeting&apos;s quorum: {rule}</source>
        <translation>Túc số của phiên họp: {rule}</translation>
    </message>
    <message>
        <source>none is set</source>
        <translation>chưa đặt</translation>
    </message>
    <message>
        <source>Custom fraction: denominator</source>
        <translation>Tỷ lệ tùy chỉnh: mẫu số</translation>
    </message>
    <message>
        <source>Voting members who must be present or represented, whatever the fraction says</source>
        <translation>Số thành viên có quyền biểu quyết phải có mặt hoặc được ủy quyền, bất kể tỷ lệ</translation>
    </message>
    <message>
        <source>Voters may change their vote until the poll closes</source>
        <translation>Cho phép thay đổi lựa chọn đến khi kết thúc biểu quyết</translation>
    </message>
    <message>
        <source>In favour</source>
        <translation>Tán thành</translation>
    </message>
    <message>
        <source>Against</source>
        <translation>Không tán thành</translation>
    </message>
    <message>
        <source>Abstain</source>
        <translation>Không biểu quyết</translation>
    </message>
</context>
<context>
    <name>PollExporter</name>
    <message>
        <source>Export the result to which folder?</source>
        <translation>Xuất kết quả vào thư mục nào?</translation>
    </message>
</context>
<context>
    <name>PollList</name>
    <message>
        <source>{done}/{total} have voted</source>
        <translation>{done}/{total} đã bỏ phiếu</translation>
    </message>
    <message numerus="yes">
        <source>%n of {total} have not voted yet. Once the vote is closed they can no longer vote, and the result is counted and shown to everyone.</source>
        <translation>
            <numerusform>%n trong số {total} người chưa bỏ phiếu. Khi kết thúc biểu quyết, những người này không thể bỏ phiếu nữa; kết quả được kiểm và công bố cho mọi người.</numerusform>
        </translation>
    </message>
    <message>
        <source>Everyone has voted. The result is counted and shown to everyone.</source>
        <translation>Mọi người đã bỏ phiếu. Kết quả được kiểm và công bố cho mọi người.</translation>
    </message>
    <message>
        <source>Close the vote on “{title}” now?</source>
        <translation>Kết thúc biểu quyết “{title}” ngay bây giờ?</translation>
    </message>
    <message>
        <source>Close the vote</source>
        <translation>Kết thúc biểu quyết</translation>
    </message>
    <message>
        <source>Keep voting open</source>
        <translation>Tiếp tục biểu quyết</translation>
    </message>
    <message numerus="yes">
        <source>The %n ballot(s) cast so far are deleted unread and no result is recorded. This cannot be undone.</source>
        <translation>
            <numerusform>%n phiếu đã bỏ sẽ bị xóa mà không kiểm và không có kết quả nào được ghi nhận. Không thể hoàn tác.</numerusform>
        </translation>
    </message>
    <message>
        <source>The poll is withdrawn and can no longer be opened.</source>
        <translation>Biểu quyết bị hủy và không thể mở lại.</translation>
    </message>
    <message>
        <source>Cancel the poll “{title}”?</source>
        <translation>Hủy biểu quyết “{title}”?</translation>
    </message>
    <message>
        <source>Cancel the poll</source>
        <translation>Hủy biểu quyết</translation>
    </message>
    <message>
        <source>Keep the poll</source>
        <translation>Giữ biểu quyết</translation>
    </message>
    <message>
        <source>Polls</source>
        <translation>Biểu quyết</translation>
    </message>
    <message>
        <source>New poll… (Ctrl+Shift+V)</source>
        <translation>Biểu quyết mới… (Ctrl+Shift+V)</translation>
    </message>
    <message>
        <source>Open voting (F7)</source>
        <translation>Bắt đầu biểu quyết (F7)</translation>
    </message>
    <message>
        <source>Close voting… (F8)</source>
        <translation>Kết thúc biểu quyết… (F8)</translation>
    </message>
    <message>
        <source>Cancel poll…</source>
        <translation>Hủy biểu quyết…</translation>
    </message>
</context>
<context>
    <name>PresenterLink</name>
    <message>
        <source>Present this page</source>
        <translation>Trình chiếu trang này</translation>
    </message>
</context>
<context>
    <name>ReaderDownload</name>
    <message>
        <source>Downloading… {percent} %</source>
        <translation>Đang tải… {percent} %</translation>
    </message>
    <message>
        <source>This document is protected by a password. You can enter it when the download is complete ({percent} %).</source>
        <translation>Tài liệu này được bảo vệ bằng mật khẩu. Bạn có thể nhập mật khẩu khi tải xong ({percent} %).</translation>
    </message>
    <message>
        <source>Still downloading ({percent} %): pages appear as they arrive. Notes can be added once the whole document has arrived and been checked.</source>
        <translation>Đang tải ({percent} %): các trang sẽ hiện ra khi tải về. Bạn có thể ghi chú khi toàn bộ tài liệu đã tải xong và được kiểm tra.</translation>
    </message>
    <message>
        <source>Still downloading ({percent} %). The document opens as soon as its first pages have arrived.</source>
        <translation>Đang tải ({percent} %). Tài liệu sẽ mở ngay khi những trang đầu tiên đã tải về.</translation>
    </message>
    <message>
        <source>The downloaded document did not match its fingerprint (SHA-256) and was discarded.</source>
        <translation>Tài liệu tải về không khớp với dấu vân tay (SHA-256) và đã bị loại bỏ.</translation>
    </message>
    <message>
        <source>The document could not be downloaded.</source>
        <translation>Không tải được tài liệu.</translation>
    </message>
    <message>
        <source>It is being downloaded again.</source>
        <translation>Tài liệu đang được tải lại.</translation>
    </message>
    <message>
        <source>Close this window and try again later.</source>
        <translation>Hãy đóng cửa sổ này và thử lại sau.</translation>
    </message>
</context>
<context>
    <name>ReaderSidebar</name>
    <message>
        <source>Pages</source>
        <translation>Các trang</translation>
    </message>
    <message>
        <source>Outline</source>
        <translation>Mục lục</translation>
    </message>
    <message>
        <source>Page thumbnails</source>
        <translation>Hình thu nhỏ các trang</translation>
    </message>
</context>
<context>
    <name>ResultPanel</name>
    <message>
        <source>The poll is not closed yet.</source>
        <translation>Biểu quyết chưa kết thúc.</translation>
    </message>
    <message>
        <source>A receipt code appears twice in the record.</source>
        <translation>Một mã biên nhận xuất hiện hai lần trong biên bản kiểm phiếu.</translation>
    </message>
    <message>
        <source>A receipt code in the record is malformed.</source>
        <translation>Một mã biên nhận trong biên bản kiểm phiếu không hợp lệ.</translation>
    </message>
    <message>
        <source>The list of named votes does not match the ballots.</source>
        <translation>Danh sách biểu quyết công khai không khớp với các phiếu.</translation>
    </message>
    <message>
        <source>The named votes differ from the ballots.</source>
        <translation>Lựa chọn trong danh sách công khai khác với các phiếu.</translation>
    </message>
    <message>
        <source>Counting the published ballots again gives another result than the one announced.</source>
        <translation>Kiểm lại các phiếu đã công bố cho kết quả khác với kết quả đã công bố.</translation>
    </message>
    <message>
        <source>Your receipt code is not in the record.</source>
        <translation>Mã biên nhận của bạn không có trong biên bản kiểm phiếu.</translation>
    </message>
    <message>
        <source>Your ballot is recorded with other choices than you made.</source>
        <translation>Phiếu của bạn được ghi nhận với lựa chọn khác với lựa chọn của bạn.</translation>
    </message>
    <message>
        <source>The number of ballots differs from the number of voters.</source>
        <translation>Số phiếu khác với số người đã bỏ phiếu.</translation>
    </message>
    <message>
        <source>The ballots in the record cannot be counted.</source>
        <translation>Không thể kiểm các phiếu trong biên bản kiểm phiếu.</translation>
    </message>
    <message>
        <source>Result: {title}</source>
        <translation>Kết quả: {title}</translation>
    </message>
    <message>
        <source>Rule: {rule}</source>
        <translation>Điều kiện thông qua: {rule}</translation>
    </message>
    <message>
        <source>{done} ballots cast; {present} of {total} members present</source>
        <translation>{done} phiếu đã bỏ; {present}/{total} thành viên có mặt</translation>
    </message>
    <message>
        <source>needed: {count} ({threshold})</source>
        <translation>cần: {count} ({threshold})</translation>
    </message>
    <message>
        <source>Fetching the published record…</source>
        <translation>Đang tải biên bản kiểm phiếu…</translation>
    </message>
    <message>
        <source>Writing the PDF and CSV files…</source>
        <translation>Đang ghi tệp PDF và CSV…</translation>
    </message>
    <message>
        <source>Saved in {folder}: {files}</source>
        <translation>Đã lưu vào {folder}: {files}</translation>
    </message>
    <message>
        <source>Checked: the {count} published ballots give the announced result.</source>
        <translation>Đã kiểm tra: {count} phiếu được công bố cho đúng kết quả đã công bố.</translation>
    </message>
    <message>
        <source>Your ballot is in the record as you cast it.</source>
        <translation>Phiếu của bạn có trong biên bản đúng như bạn đã bỏ.</translation>
    </message>
    <message>
        <source>The check found problems:</source>
        <translation>Kiểm tra phát hiện sai lệch:</translation>
    </message>
    <message>
        <source>Check the count</source>
        <translation>Kiểm tra kết quả</translation>
    </message>
    <message>
        <source>Export the result (PDF, CSV)…</source>
        <translation>Xuất kết quả (PDF, CSV)…</translation>
    </message>
    <message>
        <source>The member or attendance lists do not match the published counts.</source>
        <translation>Danh sách thành viên hoặc danh sách có mặt không khớp với số đã công bố.</translation>
    </message>
    <message>
        <source>The list of voters does not match the members who voted.</source>
        <translation>Danh sách người bỏ phiếu không khớp với các thành viên đã bỏ phiếu.</translation>
    </message>
    <message>
        <source>A named vote does not match its sealed ballot.</source>
        <translation>Một phiếu công khai không khớp với phiếu đã niêm phong.</translation>
    </message>
    <message>
        <source>The record of a secret poll names who voted what.</source>
        <translation>Bản ghi của cuộc bỏ phiếu kín lại nêu ai chọn gì.</translation>
    </message>
    <message>
        <source>This record is from an older version: the member counts and who voted what could not be checked.</source>
        <translation>Bản ghi này thuộc phiên bản cũ: không kiểm tra được số thành viên và ai chọn gì.</translation>
    </message>
</context>
<context>
    <name>SearchBar</name>
    <message>
        <source>Find in the document</source>
        <translation>Tìm trong tài liệu</translation>
    </message>
    <message>
        <source>Tone marks and capitals are ignored: “ngan sach” finds “ngân sách”</source>
        <translation>Không phân biệt dấu và chữ hoa: gõ “ngan sach” vẫn tìm được “ngân sách”</translation>
    </message>
    <message>
        <source>Exact</source>
        <translation>Khớp chính xác</translation>
    </message>
    <message>
        <source>Match tone marks and capitals exactly as typed</source>
        <translation>Phân biệt dấu và chữ hoa đúng như đã gõ</translation>
    </message>
    <message>
        <source>Previous match</source>
        <translation>Kết quả trước</translation>
    </message>
    <message>
        <source>Next match</source>
        <translation>Kết quả tiếp theo</translation>
    </message>
    <message>
        <source>Close the search</source>
        <translation>Đóng tìm kiếm</translation>
    </message>
    <message>
        <source>Previous match (Shift+Enter)</source>
        <translation>Kết quả trước (Shift+Enter)</translation>
    </message>
    <message>
        <source>Next match (Enter, F3)</source>
        <translation>Kết quả sau (Enter, F3)</translation>
    </message>
    <message>
        <source>Close the search (Esc)</source>
        <translation>Đóng tìm kiếm (Esc)</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Đang tìm…</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Không tìm thấy</translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done} / {total}</translation>
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
    <name>SpeakersPanel</name>
    <message>
        <source>Speakers list</source>
        <translation>Danh sách đăng ký phát biểu</translation>
    </message>
    <message>
        <source>Give the floor to the next (F9)</source>
        <translation>Mời người tiếp theo phát biểu (F9)</translation>
    </message>
    <message>
        <source>Give the floor to the selected</source>
        <translation>Mời người được chọn phát biểu</translation>
    </message>
    <message>
        <source>End the turn (F10)</source>
        <translation>Kết thúc lượt phát biểu (F10)</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Lên trên</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Xuống dưới</translation>
    </message>
    <message>
        <source>Remove from the list</source>
        <translation>Xóa khỏi danh sách</translation>
    </message>
    <message>
        <source>Speaking time (minutes, 0 = no limit)</source>
        <translation>Thời gian phát biểu (phút, 0 = không giới hạn)</translation>
    </message>
</context>
<context>
    <name>StaleBar</name>
    <message>
        <source>Reconnect now</source>
        <translation>Kết nối lại ngay</translation>
    </message>
    <message>
        <source>Not connected to the server. The figures below are as of {time} and may have changed since.</source>
        <translation>Chưa kết nối được với máy chủ. Các số liệu dưới đây tính đến {time} và có thể đã thay đổi.</translation>
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
        <source>Finalised – waiting for signatures</source>
        <translation>Đã hoàn tất – chờ ký</translation>
    </message>
    <message>
        <source>Signed by the secretary and the chair</source>
        <translation>Thư ký và Chủ tọa đã ký</translation>
    </message>
    <message>
        <source>Signed by the secretary</source>
        <translation>Thư ký đã ký</translation>
    </message>
    <message>
        <source>The text can no longer change. The secretary and the chair now sign the PDF; only then are the minutes official.</source>
        <translation>Nội dung không thể thay đổi nữa. Thư ký và Chủ tọa ký vào tệp PDF; chỉ khi đó biên bản mới là văn bản chính thức.</translation>
    </message>
    <message>
        <source>The text can no longer change. The minutes become official when the secretary has signed the PDF.</source>
        <translation>Nội dung không thể thay đổi nữa. Biên bản trở thành văn bản chính thức khi Thư ký đã ký vào tệp PDF.</translation>
    </message>
    <message>
        <source>The minutes are not official yet: they become the official record when every required signature is there.</source>
        <translation>Biên bản chưa phải là văn bản chính thức: chỉ trở thành văn bản chính thức khi có đủ các chữ ký cần thiết.</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>Đã ký</translation>
    </message>
    <message>
        <source>The secretary has signed · waiting for the chair to sign</source>
        <translation>Thư ký đã ký · chờ Chủ tọa ký</translation>
    </message>
    <message>
        <source>The chair has signed · waiting for the secretary to sign</source>
        <translation>Chủ tọa đã ký · chờ Thư ký ký</translation>
    </message>
    <message>
        <source>Signed in part · waiting for more signatures</source>
        <translation>Đã ký một phần · chờ các chữ ký còn lại</translation>
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
        <source>The signed minutes are the official record. More signatures may still be added.</source>
        <translation>Biên bản đã ký là văn bản chính thức. Vẫn có thể ký bổ sung.</translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message>
        <source>Reconnect now</source>
        <translation>Kết nối lại ngay</translation>
    </message>
    <message>
        <source>quorum met</source>
        <translation>đủ túc số</translation>
    </message>
    <message>
        <source>no quorum ({needed} needed)</source>
        <translation>chưa đủ túc số (cần {needed})</translation>
    </message>
    <message>
        <source>{phase} · {here}/{members} present · {quorum}</source>
        <translation>{phase} · {here}/{members} có mặt · {quorum}</translation>
    </message>
    <message>
        <source>as of {time}</source>
        <translation>tính đến {time}</translation>
    </message>
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
    <name>TextSizeMenu</name>
    <message>
        <source>Text size</source>
        <translation>Cỡ chữ</translation>
    </message>
    <message>
        <source>{percent} % (normal)</source>
        <translation>{percent} % (bình thường)</translation>
    </message>
    <message>
        <source>{percent} %</source>
        <translation>{percent} %</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>Chữ to hơn</translation>
    </message>
    <message>
        <source>Smaller text</source>
        <translation>Chữ nhỏ hơn</translation>
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
    <name>TrusteeTokenDialog</name>
    <message>
        <source>Trustee key on my token</source>
        <translation>Khóa người giữ khóa trên token</translation>
    </message>
    <message>
        <source>When you are a trustee of secret votes, your key share opens only with this key. Kept on your token, it is usable only with the token plugged in and its PIN. Make it once, before the meeting.</source>
        <translation>Khi bạn là người giữ khóa của các cuộc biểu quyết kín, phần khóa của bạn chỉ mở được bằng khóa này. Lưu trên token, khóa chỉ dùng được khi cắm token và nhập mã PIN. Chỉ cần tạo một lần, trước cuộc họp.</translation>
    </message>
    <message>
        <source>PKCS#11 module:</source>
        <translation>Mô-đun PKCS#11:</translation>
    </message>
    <message>
        <source>Token label:</source>
        <translation>Tên token:</translation>
    </message>
    <message>
        <source>PIN:</source>
        <translation>Mã PIN:</translation>
    </message>
    <message>
        <source>Keep my key on this token</source>
        <translation>Lưu khóa của tôi trên token này</translation>
    </message>
</context>
<context>
    <name>VersionBar</name>
    <message>
        <source>You are reading version {version}, an earlier version of this document. Version {newest} replaced it.</source>
        <translation>Bạn đang đọc phiên bản {version}, một phiên bản cũ của tài liệu này. Phiên bản {newest} đã thay thế nó.</translation>
    </message>
    <message>
        <source>Open version {version}</source>
        <translation>Mở phiên bản {version}</translation>
    </message>
    <message>
        <source>Version {version} of this document.</source>
        <translation>Phiên bản {version} của tài liệu này.</translation>
    </message>
    <message>
        <source>Open this page of version {version}</source>
        <translation>Mở trang này của phiên bản {version}</translation>
    </message>
    <message>
        <source>Your notes from version {version} could not be carried over: {reason}</source>
        <translation>Không chuyển được ghi chú của bạn từ phiên bản {version}: {reason}</translation>
    </message>
    <message>
        <source>Carrying your notes over from version {version}…</source>
        <translation>Đang chuyển ghi chú của bạn từ phiên bản {version}…</translation>
    </message>
    <message numerus="yes">
        <source>%n note(s) carried over from version {version}.</source>
        <translation>
            <numerusform>Đã chuyển %n ghi chú từ phiên bản {version}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n note(s) could not be placed: their text is not in this version. Click one to see it in version {version}.</source>
        <translation>
            <numerusform>%n ghi chú không đặt được: đoạn văn bản của chúng không còn trong phiên bản này. Bấm vào một ghi chú để xem nó trong phiên bản {version}.</numerusform>
        </translation>
    </message>
    <message>
        <source>Page {page}</source>
        <translation>Trang {page}</translation>
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
    <name>dialog</name>
    <message>
        <source>Your trustee key is now on your token. Keep the token with you during secret votes.</source>
        <translation>Khóa người giữ khóa của bạn đã được lưu trên token. Hãy mang theo token trong các cuộc biểu quyết kín.</translation>
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
        <source>An earlier signature of these minutes is not valid, so they cannot be signed over it. Download the minutes again, or tell the secretary.</source>
        <translation>Một chữ ký trước đó trên biên bản này không hợp lệ nên không thể ký tiếp lên biên bản. Hãy tải lại biên bản hoặc báo cho thư ký.</translation>
    </message>
    <message>
        <source>The meeting room server runs an older version of Meetingroom than this app. Ask the administrator to update the server.</source>
        <translation>Máy chủ phòng họp đang chạy phiên bản Meetingroom cũ hơn ứng dụng này. Hãy đề nghị quản trị viên cập nhật máy chủ.</translation>
    </message>
    <message>
        <source>This app is too old for the meeting room server. Please update Meetingroom on this computer to version {version} or later.</source>
        <translation>Ứng dụng này đã quá cũ so với máy chủ phòng họp. Vui lòng cập nhật Meetingroom trên máy tính này lên phiên bản {version} hoặc mới hơn.</translation>
    </message>
    <message>
        <source>This app is too old for the meeting room server. Please update Meetingroom on this computer.</source>
        <translation>Ứng dụng này đã quá cũ so với máy chủ phòng họp. Vui lòng cập nhật Meetingroom trên máy tính này.</translation>
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
        <source>This page takes too long to draw, so drawing was stopped. The rest of the document can still be read.</source>
        <translation>Trang này vẽ quá lâu nên đã dừng lại. Vẫn có thể đọc các trang khác của tài liệu.</translation>
    </message>
    <message>
        <source>This page could not be drawn safely (it may be damaged or hostile). The rest of the document can still be read.</source>
        <translation>Không thể hiển thị trang này một cách an toàn (trang có thể bị hỏng hoặc chứa nội dung độc hại). Vẫn có thể đọc các trang khác của tài liệu.</translation>
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
    <name>live</name>
    <message>
        <source>Not started</source>
        <translation>Chưa khai mạc</translation>
    </message>
    <message>
        <source>In session</source>
        <translation>Đang họp</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Tạm dừng</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Đã bế mạc</translation>
    </message>
    <message>
        <source>Not checked in</source>
        <translation>Chưa điểm danh</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>Có mặt</translation>
    </message>
    <message>
        <source>Absent</source>
        <translation>Vắng</translation>
    </message>
    <message>
        <source>Excused</source>
        <translation>Vắng có lý do</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Bản nháp</translation>
    </message>
    <message>
        <source>Voting open</source>
        <translation>Đang biểu quyết</translation>
    </message>
    <message>
        <source>Waiting for the trustees</source>
        <translation>Đang chờ người giữ khóa</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Đã kết thúc</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Đã hủy</translation>
    </message>
    <message>
        <source>Not opened</source>
        <translation>Không mở được</translation>
    </message>
    <message>
        <source>Stored on this device</source>
        <translation>Đã lưu trên máy</translation>
    </message>
    <message>
        <source>Received by the server</source>
        <translation>Máy chủ đã nhận</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>Đã được kiểm</translation>
    </message>
    <message>
        <source>Refused by the server</source>
        <translation>Máy chủ từ chối</translation>
    </message>
    <message>
        <source>ALARM: the published record does not hold your ballot as you cast it. Tell the secretary now.</source>
        <translation>CẢNH BÁO: biên bản kiểm phiếu không có phiếu của bạn đúng như bạn đã bỏ. Hãy báo ngay cho thư ký.</translation>
    </message>
    <message>
        <source>There is no quorum: not enough voting members are present.</source>
        <translation>Chưa đủ túc số: số đại biểu có quyền biểu quyết có mặt chưa đủ.</translation>
    </message>
    <message>
        <source>A poll is open. Close it first.</source>
        <translation>Đang có một lần biểu quyết. Hãy kết thúc biểu quyết trước.</translation>
    </message>
    <message>
        <source>The poll is already closed.</source>
        <translation>Biểu quyết đã kết thúc.</translation>
    </message>
    <message>
        <source>The poll has not been opened yet.</source>
        <translation>Biểu quyết chưa bắt đầu.</translation>
    </message>
    <message>
        <source>The poll was cancelled.</source>
        <translation>Biểu quyết đã bị hủy.</translation>
    </message>
    <message>
        <source>Check in first: only members who are present can vote.</source>
        <translation>Hãy điểm danh trước: chỉ đại biểu có mặt mới được biểu quyết.</translation>
    </message>
    <message>
        <source>You have no voting right in this meeting.</source>
        <translation>Bạn không có quyền biểu quyết trong cuộc họp này.</translation>
    </message>
    <message>
        <source>You do not hold this member&apos;s proxy.</source>
        <translation>Bạn không được thành viên này ủy quyền.</translation>
    </message>
    <message>
        <source>This vote was already cast; this poll does not allow changes.</source>
        <translation>Phiếu này đã được bỏ; lần biểu quyết này không cho phép thay đổi.</translation>
    </message>
    <message>
        <source>Your vote is still being sent. Please wait a moment.</source>
        <translation>Phiếu của bạn đang được gửi. Vui lòng chờ trong giây lát.</translation>
    </message>
    <message>
        <source>The meeting is not in session.</source>
        <translation>Cuộc họp chưa khai mạc hoặc đã bế mạc.</translation>
    </message>
    <message>
        <source>The meeting has ended.</source>
        <translation>Cuộc họp đã bế mạc.</translation>
    </message>
    <message>
        <source>The meeting cannot move to this state now.</source>
        <translation>Không thể chuyển cuộc họp sang trạng thái này lúc này.</translation>
    </message>
    <message>
        <source>Nobody is waiting to speak.</source>
        <translation>Không có ai đăng ký phát biểu.</translation>
    </message>
    <message>
        <source>The speakers list changed meanwhile. Look again and retry.</source>
        <translation>Danh sách phát biểu vừa thay đổi. Hãy xem lại và thử lại.</translation>
    </message>
    <message>
        <source>Publish the meeting before starting it.</source>
        <translation>Hãy phát hành cuộc họp trước khi khai mạc.</translation>
    </message>
    <message>
        <source>Nobody in this meeting has a voting right.</source>
        <translation>Không ai trong cuộc họp này có quyền biểu quyết.</translation>
    </message>
    <message>
        <source>This proxy is not possible: a member who gave a proxy cannot hold another&apos;s.</source>
        <translation>Không thể ủy quyền như vậy: người đã ủy quyền không thể nhận ủy quyền của người khác.</translation>
    </message>
    <message>
        <source>Choose more options.</source>
        <translation>Hãy chọn thêm phương án.</translation>
    </message>
    <message>
        <source>Too many: choose fewer options.</source>
        <translation>Quá nhiều: hãy chọn ít phương án hơn.</translation>
    </message>
    <message>
        <source>The ballot names an option this poll does not have.</source>
        <translation>Phiếu có phương án không thuộc lần biểu quyết này.</translation>
    </message>
    <message>
        <source>Abstaining cannot be combined with another choice.</source>
        <translation>Không biểu quyết không thể kết hợp với lựa chọn khác.</translation>
    </message>
    <message>
        <source>The vote to change was not found on the server.</source>
        <translation>Không tìm thấy phiếu cần thay đổi trên máy chủ.</translation>
    </message>
    <message>
        <source>A secret poll needs a sealed ballot box: update the Meetingroom app.</source>
        <translation>Biểu quyết kín cần hòm phiếu niêm phong: hãy cập nhật ứng dụng Meetingroom.</translation>
    </message>
    <message>
        <source>A secret poll needs at least two trustees whose app has connected to this meeting (the chair and the secretary by default). Ask them to log in.</source>
        <translation>Biểu quyết kín cần ít nhất hai người giữ khóa đã kết nối ứng dụng vào cuộc họp này (mặc định là Chủ tọa và Thư ký). Hãy đề nghị họ đăng nhập.</translation>
    </message>
    <message>
        <source>Not enough trustees have released their key share yet.</source>
        <translation>Chưa đủ người giữ khóa trao phần khóa của mình.</translation>
    </message>
    <message>
        <source>Only the poll&apos;s trustees can open its ballot box.</source>
        <translation>Chỉ những người giữ khóa của cuộc biểu quyết mới mở được hòm phiếu.</translation>
    </message>
    <message>
        <source>Another trustee now opens the box. Release your key share to them.</source>
        <translation>Một người giữ khóa khác đang mở hòm phiếu. Hãy trao phần khóa của bạn cho người đó.</translation>
    </message>
    <message>
        <source>A trustee&apos;s app changed device meanwhile. Open the poll again.</source>
        <translation>Trong lúc đó, một người giữ khóa đã đổi thiết bị. Hãy mở lại cuộc biểu quyết.</translation>
    </message>
    <message>
        <source>Your key share does not open on this device: use the device you were logged in on when the poll opened.</source>
        <translation>Phần khóa của bạn không mở được trên máy này: hãy dùng thiết bị bạn đã đăng nhập khi cuộc biểu quyết được mở.</translation>
    </message>
    <message>
        <source>Your trustee key is on your token: plug it in and enter its PIN.</source>
        <translation>Khóa người giữ khóa của bạn nằm trên thiết bị ký số (token): hãy cắm token và nhập mã PIN.</translation>
    </message>
    <message>
        <source>This token does not hold your trustee key. Use the token you chose for it, or make a new key on this one before the next secret vote.</source>
        <translation>Token này không chứa khóa người giữ khóa của bạn. Hãy dùng token bạn đã chọn, hoặc tạo khóa mới trên token này trước cuộc biểu quyết kín tiếp theo.</translation>
    </message>
    <message>
        <source>The ballot box is waiting for the trustees.</source>
        <translation>Hòm phiếu đang chờ người giữ khóa.</translation>
    </message>
    <message>
        <source>The ballot box was not opened.</source>
        <translation>Hòm phiếu không được mở.</translation>
    </message>
    <message>
        <source>Please enter the question of the poll.</source>
        <translation>Hãy nhập nội dung biểu quyết.</translation>
    </message>
    <message>
        <source>A poll needs at least two options.</source>
        <translation>Cần ít nhất hai phương án.</translation>
    </message>
    <message>
        <source>Every option needs a name.</source>
        <translation>Mỗi phương án cần có tên.</translation>
    </message>
    <message>
        <source>Two options have the same name.</source>
        <translation>Có hai phương án trùng tên.</translation>
    </message>
    <message>
        <source>The minimum and maximum number of choices do not fit the options.</source>
        <translation>Số lựa chọn tối thiểu và tối đa không phù hợp với các phương án.</translation>
    </message>
    <message>
        <source>The number of seats does not fit the candidates.</source>
        <translation>Số người được bầu không phù hợp với số ứng cử viên.</translation>
    </message>
    <message>
        <source>The fraction is not valid (for example 3/5).</source>
        <translation>Tỷ lệ không hợp lệ (ví dụ 3/5).</translation>
    </message>
    <message>
        <source>A speaking time is at most one hour.</source>
        <translation>Thời gian phát biểu tối đa là một giờ.</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <source>Token PIN</source>
        <translation>Mã PIN của token</translation>
    </message>
    <message>
        <source>Your trustee key is on the token “{label}”. Enter its PIN:</source>
        <translation>Khóa người giữ khóa của bạn nằm trên token “{label}”. Nhập mã PIN:</translation>
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
