"""The vocabulary of the authorization matrix (see the package docstring) and the walk over the URL patterns."""

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Every entry names the answer for each of these. "admin" is a federation administrator as the platform creates
# one (role admin, not a Django superuser); "other_unit" is a unit user of another unit than the objects';
# "superuser" is a Django superuser with role admin (``createsuperuser``, the demo's ``admin``): the platform's rules
# hold for them as for any administrator, so where an entry names no answer for them they get the admin's.
ROLES = ("anonymous", "unit", "other_unit", "expert", "staff", "admin", "superuser")
OPTIONAL_ROLES = ()

# ---- answers ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    """The response has exactly this status code."""

    code: int
    denied: bool = False

    def problem(self, response, world, url: str) -> str | None:
        if response.status_code != self.code:
            return f"expected {self.code}, got {describe(response)}"
        return None

    def __str__(self) -> str:
        return str(self.code)


@dataclass(frozen=True)
class LoginRedirect:
    """302 to a login page that comes back to the requested address."""

    login_url_name: str = "accounts:login"
    denied: bool = True

    def problem(self, response, world, url: str) -> str | None:
        expected = redirect_to_login(url, reverse(self.login_url_name))["Location"]
        if response.status_code != 302 or response.get("Location") != expected:
            return f"expected 302 to {expected}, got {describe(response)}"
        return None

    def __str__(self) -> str:
        return f"302→{self.login_url_name}"


@dataclass(frozen=True)
class Redirect:
    """302 to exactly ``target``: an address, or a function of the world called after the request."""

    target: str | Callable[[Any], str]
    denied: bool = False

    def problem(self, response, world, url: str) -> str | None:
        expected = self.target(world) if callable(self.target) else self.target
        if response.status_code != 302 or response.get("Location") != expected:
            return f"expected 302 to {expected}, got {describe(response)}"
        return None

    def __str__(self) -> str:
        return "302"


def redirect(url_name: str, *args) -> Redirect:
    """302 to ``url_name`` reversed with ``args``: values, or functions of the world called after the request."""
    return Redirect(lambda world: reverse(url_name, args=[arg(world) if callable(arg) else arg for arg in args]))


def describe(response) -> str:
    location = response.get("Location")
    return f"{response.status_code}" + (f" to {location}" if location else "")


OK = Status(200)
NO_CONTENT = Status(204)
FORBIDDEN = Status(403, denied=True)
NOT_FOUND = Status(404, denied=True)
NOT_ALLOWED = Status(405, denied=True)
LOGIN = LoginRedirect()
ADMIN_LOGIN = LoginRedirect("admin:login")


def answers(default=None, **by_role) -> dict:
    """``default`` for every role of ``ROLES``, with single roles overridden by keyword."""
    unknown = set(by_role) - set(ROLES) - set(OPTIONAL_ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}; roles are {ROLES + OPTIONAL_ROLES}")
    table = {role: default for role in ROLES} if default is not None else {}
    table.update(by_role)
    if "superuser" not in by_role and "admin" in table:
        table["superuser"] = table["admin"]
    return table


def everyone(answer, **by_role) -> dict:
    return answers(answer, **by_role)


def signed_in(answer, **by_role) -> dict:
    """Anyone signed in gets ``answer``; anonymous visitors go to the login page."""
    return answers(answer, **{"anonymous": LOGIN, **by_role})


def staff_only(answer, **by_role) -> dict:
    """Federation staff and administrators get ``answer``; other signed-in users 403, anonymous visitors login."""
    return answers(FORBIDDEN, **{"anonymous": LOGIN, "staff": answer, "admin": answer, **by_role})


def admin_only(answer, **by_role) -> dict:
    """Only federation administrators get ``answer``; staff and other signed-in users 403."""
    return answers(FORBIDDEN, **{"anonymous": LOGIN, "admin": answer, **by_role})


# ---- cases and entries --------------------------------------------------------------------------------------------


def no_kwargs(world) -> dict:
    return {}


