"""Attachments, the pre-submit check, submission, the staff formal check, versions and the paper copy."""

from django.urls import path

from .views import extension_requests, files, reminders, staff, staff_actions, submission, withdrawal

urlpatterns = [
    # files
    path("attachments/<int:pk>/", files.download, name="attachment_download"),
    path("attachments/<int:pk>/thumbnail/", files.thumbnail_view, name="attachment_thumbnail"),
    path("attachments/<int:pk>/delete/", files.delete, name="attachment_delete"),
    path("<int:pk>/attachments/upload/", files.upload, name="attachment_upload"),
    # the unit: check, submit, the submitted application, versions
    path("<int:pk>/check/", submission.check, name="check"),
    path("<int:pk>/", submission.detail, name="detail"),
    path("<int:pk>/versions/", submission.versions, name="versions"),
    path("<int:pk>/versions/<int:number>/", submission.version, name="version"),
    path("<int:pk>/versions/<int:a>/<int:b>/", submission.version_diff, name="version_diff"),
    # the unit changes its mind; the sealed paper copy's scan after submission
    path("<int:pk>/withdraw/", withdrawal.withdraw, name="withdraw"),
    path("<int:pk>/give-up/", withdrawal.give_up, name="give_up"),
    path("<int:pk>/delete/", withdrawal.delete, name="delete"),
    path("<int:pk>/paper-scan/", files.paper_scan_upload, name="paper_scan_upload"),
    # the unit asks for a later deadline (延期申请); staff decline it here or grant it on the extension page
    path("<int:year>/extension-request/", extension_requests.ask_extension, name="ask_extension"),
    path("staff/extension-requests/<int:pk>/decline/", extension_requests.decline, name="decline_extension_request"),
    # staff: the formal check
    path("staff/", staff.staff_list, name="staff_list"),
    path("staff/<int:pk>/", staff.staff_detail, name="staff_detail"),
    path("staff/<int:pk>/accept/", staff_actions.accept, name="accept"),
    path("staff/<int:pk>/return/", staff_actions.return_application, name="return"),
    path("staff/<int:pk>/reject/", staff_actions.reject, name="reject"),
    path("staff/<int:pk>/paper-copy/", staff_actions.paper_copy, name="paper_copy"),
    path("staff/extensions/", staff_actions.extension, name="extension"),
    path("staff/<int:year>/not-applied/", reminders.not_applied, name="not_applied"),
    path("staff/<int:year>/summary.xlsx", reminders.summary, name="summary_xlsx"),
]
