"""Development tools, apart from the product: a local Bot API server, the terminal chat, replay.

No product module imports this package; only `negbot chat` and `negbot replay` do, inside their
handlers (tests/test_layering.py checks it).
"""
