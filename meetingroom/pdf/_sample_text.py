"""Vietnamese administrative prose used as the body of sample documents."""

from __future__ import annotations

PROVINCE = "Bình Sơn"
"""A fictional province, so no sample is mistaken for a real document."""

SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "I. TÌNH HÌNH KINH TẾ - XÃ HỘI 9 THÁNG NĂM 2026",
        (
            "Tổng sản phẩm trên địa bàn tỉnh (GRDP) 9 tháng năm 2026 ước tăng 7,8% so với cùng"
            " kỳ năm trước, cao hơn mức tăng bình quân của cả nước. Trong đó, khu vực nông, lâm"
            " nghiệp và thủy sản tăng 3,2%; khu vực công nghiệp và xây dựng tăng 10,5%; khu vực"
            " dịch vụ tăng 7,1%. Cơ cấu kinh tế tiếp tục chuyển dịch theo hướng tích cực, tỷ"
            " trọng công nghiệp và dịch vụ chiếm 78,4%.",
            "Tổng thu ngân sách nhà nước trên địa bàn ước đạt 14.250 tỷ đồng, bằng 81,3% dự toán"
            " Hội đồng nhân dân tỉnh giao, tăng 9,6% so với cùng kỳ. Chi ngân sách địa phương ước"
            " đạt 12.870 tỷ đồng, bằng 68,5% dự toán, cơ bản đáp ứng các nhiệm vụ chi thường"
            " xuyên, chi đầu tư phát triển và các nhiệm vụ đột xuất, cấp bách.",
        ),
    ),
    (
        "II. KẾ HOẠCH ĐẦU TƯ CÔNG",
        (
            "Thực hiện Nghị quyết số 45/NQ-HĐND của Hội đồng nhân dân tỉnh, tổng kế hoạch vốn"
            " đầu tư công năm 2026 được giao là 6.420 tỷ đồng. Đến ngày 30 tháng 9, giá trị giải"
            " ngân đạt 3.915 tỷ đồng, bằng 61% kế hoạch. Các dự án trọng điểm như tuyến đường"
            " tỉnh 642 nối cao tốc Bắc - Nam, dự án nâng cấp Bệnh viện Đa khoa tỉnh và hệ thống"
            " thủy lợi hồ Suối Tre đang được đẩy nhanh tiến độ.",
            "Nguyên nhân giải ngân chậm chủ yếu do vướng mắc trong công tác bồi thường, giải"
            " phóng mặt bằng, giá vật liệu xây dựng biến động và năng lực của một số nhà thầu còn"
            " hạn chế. Ủy ban nhân dân tỉnh yêu cầu các chủ đầu tư lập kế hoạch giải ngân chi tiết"
            " theo từng tháng và chịu trách nhiệm trước Chủ tịch Ủy ban nhân dân tỉnh nếu để"
            " chậm trễ.",
        ),
    ),
    (
        "III. ĐIỀU CHỈNH QUY HOẠCH SỬ DỤNG ĐẤT",
        (
            "Theo đề nghị của Sở Nông nghiệp và Môi trường, phương án điều chỉnh quy hoạch sử"
            " dụng đất đến năm 2030 bổ sung 215 ha đất khu công nghiệp, 48 ha đất thương mại,"
            " dịch vụ và giảm tương ứng diện tích đất trồng lúa kém hiệu quả. Việc điều chỉnh bảo"
            " đảm phù hợp với quy hoạch tỉnh thời kỳ 2021 - 2030, tầm nhìn đến năm 2050 đã được"
            " Thủ tướng Chính phủ phê duyệt.",
            "Ủy ban nhân dân các xã, phường có trách nhiệm công khai phương án điều chỉnh, lấy ý"
            " kiến của Nhân dân và các tổ chức có liên quan; rà soát các trường hợp sử dụng đất"
            " sai mục đích, chậm đưa đất vào sử dụng để kiến nghị thu hồi theo quy định của Luật"
            " Đất đai.",
        ),
    ),
    (
        "IV. GIÁO DỤC VÀ ĐÀO TẠO",
        (
            "Năm học 2026 - 2027, toàn tỉnh có 612 trường học với hơn 298.000 học sinh. Tỷ lệ"
            " trường đạt chuẩn quốc gia đạt 74,2%. Ngành giáo dục đã tuyển dụng bổ sung 430 giáo"
            " viên, cơ bản khắc phục tình trạng thiếu giáo viên ở bậc tiểu học và trung học cơ sở,"
            " nhất là tại các xã vùng sâu, vùng xa và vùng đồng bào dân tộc thiểu số.",
            "Ủy ban nhân dân tỉnh chỉ đạo tiếp tục thực hiện chương trình giáo dục phổ thông mới,"
            " tăng cường chuyển đổi số trong quản lý và giảng dạy, bảo đảm an toàn trường học và"
            " quan tâm hỗ trợ học sinh có hoàn cảnh khó khăn, không để học sinh nào phải bỏ học"
            " vì lý do kinh tế.",
        ),
    ),
    (
        "V. Y TẾ VÀ CHĂM SÓC SỨC KHỎE NHÂN DÂN",
        (
            "Công tác phòng, chống dịch bệnh được triển khai chủ động; không để xảy ra dịch bệnh"
            " lớn trên địa bàn. Tỷ lệ người dân tham gia bảo hiểm y tế đạt 93,7%. Trạm y tế xã"
            " được đầu tư trang thiết bị thiết yếu, từng bước thực hiện khám, chữa bệnh bảo hiểm"
            " y tế và quản lý hồ sơ sức khỏe điện tử cho người dân.",
            "Sở Y tế chủ trì, phối hợp với các sở, ngành liên quan rà soát nhu cầu thuốc, vật tư"
            " y tế, bảo đảm không để thiếu thuốc trong điều trị; đẩy mạnh xã hội hóa, có chính"
            " sách thu hút bác sĩ về công tác tại tuyến cơ sở.",
        ),
    ),
    (
        "VI. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM 3 THÁNG CUỐI NĂM",
        (
            "Tập trung tháo gỡ khó khăn cho sản xuất, kinh doanh; đẩy nhanh giải ngân vốn đầu"
            " tư công; tăng cường quản lý thu ngân sách, chống thất thu; thực hiện tốt các chính"
            " sách an sinh xã hội, chăm lo Tết Nguyên đán cho người có công, hộ nghèo và đối"
            " tượng bảo trợ xã hội.",
            "Các sở, ban, ngành và Ủy ban nhân dân các xã, phường căn cứ chức năng, nhiệm vụ được"
            " giao, khẩn trương tổ chức triển khai thực hiện; định kỳ báo cáo kết quả về Ủy ban"
            " nhân dân tỉnh (qua Sở Tài chính) trước ngày 20 hằng tháng để tổng hợp, báo cáo"
            " Tỉnh ủy và Hội đồng nhân dân tỉnh.",
        ),
    ),
)
"""Report sections as (heading, paragraphs); the default body of every sample."""

CHART_CAPTIONS: tuple[str, ...] = (
    "Thu ngân sách nhà nước theo quý (tỷ đồng)",
    "Giải ngân vốn đầu tư công theo tháng (%)",
    "Cơ cấu sử dụng đất theo loại (ha)",
    "Số học sinh theo cấp học (nghìn người)",
    "Tỷ lệ tham gia bảo hiểm y tế theo xã, phường (%)",
)
"""Captions printed under the sample charts."""
