import pytest
from django.db import transaction

from psyboost.demo.loader import load_demo

from . import NOW


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded at ``NOW`` once for the package, rolled back at its end; each test runs in a savepoint inside
    it (pytest-django's per-test atomic), so what a test changes is gone for the next one. The value is the load's
    report, step by step."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo(now=NOW)
        transaction.set_rollback(True)
