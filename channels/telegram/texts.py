"""What the Telegram channel itself says to people (the features' texts live with them)."""

FILE_TOO_LARGE = "Dạ, tệp lớn quá ({size_mb:.1f} MB). Em chỉ nhận tệp đến {limit_mb} MB ạ."
FILE_TYPE_NOT_ACCEPTED = (
    "Dạ, em chỉ đọc được tệp bảng tính .xlsx hoặc .csv. Anh/chị vui lòng gửi lại đúng loại tệp ạ."
)
FILE_DOWNLOAD_FAILED = "Dạ, em chưa tải được tệp này từ Telegram. Anh/chị vui lòng gửi lại sau ít phút ạ."
CHOOSE = "Dạ, anh/chị chọn một mục ạ:"
