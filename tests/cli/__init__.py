"""Command-line tests: the real CLI through CliRunner, exit codes, streams, golden files."""
