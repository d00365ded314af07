"""The EN 16931 semantic model of an invoice, and its UBL 2.1 and UN/CEFACT CII D16B bindings."""
