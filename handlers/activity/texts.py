"""Everything the activity feature says to people — logging (/ghinhan, /xoaghinhan, /cuatoi,
the reminder), statistics (/thongke, /xuat, the weekly summary), targets (/chitieu,
/mauchitieu, /nhapchitieu) and report packs (/baocao) — in one place so a province can reword
it. The statistics part also names the sheets and columns of the exports."""

from __future__ import annotations

COMMAND_DESCRIPTIONS = {
    "ghinhan": "Ghi nhận một buổi hỗ trợ người dân",
    "xoaghinhan": "Xóa một ghi nhận vừa nhập nhầm (trong 24 giờ)",
    "cuatoi": "Số liệu hỗ trợ của anh/chị",
    "thongke": "Thống kê hỗ trợ theo thôn, xã, tỉnh",
    "xuat": "Xuất thống kê ra tệp Excel/CSV",
    "chitieu": "Xem, đặt chỉ tiêu (ví dụ: /chitieu vneid 1200 Quảng Phú)",
    "mauchitieu": "Tệp mẫu để đặt chỉ tiêu cho nhiều nơi",
    "nhapchitieu": "Nhập chỉ tiêu từ tệp Excel/CSV",
    "baocao": "Báo cáo tháng (quý, năm) để gửi cấp trên",
}

# --- guided dialog ---------------------------------------------------------------------------

ASK_SERVICE = "Dạ, anh/chị đã hỗ trợ người dân về việc gì ạ? Chọn một mục (hoặc gõ mã, ví dụ: vneid):"
ASK_PEOPLE = "Dạ, anh/chị đã hỗ trợ bao nhiêu người? Gõ một số từ 1 đến {max} ạ."
ASK_DAY = (
    "Dạ, buổi hỗ trợ vào ngày nào ạ? Chọn bên dưới, hoặc gõ ngày dạng dd/mm "
    "(ví dụ: {example})."
)
ASK_NOTE = "Dạ, anh/chị có muốn ghi chú thêm không (ví dụ: nơi hỗ trợ)? Gõ ghi chú, hoặc chọn «Bỏ qua»."
ASK_CONFIRM = "Dạ, anh/chị kiểm tra lại giúp ạ:\n{summary}"
OPTION_TODAY = "Hôm nay ({day})"
OPTION_YESTERDAY = "Hôm qua ({day})"
OPTION_SKIP = "Bỏ qua"
OPTION_SAVE = "✅ Lưu"
OPTION_RESTART = "✏️ Nhập lại"
OPTION_CANCEL = "❌ Hủy"
CANCELLED = "Dạ, đã hủy, chưa lưu gì ạ."

SUMMARY = "• Dịch vụ: {service}\n• Số người: {people}\n• Ngày: {day}{note}"
SUMMARY_NOTE = "\n• Ghi chú: {note}"
SAVED = "✅ Dạ, đã lưu ghi nhận #{id}:\n{summary}\n\nTháng này anh/chị đã ghi {sessions} lượt, {people} người. Nhập nhầm thì gõ /xoaghinhan ạ."
ALREADY_SAVED = "Dạ, ghi nhận này đã được lưu rồi (#{id}), em không lưu lần nữa:\n{summary}"

# --- validation reasons ----------------------------------------------------------------------

PEOPLE_NOT_NUMBER = "Dạ, số người cần là một số, ví dụ: 5 ạ."
PEOPLE_OUT_OF_RANGE = "Dạ, số người phải từ 1 đến {max} ạ (anh/chị gõ {value})."
DAY_MALFORMED = "Dạ, em chưa hiểu ngày «{text}». Anh/chị gõ «hôm nay», «hôm qua», dd/mm hoặc dd/mm/yyyy ạ."
DAY_FUTURE = "Dạ, ngày {day} chưa tới, không ghi nhận trước được ạ."
DAY_TOO_OLD = "Dạ, chỉ ghi nhận được hoạt động trong {days} ngày gần đây (ngày {day} đã quá hạn) ạ."
SERVICE_UNKNOWN = "Dạ, em không có dịch vụ «{text}». Các mã dùng được:\n{codes}"
NOTE_TOO_LONG = "Dạ, ghi chú dài quá {limit} ký tự, em chỉ giữ phần đầu ạ."
NOT_MEMBER = "Dạ, chỉ thành viên tổ đã được duyệt mới ghi nhận được ạ. Gõ /dangky để đăng ký."
QUICK_HELP = (
    "Cách ghi nhanh: /ghinhan <mã dịch vụ> <số người> [ngày] [ghi chú]\n"
    "Ví dụ: /ghinhan vneid 5 — hoặc /ghinhan dvc 3 hôm qua hỗ trợ tại nhà văn hóa"
)
QUICK_NO_PEOPLE = "Dạ, thiếu số người sau mã dịch vụ ạ.\n" + QUICK_HELP

