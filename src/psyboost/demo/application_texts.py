"""Fictional but plausible content for the demo applications: the form's texts and rows, built from a seed.

``form_content(rng, unit, call, unit_number)`` returns what a unit would type: field values and table rows, in the
shapes ``applications.services.save_draft`` takes. Every name, number and partner is invented.
"""

import random
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from psyboost.applications.choices import Education, Qualification, UnitNature
from psyboost.calls import districts

from . import words

# (区域名称, share of the site's area, 服务功能)
AREAS = [
    ("接待预约区", "心理知识宣传、预约登记、自助心理测评"),
    ("个体咨询室", "一对一心理咨询、危机干预"),
    ("团体辅导室", "团体心理辅导、减压工作坊、沙龙"),
    ("音乐放松室", "音乐放松椅、身心反馈训练"),
    ("情绪宣泄室", "智能宣泄、情绪调节"),
    ("沙盘游戏室", "个体与团体沙盘"),
    ("心理阅览区", "心理读物借阅、正念练习"),
]
# (设备设施名称, 数量 range, 服务功能, 单台投入 万元, the picture's shape)
EQUIPMENT = [
    ("音乐放松椅", (2, 4), "音乐放松、减压", Decimal("1.60"), "chair"),
    ("身心反馈训练系统", (1, 2), "生物反馈训练、压力评估", Decimal("3.80"), "console"),
    ("心理测评系统", (1, 1), "心理健康测评、建档", Decimal("2.50"), "console"),
    ("沙盘游戏套装", (1, 2), "个体与团体沙盘", Decimal("0.80"), "tray"),
    ("智能宣泄仪", (1, 1), "情绪宣泄与调节", Decimal("1.20"), "console"),
    ("团体活动器材", (1, 3), "团体辅导活动", Decimal("0.30"), "tray"),
]
SERVICES = ["个体咨询、危机干预", "团体辅导、减压讲座", "心理测评、档案管理", "沙盘游戏、正念训练", "EAP项目协调"]
PARTNER_KINDS = ["心理咨询中心", "心理健康服务有限公司", "社会工作事务所", "心理研究院"]
WORK_PATTERNS = {
    UnitNature.GOVERNMENT: ("机关干部和社区工作者", "窗口服务和基层治理任务重，接诉即办时限紧"),
    UnitNature.INSTITUTION: ("教职医护人员", "工作强度大，值班多，面对服务对象的情绪压力大"),
    UnitNature.STATE_OWNED: ("一线生产和运行职工", "倒班作业多，安全责任重，节假日保障任务重"),
    UnitNature.PRIVATE: ("年轻职工和技术骨干", "项目周期紧，加班较多，职业发展焦虑明显"),
    UnitNature.FOREIGN: ("研发和生产职工", "考核节奏快，跨文化沟通压力较大"),
    UnitNature.SOCIAL_ORGANIZATION: ("专职社工和志愿者", "服务对象多样，情绪劳动强度大"),
}
BUDGET = [
    ("心理健康讲座", Decimal("2000.00"), (3, 6), "外请专家授课"),
    ("团体心理辅导", Decimal("1500.00"), (4, 8), "每期12—15人"),
    ("一对一心理咨询", Decimal("400.00"), (10, 20), "专业咨询师，每次50分钟"),
    ("职工心理测评", Decimal("30.00"), (100, 300), "线上测评及报告"),
    ("减压工作坊耗材", Decimal("50.00"), (20, 60), "绘画、手工材料"),
    ("宣传资料印制", Decimal("8.00"), (200, 500), "心理健康手册"),
    ("心理服务骨干培训", Decimal("3000.00"), (1, 2), "内部骨干能力提升"),
]


def nature_of(unit) -> str:
    name = unit.name
    if any(word in name for word in ("街道", "人民政府", "委员会", "管理局")):
        return UnitNature.GOVERNMENT
    if any(word in name for word in ("学校", "学院", "医院", "中心", "研究所", "研究院", "小学", "中学", "幼儿园")):
        return UnitNature.INSTITUTION
    if unit.district_union == districts.ECONOMIC_ZONE:
        return UnitNature.FOREIGN if "精密" in name or "医疗" in name else UnitNature.PRIVATE
    if name.startswith("中国") or unit.district_union in ("北京市金融工会", "北京市能源化学工会"):
        return UnitNature.STATE_OWNED
    return UnitNature.PRIVATE if sum(map(ord, name)) % 3 else UnitNature.STATE_OWNED


