from django.db import migrations, models

# The old stage "closed" (已结项) is the new status "archived" (归档); the others keep their values.


def stage_to_status(apps, schema_editor):
    apps.get_model("calls", "Call").objects.filter(status="closed").update(status="archived")


def status_to_stage(apps, schema_editor):
    Call = apps.get_model("calls", "Call")
    Call.objects.filter(status__in=["closing", "archived"]).update(status="closed")


class Migration(migrations.Migration):
    dependencies = [("calls", "0001_initial")]

    operations = [
        migrations.RenameField("call", "stage", "status"),
        migrations.RunPython(stage_to_status, status_to_stage),
        migrations.AlterField(
            model_name="call",
            name="status",
            field=models.CharField(
                choices=[
                    ("submission", "申报"),
                    ("review", "评审"),
                    ("announcement", "公示"),
                    ("implementation", "立项实施"),
                    ("closing", "结项"),
                    ("archived", "归档"),
                ],
                default="submission",
                max_length=20,
                verbose_name="状态",
            ),
        ),
    ]
