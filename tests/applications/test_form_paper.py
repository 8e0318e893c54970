"""The web form faithful to the paper (issue 9): the paper's sub-headings verbatim, 金额 before 说明, the call's year
and grant in every text taken from the call, the seal labels on the sign-off page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from .test_form_views import section_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_in_the_call")]


@pytest.fixture
def unit_client(client, owner):
    client.force_login(owner)
    return client


def test_the_foundation_page_carries_the_papers_sub_headings_in_order(unit_client, application):
    page = unit_client.get(section_url(application, "foundation")).content.decode()

    headings = [
        '<h2 class="subheading">1.职工心理服务场地介绍（以附件形式发送场地照片）</h2>',
        '<h2 class="subheading">2.现有心理设备设施情况（以附件形式发送设备照片）</h2>',
        '<h2 class="subheading">3.心理工作人员情况</h2>',
    ]
    positions = [page.index(heading) for heading in headings]
    assert positions == sorted(positions)
    assert positions[0] < page.index('name="site_area"') < positions[1] < page.index('id="table-equipment"')
    assert positions[2] < page.index('name="union_worker_count"')


def test_the_history_title_carries_the_papers_note(unit_client, application):
    page = unit_client.get(section_url(application, "history")).content.decode()
    assert "<h1>三、2019年职工心理服务工作开展情况（可附活动短视频）</h1>" in page


def test_the_budget_puts_the_amount_before_the_notes(unit_client, application):
    page = unit_client.get(section_url(application, "project")).content.decode()
    header = page.split('id="table-budget_items"', 1)[1].split("</thead>", 1)[0]
    assert header.index("金额（元）") < header.index("说明")
    first_row = page.split('id="table-budget_items"', 1)[1].split("<tr data-row>", 2)[1]
    assert first_row.index("data-amount") < first_row.index('name="budget_items-0-notes"')


def test_the_calls_grant_and_year_in_the_notes(unit_client, application):
    call = application.call
    call.grant_amount = Decimal("30000.00")
    call.save()

    page = unit_client.get(section_url(application, "project")).content.decode()

    assert "7、经费预算（市总工会助推资金3万元，超出部分由本单位自筹）" in page
    assert "（注：可依据市总工会心理服务助推资金3万元标准，规划2020年度职工心理服务项目内容）" in page
    assert "2万元" not in page


def test_the_signoff_page_names_both_seals(unit_client, application):
    page = unit_client.get(section_url(application, "signoff")).content.decode()
    seals = page.split('<ul class="seals">', 1)[1].split("</ul>", 1)[0]
    assert seals == "<li>（申报单位工会公章）</li><li>（申报单位公章）</li>"


def test_the_read_only_budget_puts_the_amount_before_the_notes(unit_client, application):
    page = unit_client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    table = page.split('id="readonly-budget_items"', 1)[1].split("</table>", 1)[0]
    assert table.index("金额（元）") < table.index("说明")
    assert '<th scope="row" colspan="4">总计（元）</th><td class="num">20,000.00</td><td></td>' in table
