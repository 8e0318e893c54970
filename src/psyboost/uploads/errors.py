"""The one error of the upload engine: a refusal with a message for the user and the HTTP status to answer with."""

from psyboost.core.refusals import Refused


class UploadRefused(Refused):
    """The upload (or one request of it) is refused. ``message`` is shown to the user, next to the file field.

    Finishers and ``can_upload`` checks of a purpose may raise it too; its message then reaches the user unchanged.
    """

    def __init__(self, message, status: int = 400):
        super().__init__(message, status=status)


# The statuses the engine answers with, named for readability.
BAD_REQUEST = 400
FORBIDDEN = 403
NOT_FOUND = 404
CONFLICT = 409
GONE = 410
LENGTH_REQUIRED = 411
PRECONDITION_FAILED = 412
TOO_LARGE = 413
UNSUPPORTED_TYPE = 415
UNPROCESSABLE = 422
LOCKED = 423
TOO_MANY = 429
INSUFFICIENT_STORAGE = 507
