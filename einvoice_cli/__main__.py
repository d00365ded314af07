"""``python -m einvoice_cli``: the ``einvoice`` command line, for environments without the
console script on ``PATH``."""

from einvoice_cli.cli.main import main

main()
