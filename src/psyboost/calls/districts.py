"""所属区/产业工会: the one list the registry, the form and the filters share."""

DISTRICTS = [
    "东城区",
    "西城区",
    "朝阳区",
    "海淀区",
    "丰台区",
    "石景山区",
    "门头沟区",
    "房山区",
    "通州区",
    "顺义区",
    "昌平区",
    "大兴区",
    "怀柔区",
    "平谷区",
    "密云区",
    "延庆区",
]
ECONOMIC_ZONE = "北京经济技术开发区"
INDUSTRY_UNIONS = [
    "北京市教育工会",
    "北京市卫生健康工会",
    "北京市金融工会",
    "北京市商贸服务业工会",
    "北京市建设工会",
    "北京市交通运输工会",
    "北京市国防邮电工会",
    "北京市农林水利工会",
    "北京市机械冶金建材工会",
    "北京市能源化学工会",
    "北京市文化体育工会",
    "北京市科技工会",
    "中央企业在京工会",
]
OTHER = "其他"
DISTRICT_UNIONS = [*DISTRICTS, ECONOMIC_ZONE, *INDUSTRY_UNIONS, OTHER]
CHOICES = [(name, name) for name in DISTRICT_UNIONS]

_SUFFIXES = ("总工会", "工会")
_DISTRICT_LEVEL = {*DISTRICTS, ECONOMIC_ZONE}


def normalize_district_union(value: str) -> str | None:
    """The canonical name for what a spreadsheet wrote (``朝阳区总工会`` → ``朝阳区``), or None if unknown."""
    text = "".join(str(value).split())
    if text in DISTRICT_UNIONS:
        return text
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and text[: -len(suffix)] in _DISTRICT_LEVEL:
            return text[: -len(suffix)]
    if text and not text.startswith("北京市") and f"北京市{text}" in INDUSTRY_UNIONS:
        return f"北京市{text}"
    return None
