"""The English locale: pages render in English when the browser or the language cookie asks for it, and the English
catalogue covers every marked string of the source, with nothing fuzzy, nothing empty, placeholders kept, and the
committed .mo files matching the .po files (fresh machines may not have gettext to compile them).

The source-vs-catalogue check extracts the marked strings itself (Python ``ast`` for .py, Django's ``templatize`` for
templates), so it needs no gettext tools: a string added without running makemessages fails here.
"""

import ast
import gc
import gettext
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

from psyboost.applications import services
from psyboost.documents import printing
from tests.factories import IN_THE_2020_CALL, ApplicationFactory, CallFactory, StaffFactory, UnitUserFactory

PACKAGE = Path(settings.PACKAGE_DIR)
CATALOGUES = sorted(PACKAGE.glob("**/locale/en/LC_MESSAGES/django.po"))
IN_TIME = datetime(2020, 7, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# --- pages ----------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_home_page_in_english_from_accept_language(client):
    CallFactory()

    page = html(client.get("/", **EN))

    assert '<html lang="en">' in page
    assert "<h1>Beijing Federation of Trade Unions Employee Psychological Service Support Projects</h1>" in page
    assert "Skip to main content" in page
    assert ">Sign in</a>" in page
    assert '<button class="link" name="language" value="zh-hans">中文</button>' in page
    assert "Beijing Federation of Trade Unions · Beijing Workers' Service Centre" in page
    assert "北京市总工会 · 北京市职工服务中心" not in page
    assert "跳到正文" not in page


@pytest.mark.django_db
def test_the_language_cookie_chooses_english_and_chinese_stays_the_default(client):
    assert "跳到正文" in html(client.get("/"))

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = html(client.get("/"))

    assert "Skip to main content" in page
    assert "跳到正文" not in page


@pytest.mark.django_db
def test_the_language_switch_posts_to_set_language_and_sticks(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert (response.status_code, response["Location"]) == (302, "/")
    assert "Skip to main content" in html(client.get("/"))


@pytest.mark.django_db
def test_the_login_page_in_english(client):
    page = html(client.get("/accounts/login/", **EN))

    assert "<h1>Sign in</h1>" in page
    assert (
        "Unit accounts are created by the Federation. If you have forgotten your password, ask Federation staff to "
        "reset it." in page
    )
    assert "忘记密码" not in page


@pytest.mark.django_db
def test_a_wrong_password_is_explained_in_english(client):
    StaffFactory(username="zhouna")

    response = client.post("/accounts/login/", {"username": "zhouna", "password": "wrong"}, **EN)

    assert (
        "Incorrect username or password. After 5 failed attempts in a row the account is locked for 15 minutes."
        in html(response)
    )


@pytest.mark.django_db
def test_the_staff_list_of_calls_in_english(client):
    CallFactory()
    client.force_login(StaffFactory())

    page = html(client.get("/staff/calls/", **EN))

    assert "<h1>Calls</h1>" in page
    assert ">New call</a>" in page
    assert "<th>Deadline</th>" in page
    assert '<th class="num">Quota</th>' in page
    assert "新建年度评选" not in page
    assert "截止时间" not in page


@pytest.mark.django_db
def test_the_staff_list_of_applications_in_english(client):
    application = ApplicationFactory()
    services.submit(application, UnitUserFactory(unit=application.unit), now=IN_TIME)
    client.force_login(StaffFactory())

    page = html(client.get("/applications/staff/", **EN))

    assert "Submitted (awaiting screening)" in page
    assert "Not received" in page
    assert "已提交（待形式审查）" not in page


@pytest.mark.django_db
def test_the_units_submitted_application_in_english(client):
    application = ApplicationFactory()
    owner = UnitUserFactory(unit=application.unit)
    services.submit(application, owner, now=IN_TIME)
    client.force_login(owner)

    page = html(client.get(f"/applications/{application.pk}/", **EN))

    assert "Submitted (awaiting screening)" in page
    assert 'Application number <strong class="application-number">2020-001</strong>' in page
    assert (
        "Submitted content cannot be changed. To make changes, ask Federation staff to return it for revision." in page
    )
    assert "Applicant unit information" in page
    assert "已提交的内容不能修改" not in page
    assert "申报单位基本信息" not in page


@pytest.mark.django_db
@time_machine.travel(IN_THE_2020_CALL, tick=False)
def test_the_units_start_page_in_english(client):
    application = ApplicationFactory()
    client.force_login(UnitUserFactory(unit=application.unit))

    page = html(client.get("/applications/mine/", **EN))

    assert "<h1>My applications</h1>" in page
    assert ">Continue</a>" in page
    assert ">How personal information is handled</a>" in page
    assert "继续填写" not in page


@pytest.mark.django_db
def test_the_printed_paper_form_stays_chinese_for_an_english_user():
    application = ApplicationFactory()

    with translation.override("en"):
        form = printing.printed_form(application)

    assert form.title == "职工心理服务助推项目评选申报表"
    assert form.sections[0].title == "一、申报单位基本信息"


# --- the catalogue --------------------------------------------------------------------------------------------------


def _unquote(lines: list[str]) -> str:
    return "".join(ast.literal_eval(line) for line in lines)


def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgid, msgid_plural, msgstr forms, flags; obsolete (#~) entries skipped."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip()):
        entry, key, parts = {"flags": set(), "msgstr": {}}, None, {}
        for line in block.splitlines():
            if line.startswith("#~"):
                entry["obsolete"] = True
            elif line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                parts[key].append(line)
            else:
                key, _, rest = line.partition(" ")
                parts[key] = [rest]
        if entry.get("obsolete"):
            continue
        entry["msgid"] = _unquote(parts["msgid"])
        entry["msgid_plural"] = _unquote(parts["msgid_plural"]) if "msgid_plural" in parts else None
        for key, lines in parts.items():
            if key.startswith("msgstr"):
                entry["msgstr"][int(key[7:-1]) if "[" in key else 0] = _unquote(lines)
        entries.append(entry)
    return entries


def messages() -> list[tuple[Path, dict]]:
    return [(path, entry) for path in CATALOGUES for entry in parse_po(path) if entry["msgid"]]


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|%%|\{\w*\}")


def test_there_is_a_project_catalogue_and_one_per_app_with_its_own_locale():
    found = {path.relative_to(PACKAGE).as_posix() for path in CATALOGUES}

    assert "locale/en/LC_MESSAGES/django.po" in found
    assert "accounts/locale/en/LC_MESSAGES/django.po" in found


def test_every_english_message_is_translated_not_fuzzy_and_keeps_its_placeholders():
    problems = []
    for path, entry in messages():
        where = f"{path.relative_to(PACKAGE)}: {entry['msgid']!r}"
        forms = entry["msgstr"]
        if "fuzzy" in entry["flags"]:
            problems.append(f"fuzzy {where}")
        if not forms or not all(forms.values()) or len(forms) != (2 if entry["msgid_plural"] else 1):
            problems.append(f"untranslated {where}")
            continue
        sources = [entry["msgid"], entry["msgid_plural"]] if entry["msgid_plural"] else [entry["msgid"]]
        for index, source in enumerate(sources):
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(forms[index])):
                problems.append(f"placeholders differ in {where}")
    assert problems == []


def test_the_headers_are_english_and_not_fuzzy():
    for path in CATALOGUES:
        header = parse_po(path)[0]
        assert header["msgid"] == ""
        assert "fuzzy" not in header["flags"]
        assert "Language: en\n" in header["msgstr"][0]
        assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in header["msgstr"][0]


def test_the_committed_mo_files_match_the_po_files():
    for path in CATALOGUES:
        with path.with_suffix(".mo").open("rb") as compiled:
            catalogue = gettext.GNUTranslations(compiled)
        stale = []
        for entry in parse_po(path):
            if not entry["msgid"]:
                continue
            if entry["msgid_plural"]:
                got = [catalogue.ngettext(entry["msgid"], entry["msgid_plural"], n) for n in (1, 2)]
                want = [entry["msgstr"][0], entry["msgstr"][1]]
            else:
                got, want = catalogue.gettext(entry["msgid"]), entry["msgstr"][0]
            if got != want:
                stale.append(entry["msgid"])
        assert stale == [], f"{path}: run compilemessages (docs/translations.md)"


# The marked strings of the source, found without gettext tools.
PY_KEYWORDS = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}
TEMPLATE_CALL = re.compile(
    r"\b(gettext|ngettext|_)\(\s*([rRuU]?(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"))"
    r"(?:\s*,\s*([rRuU]?(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")))?"
)