# --- /xoaghinhan -----------------------------------------------------------------------------

UNDO_PICK = "Dạ, anh/chị muốn xóa ghi nhận nào? (chỉ xóa được ghi nhận của anh/chị trong 24 giờ qua)"
UNDO_NOTHING = "Dạ, anh/chị không có ghi nhận nào trong 24 giờ qua để xóa ạ."
UNDO_OPTION = "#{id} · {day} · {service} · {people} người"
UNDO_DONE = "🗑 Dạ, đã xóa ghi nhận #{id} ({service}, {people} người, ngày {day}); số liệu không tính ghi nhận này nữa ạ."
UNDO_GONE = "Dạ, ghi nhận này không còn xóa được (đã xóa hoặc đã quá 24 giờ) ạ."

# --- /cuatoi ---------------------------------------------------------------------------------

MINE_TITLE = "📋 Dạ, số liệu hỗ trợ của {name}:"
MINE_LINE = "• {label}: {sessions} lượt, {people} người"
MINE_PERIODS = {
    "hom_nay": "Hôm nay",
    "tuan_nay": "Tuần này",
    "thang_nay": "Tháng này",
    "nam_nay": "Năm nay",
}
MINE_SERVICES = "Tháng này theo dịch vụ:"
MINE_SERVICE_LINE = "  – {service}: {sessions} lượt, {people} người"
MINE_NONE = "Anh/chị chưa ghi nhận buổi nào. Gõ /ghinhan để ghi ạ."
MINE_LAST = "Lần ghi gần nhất: ngày {day}."

# --- reminder --------------------------------------------------------------------------------

REMINDER = (
    "Dạ, đã {days} ngày em chưa nhận ghi nhận hỗ trợ nào của anh/chị. Nếu anh/chị có giúp người dân, "
    "gõ /ghinhan để ghi lại nhé (ví dụ: /ghinhan vneid 3). Em cảm ơn anh/chị ạ!"
)
REMINDER_NEVER = (
    "Dạ, anh/chị chưa có ghi nhận hỗ trợ nào. Mỗi lần giúp người dân, anh/chị gõ /ghinhan để ghi lại "
    "nhé (ví dụ: /ghinhan vneid 3). Em cảm ơn anh/chị ạ!"
)

# --- daily digest to admins ------------------------------------------------------------------

DIGEST_HEAD = "📬 Dạ, có {count} yêu cầu chờ duyệt quá 1 ngày:"
DIGEST_LINE = "• {commune}: {count} yêu cầu (lâu nhất {days} ngày)"
DIGEST_FOOT = "Gõ /choduyet để xem và duyệt; xã chưa có điều phối viên thì gõ /bonhiem để bổ nhiệm."

# === statistics, targets and report packs ==================================================

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
# How a period that is not a named one reads in a title.
PERIOD_DAY = "ngày {day}"
PERIOD_MONTH = "tháng {month}/{year}"
PERIOD_QUARTER = "quý {quarter}/{year}"
PERIOD_YEAR = "năm {year}"
PERIOD_RANGE = "từ {start} đến {end}"
SCOPE_LABELS = {
    "province": "Toàn {name}",
    "commune": "{name}",
    "village": "{name}, {commune}",
    "member": "{name}",
}
PROVINCE_UNNAMED = "tỉnh"
AREA_HEADINGS = {
    "commune": "Xếp hạng xã/phường theo số người ({count} xã/phường):",
    "village": "Xếp hạng thôn/tổ dân phố theo số người ({count} thôn):",
    "member": "Theo thành viên:",
}
AREA_COLUMN = {"commune": "Xã/phường", "village": "Thôn/tổ dân phố", "member": "Thành viên"}

