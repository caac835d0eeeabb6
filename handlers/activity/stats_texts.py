"""Everything the statistics feature says to people (/thongke, /xuat, weekly summary), in one
place so a province can reword it."""

from __future__ import annotations

COMMAND_DESCRIPTIONS = {
    "thongke": "Thống kê hỗ trợ theo thôn, xã, tỉnh",
    "xuat": "Xuất thống kê ra tệp Excel/CSV",
}

PERIOD_NAMES = {
    "hom_nay": "hôm nay",
    "hom_qua": "hôm qua",
    "tuan_nay": "tuần này",
    "tuan_truoc": "tuần trước",
    "thang_nay": "tháng này",
    "thang_truoc": "tháng trước",
    "nam_nay": "năm nay",
    "nam_truoc": "năm trước",
}
SCOPE_LABELS = {
    "province": "Toàn tỉnh",
    "commune": "{name}",
    "village": "{name}, {commune}",
    "member": "{name}",
}
AREA_HEADINGS = {
    "commune": "Theo xã/phường (xếp theo số người):",
    "village": "Theo thôn/tổ dân phố (xếp theo số người):",
    "member": "Theo thành viên:",
}
AREA_COLUMN = {"commune": "Xã/phường", "village": "Thôn/tổ dân phố", "member": "Thành viên"}

TITLE = "📊 Thống kê {scope} — {period} ({dates})"
TOTAL = "Tổng: {sessions} lượt hỗ trợ, {people} người được giúp."
CHANGE = "So với {dates}: lượt {sessions}, người {people}."
BY_SERVICE = "Theo dịch vụ:"
SERVICE_LINE = "• {service}: {sessions} lượt, {people} người"
AREA_LINE = "{rank}. {name}: {sessions} lượt, {people} người{active}"
AREA_ACTIVE = " — {active}/{total} thành viên hoạt động"
MORE_LINES = "… và {count} mục nữa (xem đầy đủ bằng /xuat)."
ACTIVE_MEMBERS = "Thành viên hoạt động: {active}/{total} (kỳ trước: {previous})."
ACTIVE_TEAMS = "Tổ (thôn) hoạt động: {active}/{total}."
INACTIVE = "Thôn chưa có hoạt động ({count}): {names}"
NO_DATA = "Chưa có ghi nhận nào trong kỳ này."
CHART_SERVICES = "Số người theo dịch vụ"
CHART_AREAS = {"commune": "Số người theo xã/phường", "village": "Số người theo thôn",
               "member": "Số người theo thành viên"}
OPTION_PERIODS = {"tuan_nay": "Tuần này", "thang_nay": "Tháng này", "thang_truoc": "Tháng trước",
                  "nam_nay": "Năm nay"}
OPTION_EXPORT = "📥 Xuất Excel"

# --- bad input and access ----------------------------------------------------------------------

PERIOD_FORMS = (
    "Các kỳ dùng được: hôm nay, hôm qua, tuần này, tuần trước, tháng này, tháng trước, năm nay, "
    "tháng 10, một ngày dd/mm/yyyy, hoặc khoảng ngày dd/mm/yyyy-dd/mm/yyyy "
    "(ví dụ: /thongke 01/10/2026-31/10/2026)."
)
PERIOD_ERRORS = {
    "malformed": "Dạ, bot chưa hiểu kỳ thống kê ạ. " + PERIOD_FORMS,
    "reversed": "Dạ, ngày bắt đầu đang sau ngày kết thúc ạ. " + PERIOD_FORMS,
    "too_long": "Dạ, khoảng thời gian dài quá {max} ngày, bạn chia nhỏ giúp ạ.",
    "future": "Dạ, khoảng thời gian này chưa tới nên chưa có số liệu ạ.",
    "too_old": "Dạ, ngày này quá xa ạ. " + PERIOD_FORMS,
}
SCOPE_NOT_FOUND = (
    "Dạ, bot không tìm thấy «{text}». Bạn gõ tên xã/phường (ví dụ: Quảng Phú), "
    "tên thôn trong xã của bạn, hoặc «tỉnh» ạ."
)
SCOPE_FORBIDDEN = "Dạ, bạn chỉ xem được số liệu trong phạm vi của mình ({own}) ạ."
SCOPE_PICK = "Dạ, bạn muốn xem nơi nào ạ?"
NO_SCOPE = "Dạ, bot chưa biết thôn của bạn nên chưa thống kê được ạ."

# --- /xuat -------------------------------------------------------------------------------------

EXPORT_DONE = "📥 Dạ, thống kê {scope}, {dates}: tệp Excel (mỗi bảng một trang) và CSV."
EXPORT_RAW = "Kèm nhật ký chi tiết: {count} ghi nhận."
EXPORT_RAW_TOO_MANY = (
    "Nhật ký chi tiết có {count} ghi nhận, nhiều quá để gửi một tệp; bạn chọn khoảng ngày "
    "ngắn hơn hoặc một xã ạ."
)
SHEET_SUMMARY = "Tổng quan"
SHEET_SERVICES = "Theo dịch vụ"
SHEET_AREAS = {"commune": "Theo xã", "village": "Theo thôn", "member": "Theo thành viên"}
SHEET_INACTIVE = "Thôn chưa hoạt động"
COL_SERVICE = "Dịch vụ"
COL_CODE = "Mã"
COL_SESSIONS = "Số lượt"
COL_PEOPLE = "Số người"
COL_ACTIVE_MEMBERS = "Thành viên hoạt động"
COL_MEMBERS = "Thành viên"
COL_ACTIVE_TEAMS = "Tổ hoạt động"
COL_TEAMS = "Số tổ"
COL_VILLAGE = "Thôn/tổ dân phố"
COL_COMMUNE = "Xã/phường"
COL_TABLE = "Bảng"
COL_NAME = "Tên"
SUMMARY_ROWS = {
    "scope": "Phạm vi",
    "period": "Kỳ",
    "sessions": "Số lượt",
    "people": "Số người",
    "previous_period": "Kỳ trước",
    "previous_sessions": "Số lượt kỳ trước",
    "previous_people": "Số người kỳ trước",
    "active_members": "Thành viên hoạt động",
    "members": "Thành viên",
    "active_teams": "Tổ hoạt động",
    "teams": "Số tổ",
}
RAW_COLUMNS = ("Mã ghi nhận", "Ngày", "Xã/phường", "Thôn/tổ dân phố", "Thành viên", "Mã dịch vụ",
               "Dịch vụ", "Số người", "Ghi chú", "Lưu lúc (giờ Việt Nam)")

# --- weekly summary ----------------------------------------------------------------------------

WEEKLY_HEAD = "📅 Dạ, tổng kết tuần {dates} gửi điều phối viên:"
