from django.contrib import admin

from .models import Upload


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    """Read-only: uploads change through the upload endpoints and ``services`` only."""

    list_display = ["original_name", "user", "purpose", "kind", "state", "length", "created_at"]
    list_filter = ["state", "purpose", "kind"]
    search_fields = ["original_name", "user__username", "sha256", "target_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # an attachment's file goes with its upload: deleting here would break applications
