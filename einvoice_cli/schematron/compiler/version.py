"""The version of the XSLT the Schematron compiler writes, apart from the compiler itself.

The engine keys its disk cache of compiled rules by this version; keeping it here lets a process
that only reads that cache (every run after the first) skip importing the compiler.
"""

COMPILER_VERSION = "13"
"""Version of the generated XSLT; part of the disk-cache key, bumped whenever the output changes."""
