"""Telegram channel: python-telegram-bot on an aiohttp transport."""
