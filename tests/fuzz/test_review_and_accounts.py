"""Scoring, conflict declarations, sign-in, the audit viewer's filters and the call form under generated input:
never a server error; stored scores stay within 0 and their criterion's maximum."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from psyboost.calls.models import Call
from psyboost.review.models import Conflict, Review, Score
from tests import factories
from tests.review.scoring_helpers import scene

from .conftest import SENT, fuzz_settings
from .strategies import DATES, NUMBERISH, SCALAR, TEXT

pytestmark = pytest.mark.django_db


def text(value) -> str:
    return "" if value is None else str(value).replace("\x00", "")


def test_scoring_under_generated_posts(client):
    s = scene()
    client.force_login(s.expert.user)
    url = reverse("review:score", args=[s.assignment.pk])
    client.get(url)

    @fuzz_settings("score")
    @given(NUMBERISH, NUMBERISH, TEXT, SCALAR, st.one_of(st.none(), NUMBERISH), st.booleans())
    def send(site, budget, comment, overall, version, submit):
        review = Review.objects.filter(assignment=s.assignment).first()
        form = {
            f"points_{s.site.pk}": site,
            f"points_{s.budget.pk}": budget,
            f"comment_{s.budget.pk}": text(comment),
            "comment": text(overall),
            "version": text(version) if version is not None else str(review.version if review else 1),
        }
        if submit:
            form["submit"] = "1"
        response = client.post(url, form)
        SENT["count"] += 1
        assert response.status_code in (200, 302, 400, 409), response.content[:300]
        for score in Score.objects.select_related("criterion"):
            assert 0 <= score.points <= score.criterion.max_points

    send()


def test_conflict_declarations_under_generated_posts(client):
    s = scene()
    client.force_login(s.expert.user)
    url = reverse("review:my_conflicts", args=[s.call.year])
    units = [s.application.unit_id, 999999, -1]

    @fuzz_settings("conflict")
    @given(
        st.one_of(st.sampled_from(units).map(str), TEXT), st.one_of(st.sampled_from(Conflict.Kind.values), TEXT), TEXT
    )
    def send(unit, kind, note):
        response = client.post(url, {"unit": text(unit), "kind": text(kind), "note": text(note)})
        SENT["count"] += 1
        assert response.status_code in (200, 302), response.content[:300]
        assert set(Conflict.objects.values_list("kind", flat=True)) <= set(Conflict.Kind.values)

    send()


def test_sign_in_under_generated_posts(client):
    factories.StaffFactory(username="chen")

    @fuzz_settings("login")
    @given(SCALAR, SCALAR, st.sampled_from(["", "/", "//evil.example/", "javascript:alert(1)", "/accounts/"]))
    def send(username, password, next_url):
        response = client.post(
            f"{reverse('accounts:login')}?next={next_url}", {"username": text(username), "password": text(password)}
        )
        SENT["count"] += 1
        assert response.status_code in (200, 302, 429), response.content[:300]
        if response.status_code == 302:
            assert not response["Location"].startswith(("//", "javascript:", "http"))

    send()


def test_audit_filters_under_generated_queries(client):
    client.force_login(factories.StaffFactory(username="chen"))
    names = st.sampled_from(["actor", "action", "target_type", "target_id", "date_from", "date_to", "page", "x"])

    @fuzz_settings("audit")
    @given(st.dictionaries(names, st.one_of(TEXT, DATES, NUMBERISH), max_size=5), st.booleans())
    def send(query, export):
        clean = {key: text(value) for key, value in query.items()}
        response = client.get(reverse("audit:export" if export else "audit:index"), clean)
        SENT["count"] += 1
        assert response.status_code == 200, response.content[:300]

    send()


def test_the_call_form_under_generated_posts(client):
    client.force_login(factories.StaffFactory(username="chen"))
    url = reverse("calls:create")
    names = ["year", "name", "edition", "opens_at", "deadline", "quota", "grant_amount", "announcement_days",
             "named_year_from", "named_year_to", "implementation_start", "implementation_end", "contact_email",
             "contact_postcode"]  # fmt: skip

    @fuzz_settings("call")
    @given(st.dictionaries(st.sampled_from(names), st.one_of(SCALAR, DATES), max_size=len(names)))
    def send(data):
        before = Call.objects.count()
        response = client.post(url, {key: text(value) for key, value in data.items()})
        SENT["count"] += 1
        assert response.status_code in (200, 302, 400), response.content[:300]
        for call in Call.objects.order_by("pk")[before:]:
            call.full_clean()

    send()
