"""The audit trail is a hash chain: each entry links to the one before; audit-verify names the first broken link."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from psyboost.audit.models import AuditChainHead, AuditEntry, AuditEntryImmutable
from psyboost.audit.services import record, verify_chain
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    staff = StaffFactory(username="chen")
    return [record(staff, "test.step", staff, reason=f"第{n}步", n=n, names=["甲", "乙"]) for n in range(1, 6)]


def raw(sql: str, params) -> None:
    """What an intruder with database access does: bypasses the application."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_entries_are_numbered_and_linked(chain):
    assert [entry.sequence for entry in chain] == [1, 2, 3, 4, 5]
    assert chain[0].previous_hash == ""
    assert [entry.previous_hash for entry in chain[1:]] == [entry.entry_hash for entry in chain[:-1]]
    report = verify_chain()
    assert (report.entries, report.head_hash, report.broken) == (5, chain[-1].entry_hash, None)


def test_audit_verify_reports_an_intact_chain(chain, capsys):
    call_command("audit-verify")
    assert capsys.readouterr().out == f"audit chain intact: 5 entries, head {chain[-1].entry_hash}\n"


def test_a_changed_entry_is_the_first_broken_link(chain):
    raw("UPDATE audit_auditentry SET reason = %s WHERE id = %s", ["改过的理由", chain[2].pk])
    with pytest.raises(CommandError) as broken:
        call_command("audit-verify")
    assert str(broken.value) == f"audit chain broken at #3 (id {chain[2].pk}): content changed (after 2 intact entries)"
    assert broken.value.returncode == 1


def test_a_removed_entry_shows_as_a_gap(chain):
    raw("DELETE FROM audit_auditentry WHERE id = %s", [chain[1].pk])
    assert str(verify_chain().broken) == "#2 (id None): missing (next is #3)"


def test_a_rewritten_hash_breaks_the_next_link(chain):
    raw("UPDATE audit_auditentry SET entry_hash = %s WHERE id = %s", ["0" * 64, chain[3].pk])
    assert str(verify_chain().broken) == f"#4 (id {chain[3].pk}): content changed"


def test_a_cut_tail_shows_at_the_head(chain):
    raw("DELETE FROM audit_auditentry WHERE id = %s", [chain[4].pk])
    assert str(verify_chain().broken) == "chain head: the last entries were removed"


def test_the_application_never_deletes_or_changes_entries(chain):
    with pytest.raises(AuditEntryImmutable):
        chain[0].delete()
    with pytest.raises(AuditEntryImmutable):
        AuditEntry.objects.filter(pk=chain[0].pk).delete()
    with pytest.raises(AuditEntryImmutable):
        AuditEntry.objects.filter(pk=chain[0].pk).update(reason="x")
    assert AuditEntry.objects.count() == 5


def test_a_lost_head_row_is_rebuilt_from_the_last_entry(chain):
    AuditChainHead.objects.all().delete()
    entry = record(None, "test.after")
    assert (entry.sequence, entry.previous_hash) == (6, chain[-1].entry_hash)
    assert verify_chain().broken is None


def test_sign_ins_and_failed_sign_ins_are_audited(client):
    from tests.accounts.helpers import post_login
    from tests.conftest import PASSWORD

    staff = StaffFactory(username="chen")
    post_login(client, "chen", "wrong password", address="198.51.100.7")
    post_login(client, "chen", PASSWORD, address="198.51.100.8")
    failed = AuditEntry.objects.get(action="accounts.login_failed")
    assert (failed.actor_id, failed.data) == (None, {"username": "chen", "ip_address": "198.51.100.7"})
    assert "wrong password" not in str(failed.data)
    logged_in = AuditEntry.objects.get(action="accounts.logged_in")
    assert (logged_in.actor_id, logged_in.data) == (staff.pk, {"ip_address": "198.51.100.8"})
