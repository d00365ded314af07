"""Transformations of rule sources before compiling: the XRechnung + Peppol merge, and inlining the
documents a stylesheet reads."""
