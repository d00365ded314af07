"""The Schematron compiler: ISO Schematron sources expanded and compiled to XSLT 3.0."""
