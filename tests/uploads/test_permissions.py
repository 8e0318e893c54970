"""Only the user who started an upload can see or touch it; anonymous visitors get nothing; the purpose decides."""

import pytest
from django.test import Client

from psyboost.uploads.models import State, Upload

from . import samples
from .tus import TUS, create, head, patch, upload_all

pytestmark = pytest.mark.django_db

NOT_FOUND = {"error": "找不到这次上传，请重新选择文件。"}
SIGNED_OUT = {"error": "登录已失效，请重新登录后再上传。"}


def test_another_users_upload_url_is_not_found(unit_client, unit_user, other_unit_user):
    url = create(unit_client, 100, target=unit_user.unit_id)["Location"]
    patch(unit_client, url, 0, bytes(30))
    stranger = Client()
    stranger.force_login(other_unit_user)

    responses = {
        "head": head(stranger, url),
        "patch": patch(stranger, url, 30, bytes(10)),
        "get": stranger.get(url),
        "delete": stranger.delete(url, headers=TUS),
    }

    assert {name: response.status_code for name, response in responses.items()} == dict.fromkeys(responses, 404)
    assert responses["patch"].json() == NOT_FOUND
    assert responses["get"].json() == NOT_FOUND
    upload = Upload.objects.get()
    assert (upload.state, upload.offset) == (State.RECEIVING, 30)


def test_a_finished_upload_of_another_user_is_not_found(unit_client, unit_user, other_unit_user):
    _response, url = upload_all(unit_client, samples.jpeg(), target=unit_user.unit_id)
    stranger = Client()
    stranger.force_login(other_unit_user)

    response = stranger.get(url)

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert "result" not in response.json()


def test_anonymous_visitors_are_refused(unit_client, unit_user):
    url = create(unit_client, 100, target=unit_user.unit_id)["Location"]
    client = Client()

    responses = [
        create(client, 100, target=unit_user.unit_id),
        head(client, url),
        patch(client, url, 0, bytes(10)),
        client.get(url),
        client.delete(url, headers=TUS),
    ]

    assert [response.status_code for response in responses] == [403] * 5
    assert responses[0].json() == SIGNED_OUT
    assert responses[2].json() == SIGNED_OUT
    assert Upload.objects.get().offset == 0
    assert client.options("/uploads/").status_code == 204


def test_an_inactive_user_is_refused(unit_client, unit_user):
    unit_user.is_active = False
    unit_user.save()

    response = create(unit_client, 100, target=unit_user.unit_id)

    assert response.status_code == 403


def test_the_purpose_decides_who_may_upload_for_what(unit_client, unit_user, other_unit_user, staff_user):
    staff_client = Client()
    staff_client.force_login(staff_user)

    foreign = create(unit_client, 100, target=other_unit_user.unit_id)
    staff = create(staff_client, 100, target=unit_user.unit_id)
    own = create(unit_client, 100, target=unit_user.unit_id)

    assert (foreign.status_code, foreign.json()) == (403, {"error": "您无权为此对象上传文件。"})
    assert staff.status_code == 403
    assert own.status_code == 201
    assert Upload.objects.get().user == unit_user


def test_permission_is_asked_again_when_the_upload_completes(unit_client, unit_user, finisher):
    data = samples.jpeg()
    url = create(unit_client, len(data), target=unit_user.unit_id)["Location"]
    patch(unit_client, url, 0, data[:100])
    Upload.objects.update(target_id="999999")  # as if the object had changed hands meanwhile

    response = patch(unit_client, url, 100, data[100:])

    assert (response.status_code, response.json()) == (403, {"error": "您无权为此对象上传文件。"})
    assert Upload.objects.get().state == State.FAILED
    assert finisher.uploads == []