TITLE = "📊 Thống kê {scope} — {period}"
TITLE_DATES = "{name} ({dates})"
TOTAL = "Tổng: {sessions} lượt hỗ trợ, {people} người được giúp."
CHANGE = "So với {dates}: lượt {sessions}, người {people}."
BY_SERVICE = "Theo dịch vụ:"
SERVICE_LINE = "• {service}: {sessions} lượt, {people} người"
AREA_LINE = "{rank}. {name}: {sessions} lượt, {people} người{active}"
AREA_ACTIVE = " — {active}/{total} thành viên hoạt động"
AREA_GAP = "…"
MORE_LINES = "… và {count} mục nữa (xem đầy đủ bằng /xuat)."
ACTIVE_MEMBERS = "Thành viên hoạt động: {active}/{total} (kỳ trước: {previous})."
COVERAGE_COMMUNES = ("Xã/phường có hoạt động: {active}/{total}; có tổ nhưng chưa hoạt động: "
                     "{quiet}; chưa có thành viên nào: {none}.")
COVERAGE_VILLAGES = "Thôn/tổ dân phố có hoạt động: {active}/{teams} thôn có thành viên."
INACTIVE = "Thôn có thành viên nhưng chưa hoạt động ({count}): {names}"
NO_TEAM_VILLAGES = "Thôn đã đăng ký nhưng không còn thành viên ({count}): {names}"
FOOTNOTE = ("ⓘ Thành viên trong kỳ: người thuộc tổ ở nơi đó vào bất kỳ lúc nào trong kỳ, "
            "hoặc có ghi nhận ở đó; mỗi ghi nhận tính cho thôn, xã nơi người đó ghi.")
NO_DATA = "Chưa có ghi nhận nào trong kỳ này."
CHART_SERVICES = "Số người theo dịch vụ"
CHART_AREAS = {"commune": "Số người theo xã/phường", "village": "Số người theo thôn",
               "member": "Số người theo thành viên"}
OPTION_PERIODS = {"tuan_nay": "Tuần này", "thang_nay": "Tháng này", "thang_truoc": "Tháng trước",
                  "nam_nay": "Năm nay"}
OPTION_EXPORT = "📥 Xuất Excel"
OPTION_RANKING = "Xem thêm xếp hạng"
RANKING_HEAD = "📊 {scope} — {period}: hạng {first}–{last} trên {count}"

# --- bad input and access ----------------------------------------------------------------------

PERIOD_FORMS = (
    "Các kỳ dùng được: hôm nay, hôm qua, tuần này, tuần trước, tháng này, tháng trước, năm nay, "
    "tháng 10, một ngày dd/mm/yyyy, hoặc khoảng ngày dd/mm/yyyy-dd/mm/yyyy "
    "(ví dụ: /thongke 01/10/2026-31/10/2026)."
)
PERIOD_ERRORS = {
    "malformed": "Dạ, em chưa hiểu kỳ thống kê. " + PERIOD_FORMS,
    "reversed": "Dạ, ngày bắt đầu đang sau ngày kết thúc. " + PERIOD_FORMS,
    "too_long": "Dạ, khoảng thời gian dài quá {max} ngày, anh/chị chia nhỏ giúp em ạ.",
    "future": "Dạ, khoảng thời gian này chưa tới nên chưa có số liệu ạ.",
    "too_old": "Dạ, ngày này quá xa. " + PERIOD_FORMS,
}
SCOPE_NOT_FOUND = (
    "Dạ, em không tìm thấy «{text}». Anh/chị gõ tên xã/phường (ví dụ: Quảng Phú), "
    "tên thôn trong xã của anh/chị, hoặc «tỉnh» ạ."
)
SCOPE_FORBIDDEN = "Dạ, anh/chị chỉ xem được số liệu trong phạm vi anh/chị phụ trách ({own}) ạ."
SCOPE_PICK = "Dạ, có {count} nơi khớp «{text}». Anh/chị muốn xem nơi nào ạ?"
SCOPE_PICK_VILLAGE = "Dạ, {count} xã có thôn «{text}». Anh/chị chọn đúng thôn và xã giúp em ạ."
NAMES_PRIVATE_ONLY = (
    "Dạ, số liệu của từng thành viên chỉ xem trong tin nhắn riêng với em để giữ kín thông tin."
)
MEMBERS_IN_PRIVATE = "Số liệu theo thành viên: anh/chị nhắn riêng /thongke cho em."
NO_SCOPE = "Dạ, em chưa biết thôn của anh/chị nên chưa thống kê được ạ."

