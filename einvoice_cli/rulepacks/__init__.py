"""The official rule files: which packs and scenarios exist (the ``rules/`` definitions), which are
installed where, and the only code that downloads or reads a mirror."""
