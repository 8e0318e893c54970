"""Staff pages for unit accounts: the registry with each unit's users, bulk creation, and one more user for a unit."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from psyboost.accounts.account_views import credentials_page, login_url
from psyboost.accounts.models import User
from psyboost.accounts.services import AccountsChanged
from psyboost.accounts.spreadsheets import XLSX_CONTENT_TYPE, credentials_filename, credentials_workbook
from psyboost.core.permissions import permission_required

from .forms import BulkCreateForm, UnitAccountFilterForm, UnitUserForm
from .models import Unit
from .unit_accounts import add_unit_user, create_unit_accounts, has_account, units_without_account

PAGE_SIZE = 50


@permission_required("accounts.manage_unit_accounts")
def unit_accounts(request):
    """Every unit of the registry with its users. Five queries whatever the size: the summary, the filtered count
    without an account, the page count, the page of units and their users."""
    form = UnitAccountFilterForm(request.GET)
    filtered = form.filter(Unit.objects.all())
    units = filtered.order_by("district_union", "name").prefetch_related(
        Prefetch("users", queryset=User.objects.order_by("username"))
    )
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    summary = Unit.objects.annotate(has=has_account()).aggregate(
        total=Count("pk"), with_account=Count("pk", filter=Q(has=True))
    )
    summary["without_account"] = summary["total"] - summary["with_account"]
    context = {
        "form": form,
        "page": page,
        "summary": summary,
        "filtered_without_account": units_without_account(filtered).count(),
        "selected": form.selected(),
    }
    return render(request, "calls/unit_accounts.html", context)


@permission_required("accounts.manage_unit_accounts")
@require_POST
def unit_accounts_create(request):
    """Create the missing accounts and answer with the sheet of their initial passwords, in this response only."""
    form = BulkCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择为哪些单位创建账号。"))
        return redirect("calls:unit_accounts")
    scope = {"scope": form.cleaned_data["scope"], **form.selected()}
    scope.pop("has_account", None)
    try:
        issued = create_unit_accounts(form.units(Unit.objects.all()), actor=request.user, scope=scope)
    except AccountsChanged as error:
        messages.error(request, str(error))
        return redirect("calls:unit_accounts")
    if not issued:
        messages.info(request, _("所选范围内的单位都已有账号，没有创建新账号。"))
        return redirect("calls:unit_accounts")
    messages.success(
        request,
        _("已为 %(n)d 家单位创建账号，初始密码表已随之下载。平台不保存明文密码：如未保存该表，请为相应账号重置密码。")
        % {"n": len(issued)},
    )
    response = HttpResponse(credentials_workbook(issued, login_url(request)), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, credentials_filename(_("单位账号初始密码")))
    add_never_cache_headers(response)
    return response


@permission_required("accounts.manage_unit_accounts")
def unit_user_add(request, unit_pk: int):
    """One more user for a unit (or its first one): the password is shown once on the next page."""
    unit = get_object_or_404(Unit, pk=unit_pk)
    form = UnitUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            issued = add_unit_user(
                unit,
                actor=request.user,
                username=data["username"],
                display_name=data["display_name"],
                phone=data["phone"],
            )
        except AccountsChanged as error:
            form.add_error("username", str(error))
        else:
            return credentials_page(
                request,
                [issued],
                title=_("已为“%(unit)s”创建账号") % {"unit": unit.name},
                back_url=_unit_accounts_url(unit),
            )
    users = list(unit.users.order_by("username"))
    return render(request, "calls/unit_user_form.html", {"form": form, "unit": unit, "users": users})


def _unit_accounts_url(unit: Unit) -> str:
    return f"{reverse('calls:unit_accounts')}?{urlencode({'q': unit.name})}"
