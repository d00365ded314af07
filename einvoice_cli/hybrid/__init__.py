"""Hybrid PDF invoices (ZUGFeRD, Factur-X): reading the PDF and its embedded files, the PDF-side
rules, generations and profiles, XMP, and writing hybrid PDFs."""
