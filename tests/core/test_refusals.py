"""A refusal nobody caught becomes one answer: a page with the message, or JSON for scripts."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.translation import gettext_lazy

from psyboost.applications.errors import NotEditable
from psyboost.core.refusals import RefusalMiddleware, Refused
from psyboost.uploads.errors import UploadRefused


def refusing_view(request):
    raise NotEditable(gettext_lazy("此申报已提交，不能修改。"))


def middleware_answer(request, exception):
    return RefusalMiddleware(lambda request: HttpResponse()).process_exception(request, exception)


@pytest.mark.django_db
def test_a_page_says_why_with_the_refusals_status(rf: RequestFactory):
    request = rf.get("/applications/1/")
    request.user = AnonymousUser()
    response = middleware_answer(request, UploadRefused("文件太大。", status=413))
    assert response.status_code == 413
    assert '<p role="alert">文件太大。</p>' in response.content.decode()


def test_a_script_gets_json(rf: RequestFactory):
    request = rf.post("/applications/1/autosave/", data="{}", content_type="application/json")
    try:
        refusing_view(request)
    except Refused as refusal:
        response = middleware_answer(request, refusal)
    assert (response.status_code, json.loads(response.content)) == (400, {"error": "此申报已提交，不能修改。"})


def test_other_exceptions_are_not_its_business(rf: RequestFactory):
    assert middleware_answer(rf.get("/"), ValueError("no")) is None


def test_every_refusal_carries_its_message_field_and_status():
    refusal = Refused(gettext_lazy("请填写延期理由。"), field="reason")
    assert (str(refusal), refusal.message, refusal.field, refusal.status) == (
        "请填写延期理由。",
        "请填写延期理由。",
        "reason",
        400,
    )