# --- /xuat -------------------------------------------------------------------------------------

EXPORT_DONE = "📥 Dạ, thống kê {scope}, {dates}: tệp Excel (mỗi bảng một trang) và CSV."
EXPORT_RAW = "Kèm nhật ký chi tiết: {count} ghi nhận."
EXPORT_RAW_TOO_MANY = (
    "Nhật ký chi tiết có {count} ghi nhận, nhiều quá để gửi một tệp; anh/chị chọn khoảng ngày "
    "ngắn hơn hoặc một xã ạ."
)
SHEET_SUMMARY = "Tổng quan"
SHEET_SERVICES = "Theo dịch vụ"
SHEET_AREAS = {"commune": "Theo xã", "village": "Theo thôn", "member": "Theo thành viên"}
SHEET_COVERAGE = "Độ phủ"
SHEET_INACTIVE = "Thôn chưa hoạt động"
COL_SERVICE = "Dịch vụ"
COL_CODE = "Mã"
COL_RANK = "Hạng"
COL_SESSIONS = "Số lượt"
COL_PEOPLE = "Số người"
COL_ACTIVE_MEMBERS = "Thành viên hoạt động"
COL_MEMBERS = "Thành viên"
COL_ACTIVE_TEAMS = "Tổ hoạt động"
COL_TEAMS = "Số tổ"
COL_VILLAGE = "Thôn/tổ dân phố"
COL_COMMUNE = "Xã/phường"
COL_LEVEL = "Cấp"
COL_STATE = "Tình trạng"
COL_TABLE = "Bảng"
COL_NAME = "Tên"
LEVELS = {"commune": "Xã/phường", "village": "Thôn/tổ dân phố"}
STATES = {"active": "Có hoạt động", "quiet": "Có thành viên, chưa hoạt động",
          "no_team": "Chưa có thành viên"}
SUMMARY_ROWS = {
    "scope": "Phạm vi",
    "period": "Kỳ",
    "sessions": "Số lượt",
    "people": "Số người",
    "previous_period": "Kỳ trước",
    "previous_sessions": "Số lượt kỳ trước",
    "previous_people": "Số người kỳ trước",
    "active_members": "Thành viên hoạt động",
    "members": "Thành viên trong kỳ",
    "active_teams": "Tổ (thôn) có hoạt động",
    "teams": "Tổ (thôn) có thành viên",
    "villages": "Thôn đã đăng ký",
    "active_communes": "Xã/phường có hoạt động",
    "team_communes": "Xã/phường có thành viên",
    "communes": "Số xã/phường",
    "definition": "Cách tính",
}

RAW_COLUMNS = ("Mã ghi nhận", "Ngày", "Xã/phường", "Thôn/tổ dân phố", "Thành viên", "Mã dịch vụ",
               "Dịch vụ", "Số người", "Ghi chú", "Lưu lúc (giờ Việt Nam)")

# --- weekly summary ----------------------------------------------------------------------------

WEEKLY_HEAD = "📅 Dạ, tổng kết tuần {dates} gửi điều phối viên:"

# --- targets (/thongke, /chitieu, /mauchitieu, /nhapchitieu) -----------------------------------

