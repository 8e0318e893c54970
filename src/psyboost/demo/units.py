"""270 fictional units of the eligible-unit registry, generated from word lists with a fixed seed.

They are spread over the 16 districts, 北京经济技术开发区 and the industry unions by fixed counts, and evenly over
the years named 2015–2019 (54 a year). The order is stable — by year named, then the order of
``calls.districts.DISTRICT_UNIONS``, then name — and ``unit001`` is bound to the first of them.
"""

import random

from psyboost.calls import credit_codes, districts
from psyboost.calls.models import Unit
from psyboost.calls.registry import apply_unit_rows, plan_unit_rows

from . import words
from .base import DemoContext, StepReport

SEED = 20200601
NAMED_YEARS = range(2015, 2020)

# How many demo units each district or industry union has (270 in all).
UNITS_PER_UNION = {
    "东城区": 12,
    "西城区": 14,
    "朝阳区": 22,
    "海淀区": 20,
    "丰台区": 14,
    "石景山区": 8,
    "门头沟区": 6,
    "房山区": 9,
    "通州区": 12,
    "顺义区": 10,
    "昌平区": 12,
    "大兴区": 11,
    "怀柔区": 6,
    "平谷区": 6,
    "密云区": 6,
    "延庆区": 5,
    districts.ECONOMIC_ZONE: 9,
    "北京市教育工会": 10,
    "北京市卫生健康工会": 10,
    "北京市金融工会": 8,
    "北京市商贸服务业工会": 7,
    "北京市建设工会": 7,
    "北京市交通运输工会": 7,
    "北京市国防邮电工会": 5,
    "北京市农林水利工会": 5,
    "北京市机械冶金建材工会": 6,
    "北京市能源化学工会": 6,
    "北京市文化体育工会": 5,
    "北京市科技工会": 6,
    "中央企业在京工会": 6,
}
UNIT_COUNT = sum(UNITS_PER_UNION.values())


def load(context: DemoContext) -> StepReport:
    """Upsert the demo units through the registry's own service; nothing is written when all are as they should be."""
    rows = demo_unit_rows()
    created, updated, unchanged = plan_unit_rows(rows).counts
    if created or updated:
        apply_unit_rows(rows, None, source="demo")
    by_name = Unit.objects.in_bulk([row["name"] for row in rows], field_name="name")
    context.units = [by_name[row["name"]] for row in rows]
    return StepReport(created=created, updated=updated, unchanged=unchanged)


