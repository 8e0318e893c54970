"""Review results computed once per change, not per request.

Every change to what a call's results are computed from, or to what the result pages show beside them (the
applications' 编号, state and unit name, the experts and the panel, the decision), gives the call's
``ResultsRevision`` a new random value in the same transaction (``bump``, connected to the models' save and delete
signals in ``connect``; a service that writes with ``bulk_create`` or ``update``, or one row after another as the
selection does, bumps itself). The result pages' rendered content is kept under the revision too
(``review.views.page_cache``). A result (the ranking, the materials ranking, a stage's
figures) is read through ``cached(call, name, compute)``: one query for the revision; when the process already
holds the result of that revision it is used as is, else the stored one of that revision is loaded, else it is
computed and stored — only if no change was committed meanwhile (the store is conditional on the revision read
before computing), so a result of an older revision is never kept and never shown.

A result that also depends on what the revision does not follow (the ranking export lists draft scores and
names) is read through ``cached_for_key``: stored with a digest of those inputs, reused only while both match.

The stored payload is a pickle written only by this module. What the pages show around a result (unit names,
编号, the quota) is not part of it: a page reads it when it renders.
"""

import pickle
import secrets
import threading
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from psyboost.review.models import (
    Assignment,
    Conflict,
    Criterion,
    Decision,
    Expert,
    PanelMember,
    ResultsRevision,
    Review,
    ReviewSettings,
    Score,
    StoredResult,
)

_memo: dict[tuple[int, str], tuple[int, object]] = {}
_lock = threading.Lock()


def revision_of(call_id: int) -> int:
    """The call's current revision; 0 when none was ever given."""
    return ResultsRevision.objects.filter(call_id=call_id).values_list("revision", flat=True).first() or 0


def bump(call_id: int | None) -> int:
    """Mark the call's results out of date: a new revision, random (so that a value held in memory never matches
    a revision of another database, or of a call whose id was given again). Returns the new revision."""
    if call_id is None:
        return 0
    revision = secrets.randbits(62) + 1
    if ResultsRevision.objects.filter(call_id=call_id).update(revision=revision):
        return revision
    try:
        with transaction.atomic():
            ResultsRevision.objects.create(call_id=call_id, revision=revision)
    except IntegrityError:  # created meanwhile by a concurrent change
        ResultsRevision.objects.filter(call_id=call_id).update(revision=revision)
    return revision


def cached(call, name: str, compute: Callable[[], object]):
    """The result ``name`` of ``call`` at its current revision, computed by ``compute()`` only when not stored."""
    revision = revision_of(call.pk) or bump(call.pk)
    key = (call.pk, name)
    held = _memo.get(key)
    if held is not None and held[0] == revision:
        return held[1]
    payload = StoredResult.objects.filter(call=call, name=name, revision=revision).values_list("payload", flat=True)
    payload = payload.first()
    if payload is not None:
        value = pickle.loads(bytes(payload))
    else:
        value = compute()
        _store(call, name, revision, value)
    with _lock:
        _memo[key] = (revision, value)
    return value


def cached_for_key(call, name: str, key: str, compute: Callable[[], object], key_now: Callable[[], str]):
    """Like ``cached``, for a result that also depends on inputs the revision does not follow (e.g. draft scores,
    names): valid at the current revision *and* for ``key``, a digest of those inputs read before computing. The
    stored value is the pair (key, result); ``key_now()`` reads the digest again after computing, and a result whose
    inputs moved meanwhile is returned but not kept."""
    revision = revision_of(call.pk) or bump(call.pk)
    memo_key = (call.pk, name)
    held = _memo.get(memo_key)
    if held is not None and held[0] == revision and held[1][0] == key:
        return held[1][1]
    payload = StoredResult.objects.filter(call=call, name=name, revision=revision).values_list("payload", flat=True)
    payload = payload.first()
    if payload is not None:
        pair = pickle.loads(bytes(payload))
        if pair[0] == key:
            with _lock:
                _memo[memo_key] = (revision, pair)
            return pair[1]
    value = compute()
    if key_now() == key:
        _store(call, name, revision, (key, value))
        with _lock:
            _memo[memo_key] = (revision, (key, value))
    return value