@dataclass(frozen=True)
class Case:
    method: str  # GET, POST, or any other method (HEAD, OPTIONS, PATCH, DELETE…) through ``request``
    answers: Mapping[str, Any]
    label: str = ""
    kwargs: Callable[[Any], dict] = no_kwargs
    data: Callable[[Any], Any] | None = None  # a dict for a form POST; bytes for other methods
    query: str = ""
    path: Callable[[Any], str] | None = None  # for a pattern without a name (the Django admin's)
    headers: Callable[[Any], dict] | None = None

    @property
    def title(self) -> str:
        return f"{self.method} {self.label}" if self.label else self.method


def get(answers_by_role: Mapping, label: str = "", *, kwargs=no_kwargs, query: str = "", path=None, headers=None):
    return Case("GET", answers_by_role, label, kwargs=kwargs, query=query, path=path, headers=headers)


def post(answers_by_role: Mapping, label: str = "", *, kwargs=no_kwargs, data=None, path=None, headers=None) -> Case:
    return Case("POST", answers_by_role, label, kwargs=kwargs, data=data, path=path, headers=headers)


def request(method: str, answers_by_role: Mapping, label: str = "", *, kwargs=no_kwargs, data=None, headers=None):
    """A case with another method than GET or POST, e.g. the tus upload protocol's HEAD, PATCH and DELETE."""
    return Case(method.upper(), answers_by_role, label, kwargs=kwargs, data=data, headers=headers)


@dataclass(frozen=True)
class Entry:
    key: str  # "calls:notice"; for a pattern without a name, "namespace:<route>"
    cases: tuple[Case, ...] = field(default_factory=tuple)
    module: str = ""

    def url(self, case: Case, world) -> str:
        url = case.path(world) if case.path is not None else reverse(self.key, kwargs=case.kwargs(world))
        return f"{url}?{case.query}" if case.query else url


def entry(key: str, *cases: Case) -> Entry:
    return Entry(key, tuple(cases))


# ---- the URL patterns of the project ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    key: str
    namespace: str
    name: str | None
    route: str

    @property
    def entry_file(self) -> str:
        """Where this pattern's entry belongs."""
        module = {"": "core", "admin": "django_admin"}.get(self.namespace, self.namespace.replace(":", "_"))
        return f"tests/authz/{module}.py"


def url_patterns(resolver: URLResolver | None = None, prefix: str = "", namespace: str = "") -> list[Pattern]:
    """Every URL pattern reachable from the root URLconf, in order, with its namespaced key."""
    found = []
    for item in (resolver or get_resolver()).url_patterns:
        route = prefix + str(item.pattern)
        if isinstance(item, URLResolver):
            inner = namespace
            if item.namespace:
                inner = f"{namespace}:{item.namespace}" if namespace else item.namespace
            found += url_patterns(item, route, inner)
        elif isinstance(item, URLPattern):
            if item.name:
                key = f"{namespace}:{item.name}" if namespace else item.name
            else:
                key = f"{namespace}:<{route}>" if namespace else f"<{route}>"
            found.append(Pattern(key, namespace, item.name, route))
    return found


def load_entries() -> list[Entry]:
    """The entries of every module of this package that has an ``ENTRIES`` list, each tagged with its module."""
    import tests.authz as package

    entries = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda info: info.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for item in getattr(module, "ENTRIES", ()):
            entries.append(Entry(item.key, item.cases, module=f"tests/authz/{info.name}.py"))
    return entries


def roles_of(case: Case) -> list[str]:
    return [role for role in (*ROLES, *OPTIONAL_ROLES) if role in case.answers]


def hidden_from_other_units(entries: list[Entry], *, besides: tuple[str, ...] = ()) -> list[Entry]:
    """The entries with ``other_unit``'s 403 made 404: another unit's application (or its files) answers as a missing
    one does, so nobody learns which numbers are taken. The entries of ``besides`` (pages of no unit's object) stay."""
    changed = []
    for item in entries:
        if item.key not in besides:
            cases = tuple(
                Case(**{**vars(case), "answers": {**case.answers, "other_unit": NOT_FOUND}})
                if case.answers.get("other_unit") == FORBIDDEN
                else case
                for case in item.cases
            )
            item = Entry(item.key, cases, item.module)
        changed.append(item)
    return changed
