"""The terminal user's chat: its id, and the commands the terminal adds to the bot's.

Apart from the chat session, so that `negbot chat --help` can name the commands without
loading the bot and the local Bot API.
"""

from __future__ import annotations

# Telegram's ids have at most 52 significant bits, so this one is never a real user's: the
# terminal user's chat cannot collide with a real chat kept in the same database.
TERMINAL_CHAT_ID = 2**52 + 1
TERMINAL_COMMANDS = "/clock [TIME], /wait 2h, /upload FILE [CAPTION], /quit"
