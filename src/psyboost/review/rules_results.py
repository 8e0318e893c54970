"""Review permissions: results."""
