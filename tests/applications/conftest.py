from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from psyboost.applications.checks import check_application
from tests.factories import ApplicationFactory, StaffFactory, UnitUserFactory

BEIJING = ZoneInfo("Asia/Shanghai")
IN_TIME = datetime(2020, 7, 1, 10, 0, tzinfo=BEIJING)


@pytest.fixture
def clock_in_the_call():
    """The form is open only while the call is open for the unit: tests of the form run on 1 July 2020, inside the
    2020 call of the factories (``pytestmark = pytest.mark.usefixtures("clock_in_the_call")``)."""
    with time_machine.travel(IN_TIME, tick=False) as traveller:
        yield traveller


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
