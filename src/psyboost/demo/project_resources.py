"""The demo's resource matching: the catalogue of about twelve third-party providers and a dozen units' requests
(open, matched to a provider or a pool expert, with consultations logged and ratings). Idempotent: providers by
name; requests only when there are none."""

import random
from datetime import timedelta

from psyboost.projects.models import Provider, ResourceRequest
from psyboost.projects.services import matching
from psyboost.review.models import Expert

from .accounts import unit_username
from .base import StepReport

PROVIDERS = [
    ("北京阳光心理咨询中心", ["lecture", "group", "individual"], ["朝阳区", "东城区"]),
    ("北京心桥EAP服务有限公司", ["eap", "assessment", "individual"], ["海淀区", "西城区", "朝阳区"]),
    ("首都职工心理关爱服务社", ["lecture", "group"], ["丰台区", "石景山区"]),
    ("北京明心心理测评研究院", ["assessment"], ["海淀区", "昌平区"]),
    ("京华心理督导培训中心", ["supervision", "lecture"], ["东城区", "西城区"]),
    ("北京暖阳社会工作事务所", ["group", "individual"], ["通州区", "顺义区"]),
    ("北京正念生活心理工作室", ["group", "lecture"], ["朝阳区"]),
    ("北京益心员工帮助计划中心", ["eap", "individual", "supervision"], ["北京经济技术开发区", "大兴区"]),
    ("北京心晴青少年与家庭服务中心", ["individual", "group"], ["房山区", "门头沟区"]),
    ("北京职工心理援助热线服务站", ["individual", "eap"], ["延庆区", "怀柔区", "密云区", "平谷区"]),
    ("北京知心心理科技有限公司", ["assessment", "eap"], ["海淀区"]),
    ("北京弘毅心理咨询有限公司", ["lecture", "group", "supervision"], ["石景山区", "丰台区"]),
]


def providers(report: StepReport, staff) -> None:
    for index, (name, services, districts) in enumerate(PROVIDERS):
        if Provider.objects.filter(name=name).exists():
            report.unchanged += 1
            continue
        matching.save_provider(
            staff,
            name=name,
            qualifications="具有心理咨询师、社会工作师资质的专职团队",
            services=services,
            districts_served=districts,
            contact_name=["王老师", "李老师", "张老师"][index % 3],
            phone=f"010-6{index:02d}5{index:02d}88",
            active=index != 11,
        )
        report.created += 1


def requests(report: StepReport, context, staff) -> None:
    if ResourceRequest.objects.exists():
        report.unchanged += 1
        return
    rng = random.Random("requests")
    providers = list(Provider.objects.filter(active=True))
    experts = list(Expert.objects.all()[:5])
    now = context.now
    needs = [
        ("social", "希望对接能开展倒班职工团体辅导的专业机构。"), ("experts", "需要心理测评方面的专家指导测评方案。"),
        ("platform", "希望使用市级心理服务平台的在线测评。"), ("guidance", "项目中期如何调整活动安排，请专家指导。"),
    ]  # fmt: skip
    for index, unit in enumerate(context.units[:12]):
        user = context.users[unit_username(index + 1)]
        kind, need = needs[index % len(needs)]
        request = matching.file_request(
            unit, user, kind=kind, need=need, preferred_time="工作日下午", now=now - timedelta(days=30 - index)
        )
        report.created += 1
        if index == 0 or index % 3 == 2:
            continue  # open: unit001's and a few others
        if kind in ("experts", "guidance") and experts:
            matching.match(
                request,
                staff,
                expert_id=str(experts[index % len(experts)].pk),
                arrangement="电话沟通后上门指导",
                now=now - timedelta(days=28 - index),
            )
            matching.log_consultation(
                request,
                staff,
                held_on=(now - timedelta(days=20)).date().isoformat(),
                who="专家、工会主席",
                topic=need[:20],
                form="线下",
                outcome="已形成方案",
            )
        else:
            matching.match(
                request,
                staff,
                provider_id=str(providers[index % len(providers)].pk),
                arrangement="机构联系人三日内联系单位",
                now=now - timedelta(days=27 - index),
            )
        if index % 2:
            matching.rate(request, user, rating=str(rng.randint(3, 5)), comment="服务专业、响应及时。")
