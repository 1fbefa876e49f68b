"""The Telegram adapter: python-telegram-bot handlers over negbot's services."""
