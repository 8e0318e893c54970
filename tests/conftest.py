import time

import pytest
import time_machine
from hypothesis import settings

from tests import factories
from tests.authz.world import base_world  # noqa: F401 (the matrix's world, a fixture of its pages' tests)
from tests.clock import DEFAULT_INSTANT, sleep_on_an_event, under_libfaketime

PASSWORD = "correct horse battery"

# Speed is measured in bench/, never asserted by a test: Hypothesis's per-example deadline is a timed check that a
# busy machine fails, so the suite runs without it.
settings.register_profile("psyboost", deadline=None)
settings.load_profile("psyboost")


@pytest.fixture
def call(db):
    return factories.CallFactory()


@pytest.fixture
def unit(db):
    return factories.UnitFactory()


@pytest.fixture
def staff_user(db):
    return factories.StaffFactory(username="staff")


@pytest.fixture
def admin_user(db):
    return factories.AdminFactory(username="admin")


@pytest.fixture
def expert_user(db):
    return factories.ExpertFactory(username="expert")


@pytest.fixture
def unit_user(db, unit):
    return factories.UnitUserFactory(username="unituser", unit=unit)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def unit_client(client, unit_user):
    client.force_login(unit_user)
    return client


@pytest.fixture
def scratch_upload_dir(settings, tmp_path):
    """Unfinished uploads' temporary files of this test go to its own folder instead of var/uploads-tmp."""
    settings.UPLOADS_TEMP_DIR = tmp_path / "uploads-tmp"
    return settings.UPLOADS_TEMP_DIR


def pytest_configure(config):
    """Under libfaketime (CI's second pass) time.sleep fails; sleep on an event instead (see tests/clock.py). The
    controller and each pytest-xdist worker load this file, so each process does it for itself."""
    if under_libfaketime():
        time.sleep = sleep_on_an_event


def pytest_sessionfinish(session, exitstatus):
    """The test settings put files in fresh temporary folders; remove them when the run ends."""
    import shutil

    from django.conf import settings

    for name in ("MEDIA_ROOT", "STATIC_ROOT", "UPLOADS_TEMP_DIR"):
        folder = str(getattr(settings, name, "") or "")
        if "psyboost-test-" in folder:
            shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module", autouse=True)
def module_clock():
    """A module's own fixtures (a world built once, the demo loaded once) start at the default instant too: an
    autouse fixture of module scope is set up before the module's other fixtures of that scope."""
    with time_machine.travel(DEFAULT_INSTANT, tick=True):
        yield


@pytest.fixture(autouse=True)
def default_clock(module_clock):
    """No test reads the real clock: each starts at ``tests.clock.DEFAULT_INSTANT`` and may travel on from there
    (a ``time_machine.travel`` inside it, or a fixture such as ``clock_in_the_call``, answers instead)."""
    with time_machine.travel(DEFAULT_INSTANT, tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: what a test rendered and kept (the review pages, a section's inputs)
    is not found by the next one, whose rows may have the same ids and times."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts in the site's language: a request with another language (LocaleMiddleware) leaves it
    active in the thread, which would leak into the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def clock_in_the_call(default_clock):
    """The form is open only while the call is open for the unit: tests that edit a draft run on 1 July 2020, inside
    the 2020 call of the factories (``pytestmark = pytest.mark.usefixtures("clock_in_the_call")``)."""
    with time_machine.travel(factories.IN_THE_2020_CALL, tick=False) as traveller:
        yield traveller


# Tests that share data built once for their package run on one pytest-xdist worker, so it is built once for the
# suite. (pytest-xdist's own ``--dist loadgroup`` names the group in the test's node id, which pytest 9 no longer
# lets a plugin change, so the grouping is by path here.)
ONE_WORKER_PACKAGES = ("tests/demo/loaded/",)


def pytest_xdist_make_scheduler(config, log):
    """``-n N`` as ``--dist load`` spreads tests, one at a time, except that each of ``ONE_WORKER_PACKAGES`` is one
    unit of work (the largest first)."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class LoadKeepingPackagesTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return next((package for package in ONE_WORKER_PACKAGES if nodeid.startswith(package)), nodeid)

    return LoadKeepingPackagesTogether(config, log)
