"""What the core itself says to people (a province can reword it here)."""

DIALOG_EXPIRED = "Dạ, thao tác này đã hết hiệu lực. Anh/chị vui lòng bắt đầu lại."
