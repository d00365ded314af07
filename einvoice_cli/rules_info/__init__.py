"""What the tool knows about a rule or a business term beyond a single finding: hints for the
rules that fire most, and the explanation ``einvoice explain`` prints."""
