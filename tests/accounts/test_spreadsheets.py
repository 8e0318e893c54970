import io

import pytest
from openpyxl import load_workbook

from psyboost.accounts import services
from psyboost.accounts.spreadsheets import credentials_filename, credentials_workbook
from psyboost.calls import unit_accounts
from psyboost.calls.models import Unit
from tests.accounts.helpers import read_sheet
from tests.factories import ExpertFactory, UnitFactory

pytestmark = pytest.mark.django_db

LOGIN = "https://psyboost.example.org/accounts/login/"


def test_sheet_has_the_five_columns_and_one_row_per_account(staff_user):
    UnitFactory(name="北京市第一热力公司", district_union="朝阳区")
    UnitFactory(name="北京地铁运营公司", district_union="北京市交通运输工会")
    issued = unit_accounts.create_unit_accounts(Unit.objects.all(), actor=staff_user)

    rows = read_sheet(credentials_workbook(issued, LOGIN))

    assert rows[0] == ["单位名称", "所属区/产业工会", "用户名", "初始密码", "登录地址"]
    assert rows[1:] == [
        [item.user.unit.name, item.user.unit.district_union, item.user.username, item.password, LOGIN]
        for item in issued
    ]
    assert {row[0] for row in rows[1:]} == {"北京市第一热力公司", "北京地铁运营公司"}


def test_sheet_explains_that_passwords_are_shown_once(staff_user):
    expert = services.IssuedPassword(ExpertFactory(username="e1"), "Abcd-efgh-2345")

    notes = [row[0] for row in read_sheet(credentials_workbook([expert], LOGIN), "说明")]

    assert "初始密码只在本表中出现一次，平台不保存明文密码；遗失后请由工作人员重置密码。" in notes
    assert "首次登录后须立即修改初始密码。" in notes
    assert read_sheet(credentials_workbook([expert], LOGIN))[1] == [None, None, "e1", "Abcd-efgh-2345", LOGIN]


def test_a_unit_name_that_looks_like_a_formula_stays_text(staff_user):
    UnitFactory(name='=HYPERLINK("http://evil.invalid","点我")')
    issued = unit_accounts.create_unit_accounts(Unit.objects.all(), actor=staff_user)

    workbook = load_workbook(io.BytesIO(credentials_workbook(issued, LOGIN)))
    cell = workbook["初始密码"]["A2"]

    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://evil.invalid","点我")'


def test_filename_carries_the_time():
    name = credentials_filename("单位账号初始密码")
    assert name.startswith("单位账号初始密码-") and name.endswith(".xlsx")
    assert len(name) == len("单位账号初始密码-20200720-1530.xlsx")
