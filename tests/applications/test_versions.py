"""Snapshots of submitted versions and what changed between two of them."""

from datetime import date
from decimal import Decimal

import pytest

from psyboost.applications import services
from psyboost.applications.choices import AttachmentKind
from psyboost.applications.models import Attachment
from psyboost.applications.versions import Change, diff_data, snapshot
from tests.applications.conftest import IN_TIME
from tests.factories import AttachmentFactory

pytestmark = pytest.mark.django_db


def test_a_snapshot_holds_every_field_row_and_file_exactly(application):
    data = snapshot(application)

    assert data["fields"]["site_area"] == "120.0"
    assert data["fields"]["starts_on"] == "2020-08-01"
    assert data["fields"]["past_partnered"] is True
    assert data["rows"]["budget_items"] == [
        {"item": "心理讲座", "unit_price": "2000.00", "quantity": "6.00", "notes": "外请专家"},
        {"item": "团体辅导", "unit_price": "1600.00", "quantity": "5.00", "notes": "外请专家"},
    ]
    assert data["rows"]["psych_workers"][0]["birth_month"] == "1980-05-01"
    assert [(item["kind"], item["original_name"], item["size"]) for item in data["attachments"]] == [
        ("equipment_photo", "设备照片.jpg", 22),
        ("site_photo", "场地照片.jpg", 22),
    ]
    assert len(data["fields"]) == 39


def test_the_difference_between_two_submitted_versions(application, owner, staff):
    services.submit(application, owner, IN_TIME)
    services.return_for_revision(application, staff, "请核对")
    services.save_draft(
        application,
        {
            "headcount": 1250,
            "unit_nature": "private",
            "partnered": True,
            "partner_name": "北京心灵花园",
            "privacy_confirmed": True,
        },
        {
            "psych_workers": [
                {
                    "name": "张三丰",
                    "birth_month": date(1980, 5, 1),
                    "education": "master",
                    "qualification": "counselor_2",
                    "years": 10,
                    "services": "个体咨询、团体辅导",
                },
                {
                    "name": "刘芳",
                    "birth_month": date(1990, 10, 1),
                    "education": "master",
                    "qualification": "counselor_2",
                    "years": 5,
                    "services": "个体咨询、团体辅导",
                },
                {"name": "赵六", "birth_month": date(1985, 2, 1), "education": "bachelor"},
            ],
            "budget_items": [
                {"item": "心理讲座", "unit_price": Decimal("2500.00"), "quantity": Decimal("6"), "notes": "外请专家"},
                {"item": "团体辅导", "unit_price": Decimal("1600.00"), "quantity": Decimal("5"), "notes": "外请专家"},
            ],
        },
        expected_version=1,
        actor=owner,
        now=IN_TIME,
    )
    application.internal_psych_worker_count = 2
    application.save()
    Attachment.objects.filter(kind=AttachmentKind.SITE_PHOTO).delete()
    AttachmentFactory(
        application=application, kind=AttachmentKind.SITE_PHOTO, original_name="新场地.jpg", data=b"\xff\xd8new"
    )
    services.submit(application, owner, IN_TIME)
    first, second = application.versions.all()

    assert services.diff_versions(first, second) == [
        Change("一、单位性质", "国有企业", "民营企业"),
        Change("一、单位人数", "1200", "1250"),
        Change("二、场地照片", "场地照片.jpg", "新场地.jpg"),
        Change("二、内部心理服务工作人员数", "1", "2"),
        Change("二、心理工作人员介绍 第3行 姓名", "", "赵六"),
        Change("二、心理工作人员介绍 第3行 出生年月", "", "1985-02"),
        Change("二、心理工作人员介绍 第3行 学历", "", "本科"),
        Change("四、4、是否与第三方专业机构合作？", "否", "是"),
        Change("四、合作单位名称", "", "北京心灵花园"),
        Change("四、经费预算 第1行 单价（元）", "2000.00", "2500.00"),
    ]
    assert services.diff_versions(second, first)[0] == Change("一、单位性质", "民营企业", "国有企业")
    assert services.diff_versions(first, first) == []


def test_a_removed_row_and_the_sign_off_show_up(application):
    old = snapshot(application)
    new = snapshot(application)
    new["rows"]["functional_areas"].pop()
    new["fields"]["declaration_confirmed"] = False

    assert diff_data(old, new) == [
        Change("二、功能分区介绍 第2行 区域名称", "团体辅导区", ""),
        Change("二、功能分区介绍 第2行 面积（平米）", "60.0", ""),
        Change("二、功能分区介绍 第2行 服务功能", "音乐放松、冥想", ""),
        Change("申报单位意见：同意", "是", "否"),
    ]
