"""Background work of the announcement: the result notices of a call, the objector's reply, the selection letters."""

from django_tasks import task

from .models import Objection


@task()
def send_result_notices(call_id: int) -> int:
    from .notices import result_notices

    return result_notices(call_id)


@task()
def send_objection_reply(objection_id: int) -> bool:
    from .notices import email_reply

    objection = Objection.objects.filter(pk=objection_id).first()
    return objection is not None and email_reply(objection)


@task()
def render_selection_letter(application_id: int) -> bool:
    from .letters import ensure_letter

    return ensure_letter(application_id)