def _parse(source: str) -> ast.Module:
    """``ast.parse`` with the garbage collector paused: a collection during parsing may run a finaliser (a browser
    test's leftover asyncio task logs an error) inside the parser, which CPython 3.11 then reports as a
    SystemError ("AST constructor recursion depth mismatch")."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return ast.parse(source)
    finally:
        if was_enabled:
            gc.enable()


def _from_python(path: Path) -> set[tuple[str, str | None]]:
    found = set()
    for node in ast.walk(_parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        if name not in PY_KEYWORDS:
            continue
        strings = [a.value for a in node.args[:2] if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        if not strings:
            continue
        plural = strings[1] if name.startswith("ngettext") and len(strings) == 2 else None
        found.add((strings[0], plural))
    return found


def _from_template(path: Path) -> set[tuple[str, str | None]]:
    found = set()
    for match in TEMPLATE_CALL.finditer(templatize(path.read_text(encoding="utf-8"), origin=str(path))):
        singular = ast.literal_eval(match[2])
        plural = ast.literal_eval(match[3]) if match[1] == "ngettext" and match[3] else None
        found.add((singular, plural))
    return found


def source_messages() -> dict[tuple[str, str | None], str]:
    found = {}
    for path in sorted(PACKAGE.rglob("*")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "static" or "migrations" in relative.parts or not path.is_file():
            continue
        if path.suffix == ".py":
            strings = _from_python(path)
        elif path.suffix in {".html", ".txt"} and "templates" in relative.parts:
            strings = _from_template(path)
        else:
            continue
        for message in strings:
            found.setdefault(message, str(relative))
    return {message: where for message, where in found.items() if message[0]}


def test_the_extraction_finds_the_strings_of_templates_and_python():
    """The check below is only as good as its extraction: templatize writes ``gettext(u'…')``, which an earlier
    pattern missed, so no template string was ever checked."""
    found = source_messages()
    assert ("跳到正文", None) in found
    assert ("收到日期不能晚于今天。", None) in found
    assert sum(1 for where in found.values() if where.endswith(".html")) > 500


def test_every_marked_string_of_the_source_is_in_the_english_catalogue():
    translated = {(entry["msgid"], entry["msgid_plural"]) for _, entry in messages()}

    missing = sorted(
        f"{where}: {message[0]!r}" for message, where in source_messages().items() if message not in translated
    )

    assert missing == [], "run makemessages -l en and translate (docs/translations.md)"


# --- no Chinese left in the English interface ------------------------------------------------------------------------

IDEOGRAPHS = re.compile(r"[\u3400-\u9fff]+")


def interface_text(page: str, user_data) -> str:
    """What a reader sees of ``page`` (no scripts, styles or tags), with the user data (names typed or imported by
    people: units, districts, persons, the call's name and contacts) and the language switch's 中文 taken out."""
    from psyboost.calls.districts import DISTRICT_UNIONS

    page = re.sub(r"<script\b.*?</script>|<style\b.*?</style>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    for value in sorted({*user_data, *DISTRICT_UNIONS, "中文"}, key=len, reverse=True):
        if value:
            page = page.replace(value, " ")
    return page


@pytest.mark.django_db
def test_the_main_pages_in_english_have_no_chinese_outside_user_data(client, time_machine):
    from psyboost.review.models import ReviewSettings
    from tests.factories import ExpertFactory

    time_machine.move_to(IN_TIME, tick=False)
    call = CallFactory()
    ReviewSettings.objects.create(call=call)
    application = ApplicationFactory(call=call, with_rows=False, with_photos=False)
    unit_user = UnitUserFactory(unit=application.unit)
    staff, expert = StaffFactory(), ExpertFactory()
    user_data = [
        call.name, call.edition, call.contact_people, call.contact_address, application.unit.name,
        application.unit.parent_union,
        str(unit_user), str(staff), str(expert),
    ]  # fmt: skip
    pages = {
        None: ["/", f"/calls/{call.year}/", "/accounts/login/"],
        unit_user: ["/applications/mine/", "/notifications/"],
        staff: ["/staff/", "/applications/staff/", "/staff/calls/", "/staff/units/"],
        expert: ["/review/my-assignments/"],
    }
    found = {}
    for user, paths in pages.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for path in paths:
            text = interface_text(html(client.get(path, **EN)), user_data)
            leftovers = sorted(set(IDEOGRAPHS.findall(text)))
            if leftovers:
                found[path] = leftovers
    assert found == {}, found
