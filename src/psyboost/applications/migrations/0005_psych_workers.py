"""The form's 心理工作人员 are psych workers, not "staff" (issue 11): the model, its rows' related name and the head
counts are renamed, data kept. Stored submitted versions and the draft-save log name fields by their keys, so the
old keys in them are renamed too (the values are untouched)."""

import django.db.models.deletion
from django.db import migrations, models

FIELDS = {
    "union_staff_count": "union_worker_count",
    "internal_staff_count": "internal_psych_worker_count",
    "external_staff_count": "external_psych_worker_count",
    "qualified_staff_count": "qualified_people_count",
}
ROWS = {"staff_members": "psych_workers"}


def _renamed(name: str, fields: dict, rows: dict) -> str:
    if name in fields:
        return fields[name]
    head, dash, tail = name.partition("-")
    return rows.get(head, head) + dash + tail


def _rename_keys(apps, fields: dict, rows: dict) -> None:
    Version = apps.get_model("applications", "Version")
    for version in Version.objects.all().iterator():
        data = version.data or {}
        changed = False
        for part, mapping in (("fields", fields), ("rows", rows)):
            values = data.get(part)
            if isinstance(values, dict) and any(key in mapping for key in values):
                data[part] = {mapping.get(key, key): value for key, value in values.items()}
                changed = True
        if changed:
            Version.objects.filter(pk=version.pk).update(data=data)
    DraftSave = apps.get_model("applications", "DraftSave")
    for save in DraftSave.objects.all().iterator():
        names = [_renamed(name, fields, rows) for name in save.fields or []]
        if names != save.fields:
            DraftSave.objects.filter(pk=save.pk).update(fields=names)


def forwards(apps, schema_editor):
    _rename_keys(apps, FIELDS, ROWS)


def backwards(apps, schema_editor):
    _rename_keys(apps, {v: k for k, v in FIELDS.items()}, {v: k for k, v in ROWS.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0004_reminder"),
    ]

    operations = [
        migrations.RenameModel(old_name="StaffMember", new_name="PsychWorker"),
        migrations.RemoveConstraint(model_name="psychworker", name="applications_staffmember_position_unique"),
        migrations.AddConstraint(
            model_name="psychworker",
            constraint=models.UniqueConstraint(
                fields=("application", "position"), name="applications_psychworker_position_unique"
            ),
        ),
        migrations.AlterField(
            model_name="psychworker",
            name="application",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="psych_workers",
                to="applications.application",
            ),
        ),
        *(migrations.RenameField(model_name="application", old_name=old, new_name=new) for old, new in FIELDS.items()),
        migrations.RunPython(forwards, backwards),
    ]
