"""The notifications engine: kinds of notice, who gets what, the e-mail."""

import pytest
from django.core import mail

from psyboost.notifications.messaging import KINDS, Kind, notify, register
from tests.factories import UnitUserFactory

from .conftest import IN_TIME

pytestmark = pytest.mark.django_db

PROBE = Kind("probe", "测试通知 %(number)s", "正文：%(text)s", "结尾一句。")


@pytest.fixture
def probe_kind():
    register(PROBE)
    yield PROBE
    KINDS.pop(PROBE.key)


def test_a_notice_for_each_recipient_and_a_mail_for_those_with_an_address(probe_kind):
    with_mail = UnitUserFactory(username="with-mail", email="a@example.com", display_name="甲")
    without = UnitUserFactory(username="without-mail", email="")

    notices = notify(
        "probe", [with_mail, without], values={"number": "2020-001", "text": "内容"}, link="/x/", at=IN_TIME
    )

    assert [(n.recipient.username, n.event, n.title, n.body, n.link, n.created_at) for n in notices] == [
        ("with-mail", "probe", "测试通知 2020-001", "正文：内容", "/x/", IN_TIME),
        ("without-mail", "probe", "测试通知 2020-001", "正文：内容", "/x/", IN_TIME),
    ]
    [message] = mail.outbox
    assert message.to == ["a@example.com"]
    assert message.subject == "【职工心理服务助推项目】测试通知 2020-001"
    assert message.body == (
        "甲，您好：\n\n正文：内容\n\n结尾一句。\n\n查看详情：/x/\n\n"
        "此邮件由北京市总工会职工心理服务助推项目平台自动发送，请勿直接回复。\n\n"
    )


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown notice kind 'approved'"):
        notify("approved", [], values={})


def test_a_kind_cannot_be_registered_twice_with_other_texts(probe_kind):
    assert register(PROBE) is PROBE
    with pytest.raises(ValueError, match="registered twice"):
        register(Kind("probe", "别的标题", "别的正文"))
