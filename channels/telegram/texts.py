"""What the Telegram channel itself says to people (the features' texts live with them)."""

FILE_TOO_LARGE = "Dạ, tệp lớn quá ({size_mb:.1f} MB). Bot chỉ nhận tệp đến {limit_mb} MB ạ."
FILE_TYPE_NOT_ACCEPTED = (
    "Dạ, bot chỉ đọc được tệp bảng tính .xlsx hoặc .csv. Bạn vui lòng gửi lại đúng loại tệp ạ."
)
FILE_DOWNLOAD_FAILED = "Dạ, bot chưa tải được tệp này từ Telegram. Bạn vui lòng gửi lại sau ít phút ạ."
CHOOSE = "Dạ, bạn chọn một mục ạ:"
