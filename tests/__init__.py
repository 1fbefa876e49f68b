"""negbot tests."""
