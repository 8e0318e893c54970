import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from psyboost.applications import services as application_services
from psyboost.documents import printing
from tests.factories import ApplicationFactory, UnitUserFactory

BEIJING = ZoneInfo("Asia/Shanghai")
IN_TIME = datetime(2020, 7, 1, 10, 0, tzinfo=BEIJING)

# Every printed word of the blank paper form (seed 000_9102e2433e56a63f.txt), in its order.
PAPER_LABELS = (
    "编号：",
    "职工心理服务助推项目评选申报表",
    "（2020版）",
    "申报单位：",
    "填表日期：",
    "北京市职工服务中心制表",
    "2020年6月",
    "一、申报单位基本信息",
    "所属区/产业工会",
    "上级工会名称",
    "单位名称",
    "单位性质",
    "单位人数",
    "本单位/本辖区持工会会员互助服务卡职工人数",
    "被命名市总工会“职工心灵驿站”年份",
    "工会负责人",
    "联系方式（手机和座机）",
    "联系人",
    "联系邮箱",
    "单位地址",
    "单位简介",
    "（含单位基本情况介绍、业务范围、职业特点、职工压力水平等，500字以内）",
    "二、职工心理服务工作基础",
    "1.职工心理服务场地介绍（以附件形式发送场地照片）",
    "心理服务场地面积（平米）",
    "功能区数量（个）",
    "心理服务场地建设投入资金（万元）",
    "功能分区介绍（详细说明各区域面积及服务功能）",
    "2.现有心理设备设施情况（以附件形式发送设备照片）",
    "设备设施名称",
    "数量",
    "服务功能",
    "设备投入资金（万元）",
    "3.心理工作人员情况",
    "工会工作人员总数",
    "内部心理服务工作人员数",
    "外聘心理服务工作人员数",
    "本单位心理学专业或具备心理资质人员数",
    "心理工作人员介绍",
    "序号",
    "姓名",
    "出生年月",
    "学历",
    "心理资质",
    "心理工作年限",
    "服务内容",
    "三、2019年职工心理服务工作开展情况（可附活动短视频）",
    "1、服务对象：",
    "2、服务人数：",
    "人，占会员总数",
    "3、投入资金：",
    "万元",
    "4、是否与第三方心理服务机构合作？",
    "5、合作单位名称：",
    "6、职工心理服务工作模式及服务内容：",
    "7、服务效果与经验总结：",
    "四、2020年职工心理服务项目申报",
    "3、实施时间：",
    "4、是否与第三方专业机构合作？",
    "5、计划开展服务项目内容及进度安排：",
    "（注：可依据市总工会心理服务助推资金2万元标准，规划2020年度职工心理服务项目内容）",
    "6、项目预期效果",
    "7、经费预算（市总工会助推资金2万元，超出部分由本单位自筹）",
    "支出明细",
    "单价（元）",
    "金额（元）",
    "说明",
    "总计",
    "申报单位意见",
    "工会负责人签字：",
    "同意",
    "（申报单位工会公章）",
    "（申报单位公章）",
    "年月日",
)

# What the factory's complete application prints, beside the labels.
FILLED_VALUES = (
    "朝阳区总工会",
    "国有企业",
    "13800138000/010-65001234",
    "xinling@example.com",
    "1.放松区40.0平米音乐放松、冥想",
    "音乐放松椅",
    "张三丰",
    "1980-05",
    "硕士研究生",
    "国家二级心理咨询师",
    "北京阳光心理咨询中心",
    "■是□否",
    "2020年8月1日至2020年12月31日",
    "职工心理需求调研",
    "20,000.00",
)


def squeeze(text: str) -> str:
    """Text without any whitespace: table cells wrap labels across lines differently in each format."""
    return re.sub(r"\s+", "", text)


def missing(text: str, expected) -> list[str]:
    flat = squeeze(text)
    return [item for item in expected if squeeze(item) not in flat]


@pytest.fixture
def application(db):
    return ApplicationFactory()


@pytest.fixture
def owner(application):
    return UnitUserFactory(unit=application.unit)


@pytest.fixture
def submitted(application, owner):
    application_services.submit(application, owner, now=IN_TIME)
    return printing.load(application.pk)
