"""``psyboost load-demo``: what it creates and that it is idempotent (the demo loaded once, see the package)."""

from collections import Counter
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from psyboost.accounts.models import Role, User
from psyboost.audit.models import AuditEntry
from psyboost.calls import districts
from psyboost.calls.lifecycle import PublicPhase, public_phase
from psyboost.calls.models import Call, Unit
from psyboost.demo.base import BEIJING
from psyboost.demo.loader import load_demo
from psyboost.demo.units import UNITS_PER_UNION, demo_unit_rows
from tests.demo.loaded import NOW

FIRST_UNIT = "东城区人民政府妫水街道办事处"

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    """Every demo-relevant row, as plain values, to compare before and after a second run."""
    return {
        "calls": sorted((model_to_dict(call) for call in Call.objects.all()), key=lambda row: row["year"]),
        "units": list(Unit.objects.order_by("name").values()),
        "users": list(User.objects.order_by("username").values()),
        "audit": AuditEntry.objects.count(),
    }


def test_it_creates_four_calls_270_units_and_281_users(demo):
    # 2019: the decided call (announcement step); 2025: the projects step's
    assert sorted(Call.objects.values_list("year", flat=True)) == [2019, 2020, 2025, 2026]
    assert Unit.objects.count() == 270
    assert User.objects.count() == 281
    assert Counter(User.objects.values_list("role", flat=True)) == {
        Role.STAFF: 1,
        Role.ADMIN: 1,
        Role.EXPERT: 9,
        Role.UNIT: 270,
    }
    assert [(step.key, report.created, report.updated, report.unchanged) for step, report in demo] == [
        ("calls", 2, 0, 0),
        ("units", 270, 0, 0),
        ("accounts", 281, 0, 0),
        ("applications", 100, 0, 0),
        ("intake", 0, 4, 0),  # the unit named in two years comes so from the registry rows
        ("review", 337, 0, 0),
        ("announcement", 3, 0, 0),
        ("projects", 104, 0, 0),  # 12 providers, 40 + 40 projects, 12 requests
    ]


def test_units_are_spread_over_every_district_the_zone_and_the_industry_unions(demo):
    by_union = Counter(Unit.objects.values_list("district_union", flat=True))
    assert by_union == UNITS_PER_UNION
    assert set(by_union) == set(districts.DISTRICT_UNIONS) - {districts.OTHER}
    assert by_union["朝阳区"] == 22
    assert by_union[districts.ECONOMIC_ZONE] == 9
    assert by_union["北京市教育工会"] == 10


def test_units_are_named_2015_to_2019_54_a_year_with_parent_unions_and_contacts(demo):
    assert Counter(Unit.objects.values_list("named_year", flat=True)) == {
        2015: 54,
        2016: 54,
        2017: 54,
        2018: 54,
        2019: 54,
    }
    for unit in Unit.objects.all():
        assert unit.parent_union.endswith("工会"), unit.name
        assert unit.contact_name and unit.contact_phone.startswith("010-") and unit.address.startswith("北京")
        assert unit.contact_email.endswith("@example.com")
    assert Unit.objects.get(name=FIRST_UNIT).parent_union == "东城区妫水街道总工会"


def test_the_2020_call_is_the_seed_notice(demo):
    call = Call.objects.get(year=2020)
    assert call.name == "2020年职工心理服务助推项目"
    assert call.edition == "2020版"
    assert call.opens_at == datetime(2020, 6, 1, 0, 0, tzinfo=BEIJING)
    assert call.deadline == datetime(2020, 7, 20, 23, 59, 59, tzinfo=BEIJING)
    assert call.deadline == datetime(2020, 7, 20, 15, 59, 59, tzinfo=UTC)
    assert call.quota == 40
    assert call.grant_amount == Decimal("20000.00")
    assert call.announcement_days == 5
    assert (call.named_year_from, call.named_year_to) == (2015, 2019)
    assert (call.implementation_start, call.implementation_end) == (date(2020, 8, 1), date(2020, 12, 31))
    assert call.contact_people == "李文华 周娜"
    assert call.contact_phones == "83570324 83570053"
    assert call.contact_email == "zgxlfwzt@163.com"
    assert call.contact_address == "北京市西城区虎坊路13号北京职工服务中心职业发展部"
    assert call.contact_postcode == "100052"
    assert call.status == Call.Status.ARCHIVED  # its projects are all closed (the projects step)
    assert public_phase(call, NOW) == PublicPhase.FINISHED
    assert call.eligible_units.count() == 270


def test_the_current_years_call_is_a_copy_open_for_a_month(demo):
    call = Call.objects.get(year=2026)
    assert call.name == "2026年职工心理服务助推项目"
    assert call.edition == "2026版"
    assert call.opens_at == datetime(2026, 11, 28, 0, 0, tzinfo=BEIJING)
    assert call.deadline == datetime(2026, 12, 29, 23, 59, 59, tzinfo=BEIJING)
    assert (call.named_year_from, call.named_year_to) == (2015, 2025)
    assert (call.implementation_start, call.implementation_end) == (date(2027, 1, 1), date(2027, 5, 31))
    assert (call.quota, call.grant_amount, call.announcement_days) == (40, Decimal("20000.00"), 5)
    assert call.contact_email == "zgxlfwzt@163.com"
    assert public_phase(call, NOW) == PublicPhase.OPEN
    assert AuditEntry.objects.filter(action="calls.copied", target_id=str(call.pk)).get().data == {"source_year": 2020}


