"""The announcement's services: every change of this step (plain arguments, each audited)."""
