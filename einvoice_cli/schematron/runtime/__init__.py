"""Running compiled rules on a document and reading their SVRL into findings."""
