"""negbot: a negotiation-track calendar built from news articles."""

__version__ = "0.1.0"
