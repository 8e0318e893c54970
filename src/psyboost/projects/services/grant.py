"""The grant: the unit confirms its receiving account and signs the commitment; staff record the payment (in
batches, once per project: two staff recording at once, one wins); the unit confirms receipt with the receipt scan."""

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from psyboost.audit.services import record

from .. import workflow
from ..models import Grant, PaymentBatch, Project
from ..workflow import Stage
from .common import ProjectRefused, parse_date, refuse, required_text

ACCOUNT_DIGITS = set("0123456789 -")


def _grant_for_update(project: Project) -> Grant:
    return Grant.objects.select_for_update().get(project_id=project.pk)


@transaction.atomic
def confirm_account(project: Project, actor, *, account_name, bank, account_number, now=None) -> Grant:
    grant = _grant_for_update(project)
    if grant.paid_on is not None:
        refuse("account_number", _("资金已拨付，收款账户不能再修改；如有问题请联系市总工会工作人员。"))
    errors = {}
    name = str(account_name or "").strip()
    bank_name = str(bank or "").strip()
    number = str(account_number or "").strip()
    if not name:
        errors["account_name"] = _("请填写开户名称（应与单位名称一致）。")
    if not bank_name:
        errors["bank"] = _("请填写开户行。")
    digits = number.replace(" ", "").replace("-", "")
    if not digits:
        errors["account_number"] = _("请填写账号。")
    elif not set(number) <= ACCOUNT_DIGITS or not 8 <= len(digits) <= 32:
        errors["account_number"] = _("账号应为 8–32 位数字。")
    if errors:
        raise ProjectRefused(_("收款账户信息有误，请按提示修改。"), errors)
    grant.account_name, grant.bank, grant.account_number = name[:100], bank_name[:100], digits
    grant.account_confirmed_at, grant.account_confirmed_by = now or timezone.now(), actor
    grant.save()
    record(actor, "projects.account_confirmed", project, bank=grant.bank, account=grant.masked_number)
    return grant


@transaction.atomic
def sign_commitment(project: Project, actor, *, agreed: bool, now=None) -> Grant:
    grant = _grant_for_update(project)
    if not agreed:
        refuse("agreed", _("请阅读并勾选同意资金使用承诺。"))
    if grant.commitment_signed_at is not None:
        return grant
    grant.commitment_signed_at, grant.commitment_signed_by = now or timezone.now(), actor
    grant.save(update_fields=["commitment_signed_at", "commitment_signed_by"])
    record(actor, "projects.commitment_signed", project, text=grant.commitment_text)
    return grant


@transaction.atomic
def record_batch(call, projects: list[Project], actor, *, paid_on, payer, vouchers: dict) -> PaymentBatch:
    """Record the payment of ``projects`` as one batch: the call's grant each, ``vouchers`` maps a project id to its
    voucher number. All or nothing: a project already paid (by someone else meanwhile), not ready, or without a
    voucher refuses the whole batch."""
    day = parse_date(paid_on, "paid_on")
    payer_name = required_text(payer, "payer", 100, _("请填写拨付单位。"))
    if not projects:
        refuse("projects", _("请至少选择一个项目。"))
    grants = {g.project_id: g for g in Grant.objects.select_for_update().filter(project__in=[p.pk for p in projects])}
    errors = {}
    for project in projects:
        grant = grants[project.pk]
        voucher = str(vouchers.get(project.pk) or "").strip()
        if project.call_id != call.pk:
            errors[f"voucher_{project.pk}"] = _("不属于本年度的项目。")
        elif grant.paid_on is not None:
            errors[f"voucher_{project.pk}"] = _(
                "%(unit)s的资金已于%(day)s拨付（凭证号 %(voucher)s），不能重复登记。"
            ) % {
                "unit": project.unit.name,
                "day": grant.paid_on.isoformat(),
                "voucher": grant.voucher,
            }
        elif not grant.ready_for_payment:
            errors[f"voucher_{project.pk}"] = _("%(unit)s尚未确认收款账户并签署资金使用承诺。") % {
                "unit": project.unit.name
            }
        elif not voucher:
            errors[f"voucher_{project.pk}"] = _("请填写凭证号。")
        elif len(voucher) > 50:
            errors[f"voucher_{project.pk}"] = _("凭证号不能超过 50 个字。")
    if errors:
        raise ProjectRefused(_("本批拨付未登记，请按提示修改。"), errors)
    number = (PaymentBatch.objects.filter(call=call).aggregate(n=Max("number"))["n"] or 0) + 1
    batch = PaymentBatch.objects.create(call=call, number=number, paid_on=day, payer=payer_name, created_by=actor)
    now = timezone.now()
    for project in projects:
        grant = grants[project.pk]
        grant.amount, grant.paid_on, grant.payer = call.grant_amount, day, payer_name
        grant.voucher, grant.batch = str(vouchers[project.pk]).strip(), batch
        grant.paid_recorded_at, grant.paid_recorded_by = now, actor
        grant.save()
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if locked.stage == Stage.AWAITING_GRANT:
            workflow.transition(locked, Stage.IMPLEMENTING, actor, voucher=grant.voucher, amount=str(grant.amount))
        else:
            record(actor, "projects.paid", locked, voucher=grant.voucher, amount=str(grant.amount))
    record(actor, "projects.batch_recorded", batch, projects=[p.pk for p in projects])
    return batch


def record_payment(project: Project, actor, *, paid_on, payer, voucher) -> PaymentBatch:
    return record_batch(project.call, [project], actor, paid_on=paid_on, payer=payer, vouchers={project.pk: voucher})


@transaction.atomic
def refuse_a_second_receipt(grant: Grant) -> None:
    """Receipt is confirmed once; the view asks before it stores the scan, so a refused one leaves no file."""
    if grant.received_confirmed_at is not None:
        refuse("received_on", _("已确认到账，不能重复确认。"))


def confirm_receipt(project: Project, actor, *, received_on, receipt=None, now=None) -> Grant:
    """The unit says the money arrived, with the receipt scan (a ``ProjectFile`` of kind receipt_scan)."""
    grant = _grant_for_update(project)
    if grant.paid_on is None:
        refuse("received_on", _("市总工会尚未登记拨付，暂不能确认到账。"))
    refuse_a_second_receipt(grant)
    day = parse_date(received_on, "received_on")
    if day < grant.paid_on:
        refuse("received_on", _("到账日期不能早于拨付日期（%(day)s）。") % {"day": grant.paid_on.isoformat()})
    if receipt is None:
        refuse("receipt", _("请上传收款收据扫描件。"))
    grant.received_on, grant.received_confirmed_at, grant.receipt = day, now or timezone.now(), receipt
    grant.save()
    record(actor, "projects.receipt_confirmed", project, received_on=day.isoformat(), receipt=receipt.pk)
    return grant


def disbursement_total(call) -> dict:
    """The call's payments so far and what they should come to: quota × grant."""
    paid = Grant.objects.filter(project__call=call, paid_on__isnull=False).aggregate(total=Sum("amount"))["total"]
    return {"paid": paid or 0, "expected": call.grant_total}