PROGRESS_HEAD = "🎯 Chỉ tiêu năm {year} (lũy kế đến {end}):"
PROGRESS_LINE = "• {name}: {achieved}/{target} ({percent}%)"
PROGRESS_NO_TARGET = "• {name}: {achieved} (chưa đặt chỉ tiêu)"
PROGRESS_NONE = "🎯 Chưa đặt chỉ tiêu năm {year} cho nơi này."
TARGETS_USAGE = (
    "Đặt chỉ tiêu: /chitieu <mã> <số> <nơi> [năm 2027], ví dụ: /chitieu vneid 1200 Quảng Phú, "
    "/chitieu dvc 300 thôn 3. Số 0 để bỏ chỉ tiêu. Nhiều nơi một lúc: /mauchitieu rồi "
    "/nhapchitieu.\nCác mã chỉ tiêu:\n{codes}"
)
TARGET_CODE_LINE = "• {code} — {name}"
TARGET_UNKNOWN = "Dạ, em không có chỉ tiêu mã «{text}». Các mã dùng được:\n{codes}"
TARGET_NOT_NUMBER = "Dạ, chỉ tiêu cần là một số nguyên từ 0 đến {limit}, ví dụ: /chitieu vneid 1200 Quảng Phú ạ."
TARGET_NO_PLACE = "Dạ, anh/chị gõ thêm nơi đặt chỉ tiêu (tên xã/phường hoặc thôn), ví dụ: /chitieu vneid 1200 Quảng Phú ạ."
TARGET_NO_PLACE_COMMUNE = "Dạ, anh/chị gõ thêm tên thôn trong xã, ví dụ: /chitieu vneid 300 thôn 3 ạ."
TARGET_AMBIGUOUS = "Dạ, có {count} nơi khớp «{text}»: {names}. Anh/chị gõ rõ hơn (ví dụ: thôn 3, Quảng Phú) ạ."
TARGET_COMMUNE_LEVEL = (
    "Dạ, chỉ tiêu của cả xã do điều phối viên tỉnh đặt; anh/chị đặt được chỉ tiêu cho từng "
    "thôn trong xã ạ."
)
TARGET_PROVINCE = "Dạ, chỉ tiêu toàn tỉnh là tổng chỉ tiêu các xã; anh/chị đặt cho từng xã hoặc thôn ạ."
TARGET_SAVED = "✅ Dạ, đã đặt chỉ tiêu năm {year} «{name}» cho {place}: {target}."
TARGET_REMOVED = "✅ Dạ, đã bỏ chỉ tiêu năm {year} «{name}» của {place}."
TARGET_YEAR_RANGE = "Dạ, năm cần từ {first} đến {last} ạ."
TEMPLATE_READY = (
    "📄 Dạ, đây là tệp chỉ tiêu năm {year} ({rows} dòng, đã điền chỉ tiêu hiện có). "
    "Anh/chị điền số vào các cột chỉ tiêu, rồi gõ /nhapchitieu và gửi lại tệp."
)
IMPORT_ASK_FILE = "Dạ, anh/chị gửi tệp chỉ tiêu (Excel hoặc CSV, theo mẫu /mauchitieu) ạ. Gõ /huy để thôi."
IMPORT_SAVED = "✅ Dạ, đã lưu {count} chỉ tiêu cho {places} nơi."
IMPORT_REFUSED = "Dạ, em chưa lưu gì vì tệp có {count} dòng lỗi (sửa rồi gửi lại cả tệp):"
IMPORT_ROW = "- Dòng {row}: {reason}"
IMPORT_FILE_PROBLEM = "Dạ, em chưa lưu gì: {reason}"
IMPORT_MORE = "… và {count} dòng lỗi khác."
TARGET_SHEET = "Chỉ tiêu"
TARGET_COL_COMMUNE = "Xã/phường"
TARGET_COL_VILLAGE = "Thôn/tổ dân phố (để trống: cả xã)"
TARGET_COL_YEAR = "Năm"
TARGET_NOTES = (
    "Cách điền tệp chỉ tiêu",
    "Mỗi dòng là một xã/phường (cột thôn để trống: chỉ tiêu của cả xã) hoặc một thôn của xã.",
    "Mỗi cột chỉ tiêu là số người cần đạt trong năm; ô để trống: giữ nguyên; số 0: bỏ chỉ tiêu.",
    "Đã đạt được tính bằng số người được hỗ trợ ở các dịch vụ của chỉ tiêu, từ 1/1 của năm.",
    "Chỉ tiêu của xã không đặt riêng thì bằng tổng chỉ tiêu các thôn; của tỉnh bằng tổng các xã.",
    "Điều phối viên xã đặt được chỉ tiêu các thôn trong xã; chỉ tiêu cả xã do điều phối viên tỉnh đặt.",
    "Có một dòng lỗi thì cả tệp chưa được lưu; em báo số dòng và lý do để anh/chị sửa.",
)
TARGET_FILE_COLUMNS = (
    "tệp cần cột «Xã/phường» và ít nhất một cột chỉ tiêu (gõ /mauchitieu để lấy tệp mẫu)."
)
TARGET_FILE_EMPTY = "tệp không có dòng chỉ tiêu nào."
TARGET_ROW_NO_COMMUNE = "thiếu tên xã/phường"
TARGET_ROW_UNKNOWN_COMMUNE = "không có xã/phường «{text}» trong tỉnh"
TARGET_ROW_UNKNOWN_VILLAGE = "{commune} chưa có thôn «{text}»"
TARGET_ROW_COMMUNE_LEVEL = "chỉ tiêu cả xã do điều phối viên tỉnh đặt"
TARGET_ROW_OUT_OF_SCOPE = "nơi này ngoài phạm vi anh/chị phụ trách"
TARGET_ROW_YEAR = "năm «{text}» không hợp lệ"
TARGET_ROW_NUMBER = "«{text}» ở cột «{column}» không phải số nguyên từ 0 đến {limit}"
TARGET_ROW_DUPLICATE = "trùng nơi và năm với dòng {row}"
SHEET_TARGETS = "Chỉ tiêu"
COL_PLACE = "Nơi"
COL_INDICATOR = "Chỉ tiêu"
COL_ACHIEVED = "Đã đạt (lũy kế năm)"
COL_TARGET = "Chỉ tiêu năm"
COL_PERCENT = "Tỉ lệ (%)"

