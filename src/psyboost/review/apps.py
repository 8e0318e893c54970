from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "psyboost.review"
    verbose_name = _("专家评审")

    def ready(self):
        from psyboost.applications.rules import add_reader
        from psyboost.core.navigation import add_entry

        from . import notices  # noqa: F401  (registers the review's kinds of notice)
        from .predicates import is_assigned
        from .services import stored

        add_entry(("expert",), _("评审任务"), "review:my_assignments", 10)
        add_reader(is_assigned)
        stored.connect()
