from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from expenses.storage import receipt_storage


class PreviewState(models.TextChoices):
    PENDING = "pending", _("Preview being prepared")
    READY = "ready", _("Preview ready")
    FAILED = "failed", _("No preview")


class Attachment(models.Model):
    """A receipt file. Stored outside any public URL; served only through a permission-checked view."""

    expense = models.ForeignKey("expenses.Expense", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=receipt_storage, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Images made on the server from the file (never the file itself), in the same private storage.
    preview_state = models.CharField(max_length=10, choices=PreviewState.choices, default=PreviewState.PENDING)
    preview = models.FileField(storage=receipt_storage, max_length=300, blank=True)
    thumbnail = models.FileField(storage=receipt_storage, max_length=300, blank=True)
    # When the preview task was last queued, and how often: a pending preview queued long ago lost its task,
    # and a file that kills the worker every time is given up on after a few tries.
    preview_queued_at = models.DateTimeField(null=True, blank=True)
    preview_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name