def person(rng: random.Random) -> str:
    given = "".join(rng.choice(words.GIVEN_CHARACTERS) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(words.SURNAMES) + given


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randrange(10**8, 10**9)}"


def landline(rng: random.Random) -> str:
    return f"010-{rng.choice('568')}{rng.randrange(10**6, 10**7)}"


def _money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP)


def basic(rng: random.Random, unit) -> dict:
    """一、申报单位基本信息."""
    nature = nature_of(unit)
    staff_kind, pressure = WORK_PATTERNS[nature]
    headcount = rng.choice([rng.randint(80, 400), rng.randint(400, 1500), rng.randint(1500, 6000)])
    founded = rng.randint(1952, 2012)
    profile = (
        f"{unit.name}成立于{founded}年，现有职工{headcount}人，以{staff_kind}为主。{pressure}，"
        f"职工心理压力水平总体处于中等偏上。单位工会{unit.named_year}年被市总工会命名为“职工心灵驿站”，"
        "坚持把职工心理关爱作为服务职工的重要内容，逐步形成了预防、疏导、干预相结合的服务体系。"
    )
    return {
        "district_union": unit.district_union,
        "parent_union": unit.parent_union,
        "unit_nature": nature,
        "headcount": headcount,
        "card_holders": max(1, int(headcount * rng.uniform(0.82, 0.99))),
        "union_leader": person(rng),
        "union_leader_mobile": mobile(rng),
        "union_leader_landline": landline(rng),
        "contact_name": unit.contact_name or person(rng),
        "contact_mobile": mobile(rng),
        "contact_landline": unit.contact_phone if unit.contact_phone.startswith("010-") else landline(rng),
        "contact_email": unit.contact_email or "xinling@example.com",
        "address": unit.address or "北京市东城区",
        "unit_profile": profile,
    }


def foundation(rng: random.Random, call) -> tuple[dict, dict]:
    """二、职工心理服务工作基础: the site and its areas, the equipment, the people."""
    areas = rng.sample(AREAS, rng.randint(3, 5))
    sizes = [Decimal(rng.randint(15, 60)) for _ in areas]
    site_area = sum(sizes) + Decimal(rng.randint(10, 40))
    equipment = rng.sample(EQUIPMENT, rng.randint(2, 4))
    equipment_rows = []
    for name, (low, high), function, price, _shape in equipment:
        quantity = rng.randint(low, high)
        equipment_rows.append(
            {"name": name, "quantity": quantity, "function": function, "investment": price * quantity}
        )
    internal, external = rng.randint(1, 3), rng.randint(1, 2)
    people = []
    for _ in range(internal + external):
        born = rng.randint(call.year - 58, call.year - 26)
        age = call.year - born
        people.append(
            {
                "name": person(rng),
                "birth_month": date(born, rng.randint(1, 12), 1),
                "education": rng.choice([Education.MASTER, Education.BACHELOR, Education.BACHELOR, Education.COLLEGE]),
                "qualification": rng.choice(
                    [Qualification.COUNSELOR_2, Qualification.COUNSELOR_3, Qualification.PSYCHOLOGY_DEGREE]
                ),
                "years": rng.randint(1, min(20, age - 22)),
                "services": rng.choice(SERVICES),
            }
        )
    fields = {
        "site_area": site_area.quantize(Decimal("0.1")),
        "area_count": len(areas),
        "site_investment": _money(rng.uniform(5, 60)),
        "union_worker_count": rng.randint(3, 15),
        "internal_psych_worker_count": internal,
        "external_psych_worker_count": external,
        "qualified_people_count": sum(1 for row in people if row["qualification"]),
    }
    rows = {
        "functional_areas": [
            {"name": name, "area": size.quantize(Decimal("0.1")), "function": function}
            for (name, function), size in zip(areas, sizes, strict=True)
        ],
        "equipment": equipment_rows,
        "psych_workers": people,
    }
    return fields, rows


