"""Services: what negbot does, free of Telegram, HTTP and SQL; adapters call them."""
