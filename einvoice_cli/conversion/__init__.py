"""Conversion between syntaxes through the EN 16931 model, checked both ways."""
