import rules

from psyboost.accounts.rules import is_federation_staff

rules.add_perm("workbench.view_workbench", is_federation_staff)
