from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories import ApplicationFactory, StaffFactory, UnitUserFactory

BEIJING = ZoneInfo("Asia/Shanghai")
IN_TIME = datetime(2020, 7, 1, 10, 30, tzinfo=BEIJING)


@pytest.fixture
def application(db):
    return ApplicationFactory(unit__name="北京恒远物业管理有限公司")


@pytest.fixture
def owner(application):
    return UnitUserFactory(username="unit-owner", unit=application.unit, display_name="李晓梅", email="li@example.com")


@pytest.fixture
def colleague(application):
    """A second user of the same unit, without an e-mail address: in-app notice only."""
    return UnitUserFactory(username="unit-colleague", unit=application.unit, display_name="王强", email="")


@pytest.fixture
def staff(db):
    return StaffFactory(username="staff-zhou", display_name="周娜", email="zhou@example.com")
