"""The staff pages of the panel side and the expert's conflict page: what they show, what they refuse."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from psyboost.accounts.models import User
from psyboost.review.models import Conflict, Criterion, Expert, PanelMember, ReviewPhase, ReviewSettings, Stage
from tests import factories
from tests.calls.sheets import xlsx_bytes

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def url(name, call, *args):
    return reverse(f"review:{name}", args=[call.year, *args])


def text(response) -> str:
    return response.content.decode()


def test_staff_home_lists_phase_problems_and_links(staff_client, call):
    response = staff_client.get(url("staff_home", call))
    html = text(response)
    assert "材料审核的评分细则是空的" in html
    for name in ("panel", "rubric", "settings", "conflicts", "assignments", "expert_import"):
        assert url(name, call) in html


def test_phase_form_moves_and_reports_refusals(staff_client, call):
    response = staff_client.post(url("phase", call), {"to_phase": "materials"}, follow=True)
    assert "评审组还没有成员" in text(response)
    factories.CriterionFactory(call=call)
    factories.PanelMemberFactory(call=call)
    response = staff_client.post(url("phase", call), {"to_phase": "materials", "opens_on": "2020-08-01"}, follow=True)
    assert "评审已进入“材料审核进行中”阶段。" in text(response)
    assert str(ReviewSettings.objects.get(call=call).materials_opens_on) == "2020-08-01"
    response = staff_client.post(url("phase", call), {"to_phase": "preparing"}, follow=True)
    assert "退回上一阶段须填写理由。" in text(response)
    response = staff_client.post(url("phase", call), {"to_phase": "materials", "opens_on": "soon"}, follow=True)
    assert "请填写有效日期" in text(response)


def test_settings_keeps_bad_input_with_messages(staff_client, call):
    data = {
        "reviewers_per_application": "0",
        "shortlist_size": "60",
        "method": "mean",
        "materials_weight": "0.7",
        "onsite_weight": "0.4",
    }
    response = staff_client.post(url("settings", call), data)
    assert response.status_code == 200
    html = text(response)
    assert "至少 1 位专家。" in html
    assert "两个环节的权重之和应为 1" in html
    assert 'value="0.7"' in html
    assert ReviewSettings.objects.get(call=call).reviewers_per_application == 3


def test_settings_locked_once_decided(staff_client, call):
    ReviewSettings.objects.create(call=call, phase=ReviewPhase.DECIDED)
    data = {
        "reviewers_per_application": "4",
        "shortlist_size": "60",
        "method": "mean",
        "materials_weight": "0.6",
        "onsite_weight": "0.4",
    }
    response = staff_client.post(url("settings", call), data, follow=True)
    assert "评审设置不能再修改" in text(response)
    assert ReviewSettings.objects.get(call=call).reviewers_per_application == 3


def test_expert_create_shows_the_password_once_and_joins_the_panel(staff_client, call):
    response = staff_client.post(
        url("expert_create", call),
        {"kind": "department", "name": " 赵  强 ", "organisation": "市总工会", "add_to_panel": "on"},
    )
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    expert = Expert.objects.get()
    assert (expert.name, expert.kind) == ("赵 强", "department")
    assert expert.user.username in text(response)
    assert "下载 Excel" in text(response)
    assert PanelMember.objects.filter(call=call, expert=expert).exists()


def test_expert_create_refuses_bad_input_keeping_it(staff_client, call):
    response = staff_client.post(
        url("expert_create", call), {"kind": "expert", "name": "", "email": "bad", "organisation": "北大"}
    )
    html = text(response)
    assert "请填写姓名。" in html and "请填写有效的电子邮箱地址。" in html and 'value="北大"' in html
    assert not User.objects.filter(role="expert").exists()


def upload(rows, header=("姓名", "工作单位", "专业领域")):
    return SimpleUploadedFile("专家.xlsx", xlsx_bytes(rows, list(header)), content_type=XLSX)


def test_import_preview_then_confirm_creates_all(staff_client, call):
    response = staff_client.post(
        url("expert_import", call), {"file": upload([["王芳", "北大", "EAP"], ["赵强", "", ""]]), "add_to_panel": "on"}
    )
    assert response.status_code == 302
    preview = staff_client.get(response["Location"])
    assert "将创建 2 位专家及其账号。" in text(preview)
    assert not Expert.objects.exists()
    token = response["Location"].rstrip("/").rsplit("/", 1)[1]
    confirmed = staff_client.post(url("expert_import_confirm", call, token))
    assert confirmed.status_code == 200
    assert sorted(Expert.objects.values_list("name", flat=True)) == ["王芳", "赵强"]
    assert PanelMember.objects.filter(call=call).count() == 2
    again = staff_client.post(url("expert_import_confirm", call, token), follow=True)
    assert "该导入不存在或已处理" in text(again)
    assert Expert.objects.count() == 2


def test_import_with_a_bad_row_imports_nothing(staff_client, call):
    response = staff_client.post(url("expert_import", call), {"file": upload([["王芳", "北大", ""], ["", "x", ""]])})
    html = text(response)
    assert "文件有 1 处问题，未导入任何专家" in html
    assert "姓名不能为空。" in html
    assert not Expert.objects.exists()


def test_import_without_a_file(staff_client, call):
    response = staff_client.post(url("expert_import", call), {})
    assert "请选择要上传的文件。" in text(response)


def test_preview_of_another_year_is_refused(staff_client, call):
    other = factories.CallFactory(year=2021)
    response = staff_client.post(url("expert_import", call), {"file": upload([["王芳", "北大", ""]])})
    token = response["Location"].rstrip("/").rsplit("/", 1)[1]
    response = staff_client.get(url("expert_import_preview", other, token))
    assert response.status_code == 302 and response["Location"] == url("expert_import", other)


def test_panel_actions(staff_client, call):
    expert = factories.ExpertProfileFactory(name="王芳")
    response = staff_client.post(url("panel", call), {"action": "add", "expert": expert.pk}, follow=True)
    assert "王芳：已加入评审组。" in text(response)
    response = staff_client.post(url("panel", call), {"action": "add", "expert": expert.pk})
    assert "请选择列表中的专家。" in text(response)  # already on the panel: not offered
    response = staff_client.post(url("panel", call), {"action": "chair", "expert": expert.pk}, follow=True)
    assert "王芳：已设为评审组组长。" in text(response)
    assert PanelMember.objects.get(call=call).is_chair
    response = staff_client.post(url("panel", call), {"action": "remove", "expert": "x"}, follow=True)
    assert "请选择专家。" in text(response)
    response = staff_client.post(url("panel", call), {"action": "fly"}, follow=True)
    assert "未知的操作。" in text(response)
    response = staff_client.post(url("panel", call), {"action": "remove", "expert": expert.pk}, follow=True)
    assert "王芳：已移出评审组。" in text(response)
    assert not PanelMember.objects.exists()


def test_rubric_page_default_edit_delete_and_freeze(staff_client, call):
    page = url("rubric", call)
    staff_client.post(page, {"action": "default", "stage": "materials"})
    assert Criterion.objects.filter(call=call, stage=Stage.MATERIALS).count() == 6
    criterion = Criterion.objects.get(name="经费预算合理性")
    response = staff_client.get(page + f"?stage=materials&edit={criterion.pk}")
    assert "编辑“经费预算合理性”" in text(response)
    bad = {
        "action": "save",
        "stage": "materials",
        "criterion": criterion.pk,
        "c-name": "经费预算合理性",
        "c-max_points": "十",
        "c-weight": "1",
        "c-position": "5",
    }
    response = staff_client.post(page, bad)
    assert "满分应为数字，如 20。" in text(response) and 'value="十"' in text(response)
    duplicate = {**bad, "c-max_points": "10", "c-name": "场地与设施"}
    response = staff_client.post(page, duplicate)
    assert "本环节已有同名的评分指标“场地与设施”。" in text(response)
    good = {**bad, "c-max_points": "12"}
    staff_client.post(page, good)
    criterion.refresh_from_db()
    assert str(criterion.max_points) == "12.0"
    staff_client.post(page, {"action": "delete", "stage": "materials", "criterion": criterion.pk})
    assert not Criterion.objects.filter(pk=criterion.pk).exists()
    ReviewSettings.objects.update_or_create(call=call, defaults={"phase": ReviewPhase.MATERIALS})
    response = staff_client.get(page)
    assert "评分细则已冻结（只读）" in text(response)
    assert 'name="action" value="save"' not in text(response)
    response = staff_client.post(
        page, {"action": "delete", "stage": "materials", "criterion": Criterion.objects.first().pk}, follow=True
    )
    assert "评分细则已冻结" in text(response)
    assert Criterion.objects.count() == 5


def test_conflicts_page_record_dismiss_detect(staff_client, call):
    application = factories.AcceptedApplicationFactory(call=call)
    expert = factories.PanelMemberFactory(call=call, expert__organisation=application.unit.parent_union).expert
    page = url("conflicts", call)
    response = staff_client.post(page, {"action": "detect"}, follow=True)
    assert "系统识别出 1 条新的可能利益冲突。" in text(response)
    conflict = Conflict.objects.get()
    response = staff_client.post(page, {"action": "dismiss", "conflict": conflict.pk, "reason": ""})
    assert "排除利益冲突须填写理由。" in text(response)
    staff_client.post(page, {"action": "dismiss", "conflict": conflict.pk, "reason": "上级工会不同"})
    conflict.refresh_from_db()
    assert (conflict.active, conflict.dismissed_reason) == (False, "上级工会不同")
    data = {"action": "record", "expert": expert.pk, "unit": application.unit.pk, "kind": "relative", "note": "表亲"}
    staff_client.post(page, data)
    assert Conflict.objects.filter(active=True, source="staff", kind="relative").count() == 1
    response = staff_client.post(page, data)
    assert "该利益冲突已登记。" in text(response)
    response = staff_client.post(page, {**data, "unit": 99999})
    assert "请选择列表中的单位。" in text(response)
    response = staff_client.get(page + "?show=all")
    assert "上级工会不同" in text(response)


def test_my_conflicts_for_an_expert(client, call):
    application = factories.AcceptedApplicationFactory(call=call)
    expert = factories.PanelMemberFactory(call=call).expert
    client.force_login(expert.user)
    page = url("my_conflicts", call)
    response = client.post(page, {"unit": application.unit.pk, "kind": "collaboration", "note": "合作"}, follow=True)
    assert "已申报回避" in text(response)
    conflict = Conflict.objects.get()
    assert (conflict.expert, conflict.source, conflict.recorded_by) == (expert, "declared", expert.user)
    response = client.post(page, {"unit": "", "kind": "nope"})
    assert "请选择单位。" in text(response) and "请选择列表中的冲突类型。" in text(response)
    assert Conflict.objects.count() == 1


def test_my_conflicts_refused_off_the_panel(client, call):
    expert = factories.ExpertProfileFactory()
    client.force_login(expert.user)
    assert client.get(url("my_conflicts", call)).status_code == 403


def test_confirm_refused_when_an_expert_appeared_since_the_preview(staff_client, call):
    response = staff_client.post(url("expert_import", call), {"file": upload([["王芳", "北大", ""]])})
    token = response["Location"].rstrip("/").rsplit("/", 1)[1]
    factories.ExpertProfileFactory(name="王芳", organisation="北大")
    response = staff_client.post(url("expert_import_confirm", call, token), follow=True)
    assert "专家“王芳”（北大）已在专家库中，本次没有创建任何专家。" in text(response)
    assert Expert.objects.count() == 1
