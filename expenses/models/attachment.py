from django.conf import settings
from django.db import models

from expenses.storage import receipt_storage


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

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name
