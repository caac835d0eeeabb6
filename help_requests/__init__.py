"""Villagers ask their own village team for hands-on help ("Nhờ tổ hỗ trợ")."""