# --- report pack (/baocao and the monthly message) --------------------------------------------

REPORT_TITLE = "BÁO CÁO HOẠT ĐỘNG TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"
REPORT_ROWS = {
    "scope": "Đơn vị",
    "period": "Kỳ báo cáo",
    "dates": "Từ ngày – đến ngày",
    "made": "Lập lúc (giờ Việt Nam)",
    "sessions": "Số lượt hỗ trợ",
    "people": "Số người được hỗ trợ",
    "previous": "Kỳ trước",
    "members": "Thành viên hoạt động / thành viên trong kỳ",
    "communes_active": "Xã/phường có hoạt động",
    "communes_quiet": "Xã/phường có tổ nhưng chưa hoạt động",
    "communes_none": "Xã/phường chưa có thành viên",
    "villages_active": "Thôn/tổ dân phố có hoạt động",
    "villages_quiet": "Thôn có thành viên nhưng chưa hoạt động",
    "villages_none": "Thôn đã đăng ký nhưng không còn thành viên",
    "definition": "Cách tính",
}
UNIT_MEMBERS = "thành viên"
UNIT_COMMUNES_ACTIVE = "xã có hoạt động"
UNIT_VILLAGES_ACTIVE = "thôn có hoạt động"
NO_TARGET = "chưa đặt chỉ tiêu"
REPORT_TARGET_ROW = "Chỉ tiêu năm {year}: {name} (đạt/chỉ tiêu)"
REPORT_COL_PROGRESS = "Chỉ tiêu {code} (đạt/chỉ tiêu)"
SHEET_REPORT_SUMMARY = "Tổng hợp"
REPORT_READY = "📑 Dạ, báo cáo {period} — {scope}: tệp Excel gửi cấp trên được ngay."
REPORT_SCHEDULED = "📑 Dạ, em gửi báo cáo {period} — {scope} (tệp Excel, gửi cấp trên được ngay)."
REPORT_PERIOD_ERROR = (
    "Dạ, báo cáo chỉ làm cho kỳ đã kết thúc: /baocao (tháng trước), /baocao quý, /baocao năm, "
    "/baocao tháng 10, /baocao quý 3/2026, /baocao năm 2025."
)
REPORT_WHICH = "Dạ, báo cáo làm cho một xã/phường hoặc toàn tỉnh; «{text}» không phải một xã ạ."
