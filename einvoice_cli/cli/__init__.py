"""The ``einvoice`` command line (click). Only this package and ``report/`` print."""
