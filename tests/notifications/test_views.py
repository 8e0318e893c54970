"""The notice list, mark read (one, all), and the unread count for the header."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse

from psyboost.applications.models import Transition
from psyboost.applications.notices import tell_the_unit
from psyboost.audit.models import AuditEntry
from psyboost.notifications.context_processors import unread
from psyboost.notifications.models import Notice
from tests.factories import UnitUserFactory

from .conftest import IN_TIME

pytestmark = pytest.mark.django_db
LIST = "/notifications/"  # notifications:list (a constant: reversing at import would load every URLconf)


def notices_for(user, count: int) -> list[Notice]:
    return Notice.objects.bulk_create(
        [
            Notice(
                recipient=user,
                event="accepted",
                title=f"消息{n:02d}",
                body="正文",
                link="/",
                created_at=IN_TIME + timedelta(minutes=n),
            )
            for n in range(count)
        ]
    )


def moved(application, source, target, at):
    step = Transition.objects.create(application=application, from_state=source, to_state=target)
    Transition.objects.filter(pk=step.pk).update(at=at)
    return step


def test_the_list_shows_ones_own_notices_newest_first_with_the_unread_count(client, application, owner, colleague):
    tell_the_unit("submitted", application, moved(application, "draft", "submitted", IN_TIME))
    tell_the_unit("accepted", application, moved(application, "submitted", "accepted", IN_TIME + timedelta(days=20)))
    Notice.objects.bulk_create([Notice(recipient=UnitUserFactory(), event="accepted", title="别人的消息")])
    client.force_login(owner)

    response = client.get(LIST)

    assert response.status_code == 200
    page = [notice.title for notice in response.context["page"]]
    assert page == ["申报已受理，编号 （未编号）", "申报已提交，编号 （未编号）"]
    assert response.context["unread"] == 2
    html = response.content.decode()
    assert "2 条未读" in html and "别人的消息" not in html
    assert "全部标为已读" in html


def test_the_unread_filter_and_pagination(client, owner):
    made = notices_for(owner, 25)
    Notice.objects.filter(pk=made[0].pk).update(read_at=IN_TIME)
    client.force_login(owner)
    first = client.get(LIST)
    assert len(first.context["page"]) == 20
    assert first.context["page"].paginator.count == 25
    assert client.get(LIST, {"page": 2}).context["page"].object_list[-1].title == "消息00"
    assert client.get(LIST, {"show": "unread", "page": 2}).context["page"].paginator.count == 24
    assert client.get(LIST, {"page": "abc"}).status_code == 200


def test_marking_one_read_with_a_plain_post_goes_back_to_the_list(client, owner):
    [notice] = notices_for(owner, 1)
    client.force_login(owner)
    response = client.post(reverse("notifications:mark_read", args=[notice.pk]), {"next": f"{LIST}?show=unread"})
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?show=unread"
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert AuditEntry.objects.filter(action="notifications.read", target_id=str(notice.pk)).count() == 1
    client.post(reverse("notifications:mark_read", args=[notice.pk]))
    assert AuditEntry.objects.filter(action="notifications.read").count() == 1  # already read: nothing new


def test_open_marks_read_and_follows_the_link(client, owner):
    [notice] = notices_for(owner, 1)
    Notice.objects.filter(pk=notice.pk).update(link="/applications/")
    client.force_login(owner)
    response = client.post(reverse("notifications:mark_read", args=[notice.pk]), {"open": "1"})
    assert response["Location"] == "/applications/"


def test_an_outside_next_is_ignored(client, owner):
    [notice] = notices_for(owner, 1)
    client.force_login(owner)
    response = client.post(reverse("notifications:mark_read", args=[notice.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == LIST


def test_with_htmx_the_row_is_swapped(client, owner):
    [notice] = notices_for(owner, 1)
    client.force_login(owner)
    response = client.post(reverse("notifications:mark_read", args=[notice.pk]), headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="notice-{notice.pk}"' in html and "标为已读" not in html
    assert '<span id="notice-unread-count" hx-swap-oob="true"></span>' in html  # no unread left: the count goes


def test_another_users_notice_is_not_found(client, owner):
    [notice] = notices_for(UnitUserFactory(), 1)
    client.force_login(owner)
    assert client.post(reverse("notifications:mark_read", args=[notice.pk])).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_mark_all_read(client, owner, colleague):
    notices_for(owner, 3)
    notices_for(colleague, 2)
    client.force_login(owner)
    response = client.post(reverse("notifications:mark_all_read"), follow=True)
    assert "已将3条消息标为已读。" in response.content.decode()
    assert Notice.objects.filter(recipient=owner, read_at__isnull=True).count() == 0
    assert Notice.objects.filter(recipient=colleague, read_at__isnull=True).count() == 2
    assert AuditEntry.objects.get(action="notifications.all_read").data == {"count": 3}


def test_the_header_count_is_lazy_and_counts_unread(owner, django_assert_num_queries):
    notices_for(owner, 4)
    request = RequestFactory().get("/")
    request.user = owner
    with django_assert_num_queries(0):
        context = unread(request)
    with django_assert_num_queries(1):
        assert str(context["unread_notice_count"]) == "4"


def test_the_header_count_of_a_visitor_is_zero():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert unread(request) == {"unread_notice_count": 0}


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_query_count_does_not_grow_with_the_notices(client, owner, count, django_assert_num_queries):
    notices_for(owner, count)
    client.force_login(owner)
    with django_assert_num_queries(7):  # the header's unread count included
        assert client.get(LIST).status_code == 200


def test_the_list_address_is_the_named_url():
    assert reverse("notifications:list") == LIST


def test_the_header_link_shows_the_unread_count(owner):
    from django.template.loader import render_to_string

    notices_for(owner, 2)
    request = RequestFactory().get("/")
    request.user = owner
    html = render_to_string("notifications/includes/header_link.html", unread(request))
    assert 'href="/notifications/"' in html and ">2</span>" in html and 'aria-label="2 条未读"' in html


def test_htmx_is_loaded_only_by_the_page_that_uses_it(client, owner):
    client.force_login(owner)
    htmx = '<script src="/static/psyboost/vendor/htmx-2.0.11.min.js" defer></script>'
    assert htmx in client.get(LIST).content.decode()
    assert htmx not in client.get("/").content.decode()
