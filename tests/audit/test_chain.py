"""The audit trail is a hash chain: each entry links to the one before; audit-verify names the first broken link."""

import hashlib
import hmac
import json
from datetime import UTC
from importlib import import_module

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from psyboost.audit.models import AuditChainHead, AuditEntry, AuditEntryImmutable
from psyboost.audit.services import record, verify_chain
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    staff = StaffFactory(username="chen")
    return [record(staff, "test.step", staff, reason=f"第{n}步", n=n, names=["甲", "乙"]) for n in range(1, 6)]


def _text(entry, previous: str) -> bytes:
    """An entry's content in the chain's fixed form (as AuditEntry.compute_hash writes it)."""
    content = {
        "sequence": entry.sequence,
        "previous": previous,
        "created_at": entry.created_at.astimezone(UTC).isoformat(),
        "actor": entry.actor_id,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "target_label": entry.target_label,
        "reason": entry.reason,
        "data": entry.data,
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()


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


# --- the key, the recorded head, the re-chaining migration ------------------------------------------------------------


def recompute_from(chain, first: int, compute) -> None:
    """What an intruder who can write the database does after changing entry ``first`` (1-based): compute every link
    from there on anew with ``compute(entry)``, and set the head row to match."""
    previous = chain[first - 2].entry_hash if first > 1 else ""
    for entry in AuditEntry.objects.filter(sequence__gte=first).order_by("sequence"):
        entry.previous_hash = previous
        entry.entry_hash = compute(entry)
        raw(
            "UPDATE audit_auditentry SET previous_hash = %s, entry_hash = %s WHERE id = %s",
            [previous, entry.entry_hash, entry.pk],
        )
        previous = entry.entry_hash
    raw("UPDATE audit_auditchainhead SET entry_hash = %s", [previous])


def plain_sha256(entry) -> str:
    """The chain's hash as it was before the key (migration 0002): anyone could compute it."""
    return hashlib.sha256(_text(entry, entry.previous_hash)).hexdigest()


def test_the_links_are_keyed_with_the_audit_key(chain, settings):
    assert settings.PSYBOOST_AUDIT_KEY == "dev-only-audit-key"  # dev and test: the default
    entry = chain[0]
    assert entry.entry_hash == hmac.new(b"dev-only-audit-key", _text(entry, ""), hashlib.sha256).hexdigest()
    assert entry.entry_hash != plain_sha256(entry)
    settings.PSYBOOST_AUDIT_KEY = "another-key-another-key-another-key"
    assert str(verify_chain().broken) == f"#1 (id {chain[0].pk}): content changed"


def test_a_changed_row_recomputed_without_the_key_is_still_broken(chain):
    raw("UPDATE audit_auditentry SET reason = %s WHERE id = %s", ["改过的理由", chain[2].pk])
    recompute_from(chain, 3, plain_sha256)
    assert str(verify_chain().broken) == f"#3 (id {chain[2].pk}): content changed"


def test_a_changed_row_recomputed_under_a_guessed_key_is_still_broken(chain):
    raw("UPDATE audit_auditentry SET reason = %s WHERE id = %s", ["改过的理由", chain[2].pk])
    recompute_from(chain, 3, lambda entry: entry.compute_hash(key="dev-only-insecure-key-change-me"))
    assert str(verify_chain().broken) == f"#3 (id {chain[2].pk}): content changed"


def test_with_the_key_the_same_rewrite_would_pass_which_is_why_the_key_stays_off_the_database(chain):
    raw("UPDATE audit_auditentry SET reason = %s WHERE id = %s", ["改过的理由", chain[2].pk])
    recompute_from(chain, 3, lambda entry: entry.compute_hash())
    assert verify_chain().broken is None


def test_a_deleted_row_in_the_middle_is_a_gap_even_with_the_chain_recomputed_without_the_key(chain):
    raw("DELETE FROM audit_auditentry WHERE id = %s", [chain[1].pk])
    raw("UPDATE audit_auditentry SET sequence = sequence - 1 WHERE sequence > 2", [])
    chain = list(AuditEntry.objects.order_by("sequence"))
    recompute_from(chain, 2, plain_sha256)
    assert str(verify_chain().broken) == f"#2 (id {chain[1].pk}): content changed"


def test_audit_head_prints_the_last_entry_to_record_elsewhere(chain, capsys):
    call_command("audit-head")
    last = chain[-1]
    at = last.created_at.astimezone(UTC).isoformat()
    assert capsys.readouterr().out == f"audit head: #5 id {last.pk} at {at} hash {last.entry_hash}\n"


def test_audit_head_of_an_empty_trail_and_of_a_broken_chain(capsys):
    call_command("audit-head")
    assert capsys.readouterr().out == "audit head: none (no entries yet)\n"
    entry = record(None, "test.first")
    raw("UPDATE audit_auditentry SET action = %s WHERE id = %s", ["test.changed", entry.pk])
    with pytest.raises(CommandError) as broken:
        call_command("audit-head")
    assert str(broken.value) == f"audit chain broken at #1 (id {entry.pk}): content changed (after 0 intact entries)"


def test_audit_verify_with_a_recorded_head_that_the_chain_still_leads_through(chain, capsys):
    recorded = chain[2].entry_hash
    record(None, "test.later")
    call_command("audit-verify", "--head", recorded.upper())
    report = verify_chain()
    assert capsys.readouterr().out == (
        f"audit chain intact: 6 entries, head {report.head_hash}, leads through the recorded head {recorded}\n"
    )


def test_a_cut_tail_with_the_head_row_set_to_match_shows_only_against_the_recorded_head(chain):
    recorded = chain[-1].entry_hash
    raw("DELETE FROM audit_auditentry WHERE sequence > 3", [])
    raw("UPDATE audit_auditchainhead SET sequence = 3, entry_hash = %s", [chain[2].entry_hash])
    assert verify_chain().broken is None  # without a head written down elsewhere, nothing shows
    with pytest.raises(CommandError) as broken:
        call_command("audit-verify", "--head", recorded)
    assert str(broken.value) == (
        f"audit chain broken at chain head: the recorded head {recorded} is not in the chain (after 3 intact entries)"
    )


RECHAIN = "0004_rechain_under_the_audit_key"


@pytest.fixture(scope="module")
def migration_apps(django_db_setup, django_db_blocker):
    """The models as the migration sees them (historical: plain managers, the application's guards absent)."""
    with django_db_blocker.unblock():
        return MigrationLoader(connection).project_state(("audit", RECHAIN)).apps


def test_the_migration_rechains_the_plain_chain_under_the_key(chain, migration_apps):
    rechain, apps = import_module(f"psyboost.audit.migrations.{RECHAIN}"), migration_apps
    keyed = [(entry.previous_hash, entry.entry_hash) for entry in AuditEntry.objects.order_by("sequence")]
    rechain.rechain_without_the_key(apps, None)
    assert AuditEntry.objects.get(sequence=1).entry_hash == plain_sha256(AuditEntry.objects.get(sequence=1))
    assert str(verify_chain().broken) == f"#1 (id {chain[0].pk}): content changed"

    rechain.rechain_under_the_key(apps, None)

    assert [(entry.previous_hash, entry.entry_hash) for entry in AuditEntry.objects.order_by("sequence")] == keyed
    assert AuditChainHead.objects.get().entry_hash == chain[-1].entry_hash
    assert verify_chain().broken is None


def test_the_migration_refuses_to_rechain_a_broken_chain(chain, migration_apps):
    rechain, apps = import_module(f"psyboost.audit.migrations.{RECHAIN}"), migration_apps
    rechain.rechain_without_the_key(apps, None)
    raw("UPDATE audit_auditentry SET reason = %s WHERE id = %s", ["改过的理由", chain[3].pk])
    with pytest.raises(RuntimeError) as refused:
        rechain.rechain_under_the_key(apps, None)
    assert str(refused.value) == (
        f"audit chain broken at #4 (id {chain[3].pk}): not re-chained under PSYBOOST_AUDIT_KEY; "
        "run psyboost audit-verify on the previous release to see the break"
    )
    first = AuditEntry.objects.get(sequence=1)
    assert first.entry_hash == plain_sha256(first)  # nothing re-chained, not even the intact links before the break
