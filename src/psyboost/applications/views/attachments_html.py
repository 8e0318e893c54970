"""The files of some kinds of an application, as the section pages show them (``{% attachments_panel %}``),
rendered in Python: the files already in (thumbnails, video players, links, delete buttons while editable) and an
upload field per kind (tus, resumable, with a progress bar; a plain multipart form without JavaScript). A refused
file's Chinese message is shown next to its field.

The panel holds ``<form>``s of its own: it goes OUTSIDE any other ``<form>`` (HTML forms do not nest).
"""

from django.template.defaultfilters import filesizeformat
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from psyboost.core.addresses import address_of_each
from psyboost.core.escaping import escaped

VIDEO_TYPES = ("video/mp4", "video/quicktime")


def _file(file, kind: dict, panel: dict, links: dict) -> str:
    download = links["download"](file.pk)
    name = escaped(file.original_name)
    if file.content_type[:6] == "image/":
        preview = (
            f'<a href="{download}?inline=1"><img class="attachment-thumb" src="{links["thumbnail"](file.pk)}" '
            f'alt="{name}" loading="lazy" width="160"></a>'
        )
    elif file.content_type in VIDEO_TYPES:
        preview = f'<video class="attachment-video" controls preload="metadata" src="{download}?inline=1"></video>'
    else:
        preview = ""
    delete = ""
    if panel["can_change"]:
        delete = (
            f'<form method="post" action="{links["delete"](file.pk)}" class="inline" '
            f'data-confirm="{escaped(_("确定删除此附件吗？"))}">{panel["csrf"]}'
            f'<input type="hidden" name="next" value="{panel["here"]}#attachments-{kind["name"]}">'
            f'<button type="submit" class="link">{escaped(_("删除"))}</button></form>'
        )
    return (
        f'<li class="attachment" data-kind="{escaped(file.kind)}">{preview}'
        f'<a class="attachment-name" href="{download}">{name}</a> '
        f'<span class="muted">{escaped(filesizeformat(file.size))}</span>{delete}</li>'
    )


def _upload(kind: dict, panel: dict, application) -> str:
    name = escaped(kind["name"])
    label = escaped(_("上传%(kind)s") % {"kind": kind["label"]})
    help_text = _(
        "接受%(accepted)s，每个文件不超过 %(limit)s；按文件内容检查格式。大文件中断后重新选择同一文件即可从中断处继续。"
    ) % {"accepted": kind["accepted"], "limit": filesizeformat(kind["max_bytes"])}
    error = f'<ul class="errorlist" role="alert"><li>{escaped(kind["error"])}</li></ul>' if kind["error"] else ""
    multiple = "multiple " if kind["name"] != "signed_scan" else ""
    action = reverse("applications:attachment_upload", args=[application.pk])
    return (
        f'<form method="post" enctype="multipart/form-data" action="{action}" class="attachment-upload">'
        f"{panel['csrf']}"
        f'<input type="hidden" name="kind" value="{name}">'
        f'<input type="hidden" name="next" value="{panel["here"]}#attachments-{name}">'
        f'<div class="field{" has-error" if kind["error"] else ""}" id="field-{name}">'
        f'<label for="file-{name}">{label}</label>'
        f'<input type="file" id="file-{name}" name="file" accept="{escaped(kind["accept"])}" '
        f'{multiple}data-upload-purpose="application_attachment" data-upload-kind="{name}" '
        f'data-upload-target="{application.pk}" aria-describedby="help-{name}">'
        f'<p class="helptext" id="help-{name}">{escaped(help_text)}</p>{error}</div>'
        f'<button type="submit" class="secondary attachment-upload-submit">{escaped(_("上传"))}</button></form>'
    )


def panel_html(panel: dict, application) -> SafeString:
    """``panel``: what ``attachments_panel_data`` gathers, with ``csrf`` (the hidden input) and ``here`` (the
    escaped address of the page, for the forms' way back)."""
    links = {
        "download": address_of_each("applications:attachment_download"),
        "thumbnail": address_of_each("applications:attachment_thumbnail"),
        "delete": address_of_each("applications:attachment_delete"),
    }
    parts = ['<section class="attachments-panel" id="attachments">']
    for kind in panel["kinds"]:
        name = escaped(kind["name"])
        files = "".join(_file(file, kind, panel, links) for file in kind["files"])
        files = files or f'<li class="muted attachment-none">{escaped(_("（未上传）"))}</li>'
        parts.append(
            f'<div class="attachment-kind" id="attachments-{name}"><h3>{escaped(kind["label"])}</h3>'
            f'<ul class="attachment-list" data-attachment-list="{name}">{files}</ul>'
            f"{_upload(kind, panel, application) if panel['can_change'] else ''}</div>"
        )
    parts.append(
        f'</section><script src="{static("psyboost/js/uploads.js")}" defer></script>'
        f'<script src="{static("psyboost/js/attachments-panel.js")}" defer></script>'
    )
    return mark_safe("".join(parts))  # every value is escaped above
