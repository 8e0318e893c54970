from datetime import date

import pytest
from django.urls import reverse

from psyboost.audit.models import AuditEntry
from psyboost.calls.models import Call
from tests.factories import CallFactory, UnitFactory


@pytest.mark.django_db
def test_public_notice_is_built_from_the_calls_values(client):
    call = CallFactory(quota=40)
    UnitFactory.create_batch(3, named_year=2016)
    UnitFactory(named_year=2020)

    response = client.get(reverse("calls:notice", args=[call.year]))

    assert response.status_code == 200
    page = response.content.decode()
    for heading in ("一、工作目标", "二、参评资格", "三、评选流程", "四、注意事项"):
        assert heading in page
    assert "拟评选出40个优秀职工心理服务助推项目" in page
    assert "每个项目给予20000元助推资金支持" in page
    assert "2015年至2019年获评市总工会命名“职工心灵驿站”的3家单位" in page
    assert "公示期为5天" in page
    assert "2020年7月20日前" in page
    assert "zgxlfwzt@163.com" in page and "100052" in page
    assert "已截止" in page


@pytest.mark.django_db
def test_unknown_year_is_404(client):
    assert client.get(reverse("calls:notice", args=[1999])).status_code == 404


@pytest.mark.django_db
def test_staff_create_a_call_with_bad_dates_keeps_input_and_explains(staff_client):
    data = {
        "year": 2027,
        "name": "2027年职工心理服务助推项目",
        "edition": "2027版",
        "opens_at": "2027-07-01T00:00",
        "deadline": "2027-06-01T00:00",
        "quota": 40,
        "grant_amount": "20000",
        "announcement_days": 5,
        "named_year_from": 2015,
        "named_year_to": 2026,
        "contact_postcode": "10005x",
    }
    response = staff_client.post(reverse("calls:create"), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "截止时间必须晚于开始申报时间。" in page
    assert "邮政编码应为 6 位数字。" in page
    assert 'value="2027年职工心理服务助推项目"' in page
    assert not Call.objects.filter(year=2027).exists()


@pytest.mark.django_db
def test_staff_create_a_call(staff_client):
    data = {
        "year": 2027,
        "name": "2027年职工心理服务助推项目",
        "edition": "2027版",
        "form_issued_on": "2027-05-20",
        "opens_at": "2027-06-01T00:00",
        "deadline": "2027-07-20T23:59",
        "quota": 40,
        "grant_amount": "20000",
        "announcement_days": 5,
        "named_year_from": 2015,
        "named_year_to": 2026,
    }
    response = staff_client.post(reverse("calls:create"), data)

    assert response.status_code == 302
    call = Call.objects.get(year=2027)
    assert call.deadline.isoformat() == "2027-07-20T15:59:00+00:00"
    assert (call.form_issued_on, call.form_issue_month) == (date(2027, 5, 20), date(2027, 5, 1))
    assert AuditEntry.objects.filter(action="calls.created", target_id=str(call.pk)).count() == 1


@pytest.mark.django_db
def test_staff_copy_refuses_an_existing_year(staff_client):
    CallFactory(year=2020)
    CallFactory(year=2021)

    response = staff_client.post(reverse("calls:copy", args=[2020]), {"year": 2021})

    assert response.status_code == 200
    assert "2021 年度的评选已存在。" in response.content.decode()
    assert Call.objects.count() == 2


@pytest.mark.django_db
def test_staff_copy_creates_the_next_year_and_opens_its_form(staff_client):
    CallFactory(year=2020)

    response = staff_client.post(reverse("calls:copy", args=[2020]), {"year": 2021})

    assert response.status_code == 302
    assert response["Location"] == reverse("calls:edit", args=[2021])
    assert Call.objects.get(year=2021).name == "2021年职工心理服务助推项目"


@pytest.mark.django_db
def test_unit_users_cannot_manage_calls(unit_client):
    CallFactory()
    assert unit_client.get(reverse("calls:staff_list")).status_code == 403
    assert unit_client.post(reverse("calls:copy", args=[2020]), {"year": 2021}).status_code == 403