def history(rng: random.Random, call, card_holders: int) -> dict:
    """三、上一年度职工心理服务工作开展情况."""
    served = max(1, int(card_holders * rng.uniform(0.3, 0.9)))
    partnered = rng.random() < 0.6
    return {
        "past_beneficiaries": rng.choice(["全体职工及家属", "一线职工", "全体会员", "新入职职工和一线班组"]),
        "past_beneficiary_count": served,
        "past_member_share": (Decimal(served) * 100 / Decimal(card_holders)).quantize(Decimal("0.1"), ROUND_HALF_UP),
        "past_investment": _money(rng.uniform(2, 20)),
        "past_partnered": partnered,
        "past_partner_name": f"北京{rng.choice(words.PLACES)}{rng.choice(PARTNER_KINDS)}" if partnered else "",
        "past_model": (
            f"{call.year - 1}年，以“职工心灵驿站”为阵地，采取“线上+线下”相结合的方式，开展心理健康讲座"
            f"{rng.randint(3, 12)}场、团体辅导{rng.randint(4, 20)}期、一对一咨询{rng.randint(20, 150)}人次，"
            "并建立了心理骨干队伍和重点人群关爱台账。"
        ),
        "past_results": (
            f"职工参与率明显提高，活动满意度达{rng.randint(90, 99)}%。经验：一是领导重视、纳入工会年度重点工作；"
            "二是借助专业力量，保证服务的专业性；三是注重日常关爱，把心理服务融入班组建设。"
        ),
    }


def project(rng: random.Random, call, headcount: int) -> tuple[dict, dict]:
    """四、本年度项目申报 with 进度安排 and 经费预算 (at least the 20,000 yuan grant, sometimes more)."""
    start, end = call.implementation_start or date(call.year, 8, 1), call.implementation_end or date(call.year, 12, 31)
    partnered = rng.random() < 0.5
    months = [(start.year, start.month)]
    while months[-1] != (end.year, end.month):
        year, month = months[-1]
        months.append((year + month // 12, month % 12 + 1))
    steps = ["开展职工心理需求调研和心理测评", "举办心理健康系列讲座", "分批次开展团体心理辅导", "提供一对一心理咨询"]
    steps.append("总结评估，形成项目报告")
    schedule = [
        {"period": f"{year}年{month}月", "content": steps[min(index, len(steps) - 1)]}
        for index, (year, month) in enumerate(months)
    ]
    budget, total = [], Decimal("0")
    for item, price, (low, high), notes in rng.sample(BUDGET, rng.randint(3, 5)):
        quantity = Decimal(rng.randint(low, high))
        budget.append({"item": item, "unit_price": price, "quantity": quantity, "notes": notes})
        total += price * quantity
    if total < Decimal("20000"):
        gap = Decimal("20000") - total + Decimal(rng.choice([0, 0, 1000, 3000]))
        budget.append(
            {"item": "心理服务专家督导", "unit_price": _money(gap), "quantity": Decimal("1"), "notes": "全年督导"}
        )
    fields = {
        "beneficiaries": rng.choice(["全体职工", "一线倒班职工", "青年职工", "窗口服务岗位职工"]),
        "beneficiary_count": max(1, int(headcount * rng.uniform(0.4, 0.9))),
        "starts_on": start,
        "ends_on": end,
        "partnered": partnered,
        "partner_name": f"北京{rng.choice(words.PLACES)}{rng.choice(PARTNER_KINDS)}" if partnered else "",
        "plan": (
            "依据市总工会心理服务助推资金2万元标准，围绕“筛查—讲座—辅导—咨询—评估”五个环节开展服务，进度安排见下表。"
        ),
        "expected_results": (
            "职工心理健康知识知晓率达到90%以上；重点人群心理测评覆盖率100%；培养内部心理骨干"
            f"{rng.randint(3, 10)}名；形成可复制的职工心理服务工作机制。"
        ),
    }
    return fields, {"schedule_items": schedule, "budget_items": budget}


def form_content(rng: random.Random, unit, call) -> tuple[dict, dict]:
    """Every field and table of a complete application (the sign-off confirmed)."""
    fields = basic(rng, unit)
    more, rows = foundation(rng, call)
    fields.update(more)
    fields.update(history(rng, call, fields["card_holders"]))
    more, project_rows = project(rng, call, fields["headcount"])
    fields.update(more)
    rows.update(project_rows)
    fields.update(declaration_confirmed=True, privacy_confirmed=True)
    return fields, rows


def equipment_shape(name: str) -> str:
    return next((shape for item, _q, _f, _p, shape in EQUIPMENT if item == name), "chair")
