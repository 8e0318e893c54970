"""Review permissions: panel."""