def _store(call, name: str, revision: int, value) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    with transaction.atomic():
        if revision_of(call.pk) != revision:
            return  # changed while computing: keep nothing
        values = {"revision": revision, "payload": data, "computed_at": timezone.now()}
        if StoredResult.objects.filter(call=call, name=name).update(**values):
            return
        try:
            with transaction.atomic():
                StoredResult.objects.create(call=call, name=name, **values)
        except IntegrityError:  # stored meanwhile by another request: theirs is as good
            pass


def forget_memo() -> None:
    """Drop what this process holds (the stored results stay); for tests and benchmarks."""
    with _lock:
        _memo.clear()


# --- what bumps ------------------------------------------------------------------------------------------------


def _call_of_assignment(assignment_id) -> int | None:
    return Assignment.objects.filter(pk=assignment_id).values_list("application__call_id", flat=True).first()


def _on_score(sender, instance, **kwargs):
    call_id = (
        Review.objects.filter(pk=instance.review_id, state=Review.State.SUBMITTED)
        .values_list("assignment__application__call_id", flat=True)
        .first()
    )
    bump(call_id)  # a score of a draft review counts nowhere


def _on_review(sender, instance, **kwargs):
    bump(_call_of_assignment(instance.assignment_id))


def _on_assignment(sender, instance, **kwargs):
    from psyboost.applications.models import Application

    bump(Application.objects.filter(pk=instance.application_id).values_list("call_id", flat=True).first())


def _on_call_child(sender, instance, **kwargs):
    bump(instance.call_id)


# The fields of an application that a result page shows (or that decide whether it is listed); a draft's content,
# saved with ``update_fields`` naming only content, shows nowhere there and bumps nothing (the autosave).
APPLICATION_FIELDS_SHOWN = {"state", "number", "unit", "unit_id", "call", "call_id"}


def _on_application(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and not APPLICATION_FIELDS_SHOWN.intersection(update_fields):
        return
    bump(instance.call_id)


def _on_unit(sender, instance, **kwargs):
    """A unit's name is shown beside its applications (a merge moves applications with ``update``, then saves the
    unit kept: this bumps the calls of those applications too)."""
    from psyboost.applications.models import Application

    for call_id in Application.objects.filter(unit=instance).order_by().values_list("call_id", flat=True).distinct():
        bump(call_id)


def _on_expert(sender, instance, **kwargs):
    """An expert's name is shown on the pages of every call whose panel or assignments include them."""
    calls = set(PanelMember.objects.filter(expert=instance).values_list("call_id", flat=True))
    calls.update(Assignment.objects.filter(expert=instance).values_list("application__call_id", flat=True))
    for call_id in calls:
        bump(call_id)


def _on_decision_members(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Decision):
        bump(instance.call_id)


def connect() -> None:
    """Called once from ``ReviewConfig.ready``."""
    from psyboost.applications.models import Application
    from psyboost.calls.models import Unit

    handlers = [
        (Score, _on_score),
        (Review, _on_review),
        (Assignment, _on_assignment),
        (Conflict, _on_call_child),
        (Criterion, _on_call_child),
        (ReviewSettings, _on_call_child),
        (PanelMember, _on_call_child),
        (Decision, _on_call_child),
        (Expert, _on_expert),
        (Application, _on_application),
        (Unit, _on_unit),
    ]
    for model, handler in handlers:
        uid = f"review-results-{model.__name__}"
        post_save.connect(handler, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(handler, sender=model, dispatch_uid=uid + "-delete")
    m2m_changed.connect(_on_decision_members, sender=Decision.members.through, dispatch_uid="review-results-decision-m")
