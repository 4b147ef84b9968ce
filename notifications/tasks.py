from celery import shared_task

from notifications.emails import send_notification_mail


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, retry_jitter=True, max_retries=5)
def send_notification_email(notification_id: int) -> None:
    """E-mail one notification; a connection error to the mail server is retried with backoff."""
    send_notification_mail(notification_id=notification_id)


@shared_task(acks_late=True)
def send_weekly_reminders() -> None:
    """The Monday-morning reminder of expenses waiting for approval and of old drafts."""
    # Imported here: the reminders record notifications, whose service queues the task above.
    from notifications.reminders import send_weekly_reminders as remind

    remind()
