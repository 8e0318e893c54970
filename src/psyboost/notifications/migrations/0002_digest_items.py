from django.db import migrations, models


def ids_to_items(apps, schema_editor):
    Digest = apps.get_model("notifications", "Digest")
    for digest in Digest.objects.all():
        digest.items = {"submitted": digest.items} if isinstance(digest.items, list) and digest.items else {}
        digest.save(update_fields=["items"])


def items_to_ids(apps, schema_editor):
    Digest = apps.get_model("notifications", "Digest")
    for digest in Digest.objects.all():
        digest.items = digest.items.get("submitted", []) if isinstance(digest.items, dict) else digest.items
        digest.save(update_fields=["items"])


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [
        migrations.RenameField("digest", "application_ids", "items"),
        migrations.RunPython(ids_to_items, items_to_ids),
        migrations.AlterField(
            model_name="digest",
            name="items",
            field=models.JSONField(default=dict, help_text="每部分的对象编号", verbose_name="汇总事项"),
        ),
    ]
