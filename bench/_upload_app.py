"""The bench's upload purpose: any signed-in user may upload a video; the finisher only reports what was stored."""

from django.apps import AppConfig


def finish(upload) -> dict:
    return {"stored": upload.storage_name, "sha256": upload.sha256, "size": upload.length}


class BenchUploadConfig(AppConfig):
    name = "_upload_app"
    label = "bench_upload"

    def ready(self):
        from psyboost.uploads.registry import VIDEO, Kind, register_purpose

        register_purpose(
            "bench_video",
            kinds=[Kind("video", VIDEO, "视频")],
            can_upload=lambda user, target_id: user.is_authenticated,
            finish=finish,
        )