def demo_unit_rows() -> list[dict]:
    """The demo registry as import rows (the shape ``registry.apply_unit_rows`` takes), in their stable order."""
    rng = random.Random(SEED)
    unions = [union for union, count in UNITS_PER_UNION.items() for _ in range(count)]
    years = [year for year in NAMED_YEARS for _ in range(UNIT_COUNT // len(NAMED_YEARS))]
    rng.shuffle(years)
    names: set[str] = set()
    rows = []
    for union, year in zip(unions, years, strict=True):
        district = union if union in districts.DISTRICTS else rng.choice(districts.DISTRICTS)
        town = "北京经济技术开发区" if union == districts.ECONOMIC_ZONE else f"北京市{district}"
        name, parent_union = _unique_unit_name(rng, names, union, district)
        rows.append(
            {
                "name": name,
                "district_union": union,
                "parent_union": parent_union,
                "named_year": year,
                "contact_name": _person(rng),
                "contact_phone": f"010-{rng.choice('568')}{rng.randrange(10**6, 10**7)}",
                "address": f"{town}{_place(rng)}{rng.choice(words.ROAD_SUFFIXES)}{rng.randint(1, 199)}号",
            }
        )
    order = {union: index for index, union in enumerate(districts.DISTRICT_UNIONS)}
    rows.sort(key=lambda row: (row["named_year"], order[row["district_union"]], row["name"]))
    for number, row in enumerate(rows, start=1):
        row["contact_email"] = f"xinling{number:03d}@example.com"  # a reserved domain: nobody gets demo mail
        if number % 2 == 0:  # every other unit has a (fictional, well-formed) 统一社会信用代码
            row["credit_code"] = _credit_code(number)
    # The second unit is named in two years (the intake step shows it); the registry file says so.
    rows[1]["named_years"] = [rows[1]["named_year"] - 3, rows[1]["named_year"]]
    return rows


def _credit_code(number: int) -> str:
    first = f"91110105MA{number:07d}"
    return first + credit_codes.check_character(first)


def _unique_unit_name(rng: random.Random, names: set[str], union: str, district: str) -> tuple[str, str]:
    while True:
        name, parent_union = _unit_name(rng, union, district)
        if name not in names:
            names.add(name)
            return name, parent_union


def _brand(rng: random.Random) -> str:
    first = rng.choice(words.BRAND_FIRST)
    second = rng.choice(words.BRAND_SECOND.replace(first, ""))
    return first + second


def _person(rng: random.Random) -> str:
    given = "".join(rng.choice(words.GIVEN_CHARACTERS) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(words.SURNAMES) + given


def _place(rng: random.Random) -> str:
    return rng.choice(words.PLACES)


def _unit_name(rng: random.Random, union: str, district: str) -> tuple[str, str]:
    """A unit name and its parent union, by the kind of unit its district or industry union usually has."""
    if union == districts.ECONOMIC_ZONE:
        return f"北京{_brand(rng)}{rng.choice(words.ZONE_TRADES)}有限公司", "北京经济技术开发区总工会"
    if union in districts.DISTRICTS:
        return _district_unit(rng, district)
    if union == "北京市教育工会":
        if rng.random() < 0.4:
            return f"北京{_brand(rng)}{rng.choice(words.COLLEGE_KINDS)}", union
        return f"北京市{district}{_place(rng)}{rng.choice(words.SCHOOL_KINDS)}", f"{district}教育工会"
    if union == "北京市卫生健康工会":
        return f"北京市{district}{_place(rng)}{rng.choice(words.HOSPITAL_NAMES)}", f"{district}卫生健康工会"
    brand = _brand(rng)
    trade = rng.choice(words.INDUSTRY_TRADES[union]).format(district=district)
    if union == "中央企业在京工会":
        return f"中国{brand}{trade}", f"中国{brand}集团有限公司工会"
    if union == "北京市金融工会":
        return f"北京{brand}{trade}", f"北京{brand}金融控股有限公司工会"
    parent_union = union if rng.random() < 0.5 else f"北京{brand}集团有限公司工会"
    return f"北京{brand}{trade}", parent_union


def _district_unit(rng: random.Random, district: str) -> tuple[str, str]:
    street_union = f"{district}{_place(rng)}街道总工会"
    kind = rng.random()
    if kind < 0.5:
        trades = words.TECH_TRADES if rng.random() < 0.4 else words.GENERAL_TRADES
        parent_union = street_union if rng.random() < 0.6 else f"{district}总工会"
        return f"北京{_brand(rng)}{rng.choice(trades)}有限公司", parent_union
    if kind < 0.65:
        place = _place(rng)
        return f"{district}人民政府{place}街道办事处", f"{district}{place}街道总工会"
    if kind < 0.75:
        school = f"第{rng.choice(words.NUMERALS)}{rng.choice(('中学', '小学'))}"
        return f"北京市{district}{school}", f"{district}教育工会"
    if kind < 0.85:
        return f"北京市{district}{_place(rng)}{rng.choice(words.HOSPITAL_NAMES)}", f"{district}卫生健康工会"
    place = _place(rng)
    service = rng.choice(("社区服务中心", "市场监督管理所", "供电所", "税务所", "养老服务中心"))
    return f"{district}{place}{service}", f"{district}{place}街道总工会"
