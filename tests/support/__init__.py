"""Helpers the tests share: where the corpora are, sample builders, schemas."""
