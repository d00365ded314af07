"""Unit tests: one module or stage at a time, on real documents where one exists."""
