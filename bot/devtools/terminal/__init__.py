"""Try negbot without Telegram: a chat with the real bot in the terminal, and a replay."""
