"""Review permissions: results (ranking, explanation, selection, decision, insight, exports).

Staff and administrators only: experts see scores through the scoring side's pages, units learn nothing of the
review before the announcement (there is no unit-facing page here).
"""

import rules

from psyboost.accounts.rules import is_federation_staff

rules.add_perm("review.view_results", is_federation_staff)
rules.add_perm("review.select", is_federation_staff)
