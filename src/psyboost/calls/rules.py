import rules

from psyboost.accounts.rules import is_federation_staff

rules.add_perm("calls.view_registry", is_federation_staff)
rules.add_perm("calls.import_units", is_federation_staff)
rules.add_perm("calls.edit_registry", is_federation_staff)
rules.add_perm("calls.manage_calls", is_federation_staff)
