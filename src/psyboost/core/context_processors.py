"""The navigation each role sees: written once, used by the layout on every page."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

NAVIGATION = {
    # role → (label, url name) pairs, in menu order. Later stages add their entries here.
    "admin": [
        (_("工作台"), "core:workbench"),
        (_("年度评选"), "calls:staff_list"),
        (_("形式审查"), "applications:staff_list"),
        (_("单位名录"), "calls:unit_list"),
        (_("单位账号"), "accounts:unit_accounts"),
        (_("专家账号"), "accounts:expert_accounts"),
        (_("工作人员账号"), "accounts:staff_accounts"),
    ],
    "staff": [
        (_("工作台"), "core:workbench"),
        (_("年度评选"), "calls:staff_list"),
        (_("形式审查"), "applications:staff_list"),
        (_("单位名录"), "calls:unit_list"),
        (_("单位账号"), "accounts:unit_accounts"),
        (_("专家账号"), "accounts:expert_accounts"),
    ],
    "unit": [(_("我的申报"), "applications:mine")],
    "expert": [(_("评审任务"), "review:my_assignments")],
}
PUBLIC_NAVIGATION = [(_("首页"), "core:home")]


def navigation(request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        items = NAVIGATION.get(user.role, [])
    else:
        items = PUBLIC_NAVIGATION
    current = request.path
    entries = [{"label": label, "url": reverse(url_name), "active": False} for label, url_name in items]
    # The entry whose address is the longest prefix of this page is the current one (/staff/ vs /staff/units/).
    matches = [
        entry
        for entry in entries
        if current == entry["url"] or (entry["url"] != "/" and current.startswith(entry["url"]))
    ]
    if matches:
        max(matches, key=lambda entry: len(entry["url"]))["active"] = True
    return {"nav_items": entries}
