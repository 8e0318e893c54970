from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import render
from psyboost.core.permissions import permission_required

from . import districts
from .models import Unit


@permission_required("calls.view_registry")
def unit_list(request):
    """The registry with filters by district and year named, and the counts staff ask for most."""
    units = Unit.objects.all()
    district = request.GET.get("district_union", "")
    year = request.GET.get("named_year", "")
    query = request.GET.get("q", "").strip()
    if district in districts.DISTRICT_UNIONS:
        units = units.filter(district_union=district)
    if year.isdigit():
        units = units.filter(named_year=int(year))
    if query:
        units = units.filter(name__icontains=query)
    page = Paginator(units.order_by("district_union", "name"), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "total": Unit.objects.count(),
        "filtered": page.paginator.count,
        "by_district": Unit.objects.values("district_union").annotate(n=Count("id")).order_by("-n", "district_union"),
        "by_year": Unit.objects.values("named_year").annotate(n=Count("id")).order_by("named_year"),
        "district_choices": districts.DISTRICT_UNIONS,
        "selected": {"district_union": district, "named_year": year, "q": query},
    }
    return render(request, "calls/unit_list.html", context)
