"""Migration 0005 renames the form's "staff" (心理工作人员) to psych workers with the data kept: the rows, the head
counts, and the keys that stored submitted versions and the draft-save log use for them, both ways."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from psyboost.applications.models import Application, DraftSave, PsychWorker, Version
from tests.factories import ApplicationFactory

BEFORE = [("applications", "0004_reminder")]


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def migrate_to_the_latest():
    """Back to every app's latest migration (not only 0005: the later ones, of any app, that the way back undid)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_rename_keeps_rows_counts_versions_and_draft_saves():
    application = ApplicationFactory(internal_psych_worker_count=4, qualified_people_count=2, union_worker_count=9)
    Version.objects.create(
        application=application,
        number=1,
        data={
            "fields": {"internal_psych_worker_count": 4, "headcount": 100},
            "rows": {"psych_workers": [{"name": "张三丰"}], "equipment": []},
        },
    )
    DraftSave.objects.create(
        application=application, version=2, fields=["psych_workers-0-name", "external_psych_worker_count", "headcount"]
    )

    try:
        old = migrate(BEFORE)
        old_application = old.get_model("applications", "Application").objects.get(pk=application.pk)
        assert [row.name for row in old_application.staff_members.order_by("position")] == ["张三丰", "刘芳"]
        assert (old_application.internal_staff_count, old_application.qualified_staff_count) == (4, 2)
        assert old_application.union_staff_count == 9
        old_version = old.get_model("applications", "Version").objects.get(application_id=application.pk)
        assert old_version.data == {
            "fields": {"internal_staff_count": 4, "headcount": 100},
            "rows": {"staff_members": [{"name": "张三丰"}], "equipment": []},
        }
        old_save = old.get_model("applications", "DraftSave").objects.get(application_id=application.pk)
        assert old_save.fields == ["staff_members-0-name", "external_staff_count", "headcount"]
    finally:
        migrate_to_the_latest()

    application = Application.objects.get(pk=application.pk)
    assert [row.name for row in application.psych_workers.order_by("position")] == ["张三丰", "刘芳"]
    assert PsychWorker.objects.filter(application=application).count() == 2
    assert (application.internal_psych_worker_count, application.qualified_people_count) == (4, 2)
    assert Version.objects.get(application=application).data == {
        "fields": {"internal_psych_worker_count": 4, "headcount": 100},
        "rows": {"psych_workers": [{"name": "张三丰"}], "equipment": []},
    }
    assert DraftSave.objects.get(application=application).fields == [
        "psych_workers-0-name",
        "external_psych_worker_count",
        "headcount",
    ]
