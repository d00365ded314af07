"""The values every stage shares: findings, verdicts, results, syntax detection, locations,
languages, and the one way files are written for the user."""
