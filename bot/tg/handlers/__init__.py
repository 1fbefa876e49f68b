"""The bot's handlers, one module per kind of command."""
