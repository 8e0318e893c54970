"""The staff digest: what the stages report since the last one (new submissions here), once a Beijing day, no mail
when there is nothing."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from psyboost.applications import services
from psyboost.audit.models import AuditEntry
from psyboost.notifications.messaging import send_digest
from psyboost.notifications.models import Digest, Notice
from psyboost.notifications.tasks import send_digest as send_digest_task
from tests.factories import AdminFactory, ApplicationFactory, CallFactory, StaffFactory, UnitUserFactory

from .conftest import IN_TIME

pytestmark = pytest.mark.django_db

MORNING = IN_TIME + timedelta(days=1, hours=-2)  # 2 July 2020, 08:30 Beijing


def submitted(name: str, at):
    application = ApplicationFactory(call=CallFactory(year=2020), unit__name=name)
    services.submit(application, UnitUserFactory(unit=application.unit), now=at)
    return application


def test_staff_get_the_applications_submitted_in_the_last_24_hours(staff):
    AdminFactory(username="admin-no-mail", email="")
    old = submitted("早提交单位", IN_TIME - timedelta(days=2))
    first = submitted("甲单位", IN_TIME)
    second = submitted("乙单位", IN_TIME + timedelta(hours=3))

    digest = send_digest(now=MORNING)

    assert digest.day.isoformat() == "2020-07-02"
    assert digest.items == {"submitted": [first.pk, second.pk]}
    assert digest.emails_sent == 1
    [message] = mail.outbox
    assert message.to == ["zhou@example.com"]
    assert message.subject == "【职工心理服务助推项目】每日工作汇总：2020-07-02，共2项"
    assert "新提交 2 份申报，待形式审查：" in message.body
    assert "2020-002  甲单位  2020年7月1日 10:30" in message.body
    assert "2020-003  乙单位  2020年7月1日 13:30" in message.body
    assert old.unit.name not in message.body
    assert sorted(Notice.objects.filter(event="digest").values_list("recipient__username", flat=True)) == [
        "admin-no-mail",
        "staff-zhou",
    ]
    assert not Notice.objects.filter(recipient__role="unit", event="digest").exists()
    assert AuditEntry.objects.get(action="notifications.digest_sent").data == {"items": 2, "emails": 1}


def test_it_sends_once_a_day_and_the_next_one_starts_where_the_last_ended(staff):
    submitted("甲单位", IN_TIME)
    assert send_digest(now=MORNING) is not None
    assert send_digest(now=MORNING + timedelta(hours=5)) is None
    assert len(mail.outbox) == 1

    late = submitted("丙单位", MORNING + timedelta(hours=1))
    tomorrow = send_digest(now=MORNING + timedelta(days=1))
    assert tomorrow.items == {"submitted": [late.pk]}
    assert tomorrow.since == MORNING
    assert len(mail.outbox) == 2


def test_no_mail_and_no_notice_when_nothing_was_submitted(staff):
    digest = send_digest(now=MORNING)
    assert (digest.items, digest.emails_sent) == ({}, 0)
    assert mail.outbox == []
    assert Notice.objects.count() == 0
    assert Digest.objects.count() == 1


def test_a_resubmission_is_listed_again(staff):
    application = submitted("甲单位", IN_TIME - timedelta(days=3))
    services.return_for_revision(application, StaffFactory(), "请补充照片。")
    services.submit(application, UnitUserFactory(unit=application.unit), now=IN_TIME)
    assert send_digest(now=MORNING).items == {"submitted": [application.pk]}


def test_the_command_and_the_task(staff, capsys):
    call_command("send-digest")
    assert "过去一天没有需要汇总的事项，未发送邮件。" in capsys.readouterr().out
    call_command("send_digest")
    assert "今天的汇总已经发送过，未重复发送。" in capsys.readouterr().out
    Digest.objects.all().delete()
    submitted("甲单位", IN_TIME)
    assert send_digest_task.call((MORNING).isoformat()) == 1
    assert send_digest_task.call((MORNING).isoformat()) is None


def test_the_command_reports_what_it_sent(staff, capsys):
    submitted("甲单位", IN_TIME)
    with time_machine.travel(MORNING, tick=False):
        call_command("send-digest")
    assert "已汇总1项，发送邮件1封。" in capsys.readouterr().out
