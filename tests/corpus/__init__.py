"""Corpus tests: the official corpora in ../shared, document by document (marked corpus)."""
