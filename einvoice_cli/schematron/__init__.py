"""Schematron: merging, compiling and running the official rule sources."""
