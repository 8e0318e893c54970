"""The authorization matrix: every URL pattern of the project has an entry in tests/authz/, and every role gets the
answer its entry names (see tests/authz/__init__.py for the format)."""

from collections import Counter

import pytest
import time_machine
from django.test import Client

from psyboost.audit.models import AuditEntry
from tests.authz.framework import ROLES, load_entries, roles_of, url_patterns
from tests.authz.world import instant_of

ENTRIES = load_entries()


def matrix_params() -> list:
    """One pytest param per (entry, case, role), e.g. ``calls:notice[GET missing year]-anonymous``."""
    return [
        pytest.param(item, case, role, id=f"{item.key}[{case.title}]-{role}")
        for item in ENTRIES
        for case in item.cases
        for role in roles_of(case)
    ]


def client_for(world) -> Client:
    client = Client()
    if world.user is not None:
        client.force_login(world.user)
    return client


def send(client: Client, case, url: str, data, headers):
    if case.method == "GET":
        return client.get(url, headers=headers)
    if case.method == "POST":
        return client.post(url, data if data is not None else {}, headers=headers)
    headers = dict(headers or {})
    content_type = headers.pop("Content-Type", "application/octet-stream")
    return client.generic(
        case.method, url, data if data is not None else b"", content_type=content_type, headers=headers
    )


def test_every_url_pattern_has_an_entry():
    covered = {item.key for item in ENTRIES}
    missing = [
        f"URL pattern {pattern.key!r} (/{pattern.route}) has no entry in the authorization matrix: "
        f"add one to {pattern.entry_file}"
        for pattern in url_patterns()
        if pattern.key not in covered
    ]
    assert not missing, "\n".join(missing)


def test_every_entry_names_an_existing_pattern_once():
    patterns = {pattern.key for pattern in url_patterns()}
    stale = [
        f"{item.module}: {item.key!r} is no URL pattern of the project" for item in ENTRIES if item.key not in patterns
    ]
    twice = [key for key, count in Counter(item.key for item in ENTRIES).items() if count > 1]
    assert not stale, "\n".join(stale)
    assert not twice, f"patterns with more than one entry: {twice}"


def test_every_case_answers_for_every_role():
    incomplete = [
        f"{item.module}: {item.key} [{case.title}] names no answer for {sorted(set(ROLES) - set(case.answers))}"
        for item in ENTRIES
        for case in item.cases
        if not set(ROLES) <= set(case.answers)
    ]
    assert not incomplete, "\n".join(incomplete)
    titles = Counter((item.key, case.title) for item in ENTRIES for case in item.cases)
    assert [key for key, count in titles.items() if count > 1] == [], "two cases of one entry share a title"


@pytest.mark.django_db
@pytest.mark.usefixtures("scratch_upload_dir")  # files a case makes (an unfinished upload's) stay in tmp_path
@pytest.mark.parametrize(("item", "case", "role"), matrix_params())
def test_answer(base_world, item, case, role):
    with time_machine.travel(instant_of(item), tick=False):
        answer(base_world, item, case, role)


def answer(base_world, item, case, role):
    world = base_world.for_role(role)
    client = client_for(world)
    url = item.url(case, world)  # the builders run first: what they create is not the request's doing
    data = case.data(world) if case.data else None
    headers = case.headers(world) if case.headers else None
    audit_before = AuditEntry.objects.count()

    response = send(client, case, url, data, headers)

    expected = case.answers[role]
    problem = expected.problem(response, world, url)
    assert problem is None, f"{case.method} {url} as {role}: {problem}"
    if expected.denied:
        assert AuditEntry.objects.count() == audit_before, f"{case.method} {url} as {role} was refused but audited"
