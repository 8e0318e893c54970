from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from psyboost.applications.checks import check_application
from tests.factories import ApplicationFactory, StaffFactory, UnitUserFactory

BEIJING = ZoneInfo("Asia/Shanghai")
IN_TIME = datetime(2020, 7, 1, 10, 0, tzinfo=BEIJING)


@pytest.fixture
def application(db):
    return ApplicationFactory()


@pytest.fixture
def owner(application):
    return UnitUserFactory(unit=application.unit, display_name="李晓梅")


@pytest.fixture
def staff(db):
    return StaffFactory(display_name="周娜")


def found(application, **kwargs) -> list[tuple[str, str, str]]:
    """The problems of ``application`` as (field, message, severity), in the order the checks report them."""
    return [(p.field, p.message_zh, p.severity) for p in check_application(application, **kwargs)]
