"""Chat side of "Nhờ tổ hỗ trợ": the villager's request, the team's answer, coordinators."""
