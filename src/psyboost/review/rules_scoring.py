"""Review permissions: scoring."""
