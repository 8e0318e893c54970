from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "psyboost.projects"
    verbose_name = _("助推项目")

    def ready(self):
        from psyboost.announcement.signals import replacement_selected, results_confirmed
        from psyboost.core.navigation import add_entry
        from psyboost.core.todos import add_provider
        from psyboost.notifications.messaging import add_digest_section
        from psyboost.review.models import Stage
        from psyboost.review.stages import register_gate

        from . import files, notices, todos
        from .services import creation, evaluation

        add_entry(("unit",), _("我的助推项目"), "projects:mine", 20)
        add_entry(("admin", "staff"), _("助推项目"), "projects:index", 50)
        add_entry(("admin", "staff"), _("资源对接"), "projects:requests", 55)
        add_entry(("expert",), _("结项评估"), "projects:evaluations", 20)
        files.register()
        results_confirmed.connect(creation.on_results_confirmed, dispatch_uid="projects.creation")
        replacement_selected.connect(creation.on_replacement_selected, dispatch_uid="projects.replacement")
        register_gate(Stage.CLOSING, evaluation.gate)
        add_digest_section(notices.overdue_digest)
        add_digest_section(notices.staff_todo_digest)
        add_provider(todos.project_todos, 60)