def test_accounts_have_roles_names_and_no_forced_password_change(demo):
    staff, admin = User.objects.get(username="staff"), User.objects.get(username="admin")
    assert (staff.role, staff.is_staff, staff.is_superuser, staff.unit) == (Role.STAFF, False, False, None)
    assert (admin.role, admin.is_staff, admin.is_superuser) == (Role.ADMIN, True, True)
    experts = User.objects.filter(role=Role.EXPERT).order_by("username")
    assert [user.username for user in experts] == [f"expert{n}" for n in range(1, 10)]
    assert all(user.display_name for user in experts)
    assert User.objects.get(username="expert1").display_name == "王立新"
    assert not User.objects.filter(must_change_password=True).exists()
    # Hashed once: every demo account carries the very same hash (salt included).
    assert User.objects.order_by().values("password").distinct().count() == 1
    assert User.objects.get(username="unit270").check_password("psyboost-demo")


def test_unit_users_are_bound_one_to_one_in_the_stable_order(demo):
    rows = demo_unit_rows()
    unit001 = User.objects.select_related("unit").get(username="unit001")
    assert unit001.unit.name == FIRST_UNIT == rows[0]["name"]
    assert unit001.display_name == unit001.unit.contact_name
    assert User.objects.get(username="unit270").unit.name == rows[269]["name"]
    bound = User.objects.filter(role=Role.UNIT).values_list("unit_id", flat=True)
    assert len(set(bound)) == 270


def test_unit001_logs_in_with_the_demo_password_and_lands_on_my_applications(client, demo):
    response = client.post(reverse("accounts:login"), {"username": "unit001", "password": "psyboost-demo"})
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:mine")
    assert int(client.session["_auth_user_id"]) == User.objects.get(username="unit001").pk
    assert client.get(reverse("workbench:home")).status_code == 200


def test_running_it_twice_changes_and_duplicates_nothing(demo):
    before = snapshot()
    again = load_demo(now=NOW)
    assert snapshot() == before
    assert [(step.key, report.created, report.updated, report.unchanged) for step, report in again] == [
        ("calls", 0, 0, 2),
        ("units", 0, 0, 270),
        ("accounts", 0, 0, 281),
        ("applications", 0, 0, 100),
        ("intake", 0, 0, 1),
        ("review", 0, 0, 1),
        ("announcement", 0, 0, 2),
        ("projects", 0, 0, 15),
    ]


def test_a_later_run_puts_back_what_was_changed_but_keeps_passwords_and_the_open_call(demo):
    Call.objects.filter(year=2020).update(quota=30, contact_postcode="100000")
    Call.objects.filter(year=2026).update(quota=12)
    Unit.objects.filter(name=FIRST_UNIT).update(parent_union="别的工会")
    User.objects.filter(username="expert3").update(role=Role.STAFF, display_name="")
    user = User.objects.get(username="unit002")
    user.set_password("a-changed-password")
    user.save()

    report = dict((step.key, (r.created, r.updated, r.unchanged)) for step, r in load_demo(now=NOW))

    assert report == {
        "calls": (0, 1, 1),
        "units": (0, 1, 269),
        "accounts": (0, 1, 280),
        "applications": (0, 0, 100),
        "intake": (0, 0, 1),
        "review": (0, 0, 1),
        "announcement": (0, 0, 2),
        "projects": (0, 0, 15),
    }
    assert Call.objects.values_list("quota", "contact_postcode").get(year=2020) == (40, "100052")
    assert Call.objects.get(year=2026).quota == 12
    assert Unit.objects.get(name=FIRST_UNIT).parent_union == "东城区妫水街道总工会"
    assert User.objects.values_list("role", "display_name").get(username="expert3") == (Role.EXPERT, "张国华")
    assert User.objects.get(username="unit002").check_password("a-changed-password")
    assert AuditEntry.objects.filter(action="calls.changed").get().data == {"fields": ["quota", "contact_postcode"]}


def test_the_2025_applications_have_their_own_review_and_the_projects_follow_its_ranking(demo):
    from psyboost.projects.models import Project
    from psyboost.review.models import Decision, Review, ReviewSettings, Selection
    from psyboost.review.services.results import ranking_of

    call = Call.objects.get(year=2025)
    assert Review.objects.filter(assignment__application__call=call, state="submitted").count() > 3 * 45
    assert ReviewSettings.objects.get(call=call).phase == "decided"
    assert Decision.objects.get(call=call).selected_count == 40
    ranking = ranking_of(call)
    assert len(ranking.rows) == 45
    projects = set(Project.objects.filter(call=call).values_list("application_id", flat=True))
    selected = set(
        Selection.objects.filter(application__call=call, selected=True).values_list("application", flat=True)
    )
    assert projects == selected and len(projects) == 40
    top = {row.application_id for row in ranking.rows[:40]}
    overridden = list(
        Selection.objects.filter(application__call=call, overridden=True).values_list("reason", flat=True)
    )
    assert len(projects - top) == len(overridden) // 2 <= 1
