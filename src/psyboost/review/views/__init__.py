"""Review views, one module per area: panel_*, scoring_*/expert_*/onsite_*, results_*."""
