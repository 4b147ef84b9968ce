"""Receipt previews: made in the background from JPEG, PNG, HEIC and PDF, served only as our own images."""

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

from accounts.tokens import issue_api_token
from companies.roles import Role
from expenses.models import Attachment
from expenses.models.attachment import PreviewState
from expenses.services import add_attachment, create_receipt, delete_attachment, submit_expense
from expenses.services.previews import MAX_ATTEMPTS, ask_for_preview_again, make_preview, sweep_previews
from tests.expenses import files
from tests.expenses.conftest import Office, receipt_input
from tests.factories import AttachmentFactory, CompanyFactory, ExpenseFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_api_token(user=user, label='test').key}")
    return client


ORIENTATION = 0x0112
ROTATED_90_CLOCKWISE = 6


def picture(image_format: str, size: tuple[int, int], color: str = "red", **options: object) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=image_format, **options)
    return buffer.getvalue()


def sideways_jpeg() -> bytes:
    """A landscape photo whose EXIF says "turn me a quarter clockwise": a phone held upright."""
    exif = Image.Exif()
    exif[ORIENTATION] = ROTATED_90_CLOCKWISE
    return picture("JPEG", (1600, 1000), exif=exif)


def a4_pdf() -> bytes:
    """A one-page PDF of an A4 page (595 × 842 points), red all over."""
    return picture("PDF", (595, 842))


@pytest.fixture
def draft(office: Office):
    return create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))


@pytest.fixture
def upload(office, draft, django_capture_on_commit_callbacks):
    """Upload as the employee and let the preview task run, as it does after the request commits."""

    def add(name: str, content: bytes) -> Attachment:
        with django_capture_on_commit_callbacks(execute=True):
            attachment = add_attachment(expense=draft, actor=office.employee, upload=files.upload(name, content))
        attachment.refresh_from_db()
        return attachment

    return add


def decoded(field) -> Image.Image:
    with field.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
    return image


@pytest.mark.parametrize(
    ("name", "make", "preview_size", "thumbnail_size"),
    [
        # EXIF orientation applied: the sideways photo stands upright, its long side 1200 pixels.
        ("photo.jpg", sideways_jpeg, (750, 1200), (150, 240)),
        # Small pictures are not blown up.
        ("receipt.png", lambda: picture("PNG", (300, 200)), (300, 200), (240, 160)),
        ("IMG_0001.HEIC", lambda: picture("HEIF", (400, 300)), (400, 300), (240, 180)),
        # The first page at 1200 / 842 of its size in points.
        ("invoice.pdf", a4_pdf, (848, 1200), (170, 240)),
    ],
)
def test_each_receipt_type_gets_a_preview_and_a_thumbnail(upload, name, make, preview_size, thumbnail_size):
    attachment = upload(name, make())

    assert attachment.preview_state == PreviewState.READY
    preview, thumbnail = decoded(attachment.preview), decoded(attachment.thumbnail)
    assert (preview.format, preview.size) == ("WEBP", preview_size)
    assert (thumbnail.format, thumbnail.size) == ("WEBP", thumbnail_size)
    red, green, blue = preview.convert("RGB").getpixel((preview.width // 2, preview.height // 2))
    assert red > 200 and green < 50 and blue < 50
    assert "private" in attachment.preview.path
    assert attachment.preview.name != attachment.file.name


def test_a_poster_sized_pdf_page_is_rendered_no_larger_than_a_preview(upload):
    # 7,200 points a side (100 inches): at 1:1 it would be 51 megapixels.
    attachment = upload("poster.pdf", picture("PDF", (1000, 1000), resolution=10))

    assert decoded(attachment.preview).size == (1200, 1200)


def test_a_pdf_page_beyond_the_largest_pdf_size_is_refused(upload):
    # 72,000 points a side: no real receipt, and no reason to let PDFium lay it out.
    attachment = upload("huge.pdf", picture("PDF", (1000, 1000), resolution=1))

    assert attachment.preview_state == PreviewState.FAILED


def test_a_transparent_png_is_shown_on_white(upload):
    buffer = io.BytesIO()
    Image.new("RGBA", (100, 100), (0, 0, 0, 0)).save(buffer, format="PNG")

    attachment = upload("clear.png", buffer.getvalue())

    assert decoded(attachment.preview).convert("RGB").getpixel((50, 50)) == (255, 255, 255)


def test_a_pdf_without_pages_has_no_preview_but_stays_downloadable(office, login, upload):
    attachment = upload("empty.pdf", files.PDF)

    assert attachment.preview_state == PreviewState.FAILED
    assert not attachment.preview
    download = login(office.employee).get(reverse("expenses:download_attachment", args=[attachment.pk]))
    assert download.status_code == 200


@pytest.mark.parametrize("recorded_as", ["application/pdf", "image/png", "image/jpeg"])
def test_a_web_page_stored_as_a_receipt_never_gets_a_preview(office, login, recorded_as):
    """Bytes that are a web page (an old upload, or one that slipped past a check) are never served as one."""
    attachment = AttachmentFactory(
        expense=ExpenseFactory(company=office.company, owner=office.employee),
        file=ContentFile(b"<html><script>alert(1)</script></html>", name="receipt.pdf"),
        content_type=recorded_as,
    )

    make_preview(attachment_id=attachment.pk)

    attachment.refresh_from_db()
    assert attachment.preview_state == PreviewState.FAILED
    client = login(office.employee)
    preview = client.get(reverse("expenses:attachment_preview", args=[attachment.pk]))
    thumbnail = client.get(reverse("expenses:attachment_thumbnail", args=[attachment.pk]))
    assert (preview.status_code, preview["Location"]) == (302, reverse("expenses:detail", args=[attachment.expense_id]))
    assert thumbnail.status_code == 404
    assert b"alert(1)" not in preview.content + thumbnail.content


@pytest.mark.parametrize("make", [files.pixel_bomb, files.eighty_one_megapixels])
def test_an_image_of_too_many_pixels_is_never_decoded(office, make):
    """Stored before the upload check existed, say: the preview checks the header itself."""
    attachment = AttachmentFactory(
        expense=ExpenseFactory(company=office.company, owner=office.employee),
        file=ContentFile(make().read(), name="receipt.png"),
        content_type="image/png",
    )

    make_preview(attachment_id=attachment.pk)

    attachment.refresh_from_db()
    assert attachment.preview_state == PreviewState.FAILED


def test_the_expense_page_shows_the_thumbnail_once_made(office, login, upload, draft):
    attachment = upload("receipt.png", picture("PNG", (300, 200)))

    page = login(office.employee).get(reverse("expenses:detail", args=[draft.pk])).content.decode()

    assert reverse("expenses:attachment_thumbnail", args=[attachment.pk]) in page
    assert reverse("expenses:attachment_preview", args=[attachment.pk]) in page
    assert reverse("expenses:download_attachment", args=[attachment.pk]) in page


def test_the_page_shows_a_placeholder_until_the_preview_is_made(office, login, draft):
    # No on-commit hooks run here: the task has not run yet.
    attachment = add_attachment(expense=draft, actor=office.employee, upload=files.png())

    page = login(office.employee).get(reverse("expenses:detail", args=[draft.pk])).content.decode()

    assert attachment.preview_state == PreviewState.PENDING
    assert reverse("expenses:attachment_thumbnail", args=[attachment.pk]) not in page
    assert 'class="receipt-placeholder"' in page


def test_the_lists_show_the_thumbnail_of_the_first_receipt(office, login, upload, draft):
    attachment = upload("receipt.png", picture("PNG", (300, 200)))

    page = login(office.employee).get(reverse("expenses:list")).content.decode()

    assert reverse("expenses:attachment_thumbnail", args=[attachment.pk]) in page


def test_the_approvals_list_shows_the_thumbnail(office, login, upload, draft):
    attachment = upload("receipt.png", picture("PNG", (300, 200)))
    submit_expense(expense=draft, actor=office.employee)

    page = login(office.approver).get(reverse("expenses:approvals")).content.decode()

    assert reverse("expenses:attachment_thumbnail", args=[attachment.pk]) in page


def test_the_preview_is_our_image_with_the_download_safeguards(office, login, upload):
    attachment = upload("photo.jpg", sideways_jpeg())
    client = login(office.approver)

    for name in ("expenses:attachment_preview", "expenses:attachment_thumbnail"):
        response = client.get(reverse(name, args=[attachment.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/webp"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
        assert response["Cache-Control"].startswith("private")
        assert "attachment" not in response.get("Content-Disposition", "")
        assert Image.open(io.BytesIO(b"".join(response))).format == "WEBP"


def test_another_companys_preview_is_not_found(office, upload):
    attachment = upload("receipt.png", picture("PNG", (300, 200)))
    stranger = MembershipFactory(company=CompanyFactory(), role=Role.ADMIN).user
    client = Client()
    client.force_login(stranger)

    for name in ("expenses:attachment_preview", "expenses:attachment_thumbnail"):
        assert client.get(reverse(name, args=[attachment.pk])).status_code == 404
    for kind in ("preview", "thumbnail"):
        assert api(stranger).get(f"/api/v1/attachments/{attachment.pk}/{kind}/").status_code == 404


def test_a_preview_not_yet_made_sends_the_page_back(office, login, draft):
    attachment = add_attachment(expense=draft, actor=office.employee, upload=files.png())

    response = login(office.employee).get(reverse("expenses:attachment_preview", args=[attachment.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("expenses:detail", args=[draft.pk])


def test_a_lost_preview_task_is_queued_again_once(office, draft, django_capture_on_commit_callbacks):
    attachment = add_attachment(expense=draft, actor=office.employee, upload=files.png())
    # Just queued: asking again sends nothing.
    assert ask_for_preview_again(attachment=attachment) is False
    Attachment.objects.filter(pk=attachment.pk).update(preview_queued_at=timezone.now() - timedelta(hours=1))

    with django_capture_on_commit_callbacks(execute=True) as sent:
        assert ask_for_preview_again(attachment=attachment) is True
        assert ask_for_preview_again(attachment=attachment) is False

    assert len(sent) == 1
    attachment.refresh_from_db()
    assert (attachment.preview_state, attachment.preview_attempts) == (PreviewState.READY, 2)


def test_a_file_that_keeps_killing_the_task_is_given_up_on(office, draft):
    attachment = add_attachment(expense=draft, actor=office.employee, upload=files.png())
    Attachment.objects.filter(pk=attachment.pk).update(
        preview_queued_at=timezone.now() - timedelta(hours=1), preview_attempts=MAX_ATTEMPTS
    )

    assert ask_for_preview_again(attachment=attachment) is False

    attachment.refresh_from_db()
    assert attachment.preview_state == PreviewState.FAILED


def test_the_sweep_makes_previews_of_files_uploaded_before_previews_existed(
    office, draft, django_capture_on_commit_callbacks
):
    old = AttachmentFactory(
        expense=draft, file=ContentFile(picture("PNG", (40, 30)), name="old.png"), content_type="image/png"
    )
    assert (old.preview_state, old.preview_queued_at) == (PreviewState.PENDING, None)

    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_previews() == 1

    old.refresh_from_db()
    assert old.preview_state == PreviewState.READY


def test_making_a_preview_twice_keeps_the_first(upload):
    attachment = upload("receipt.png", picture("PNG", (300, 200)))
    made = attachment.preview.name

    make_preview(attachment_id=attachment.pk)

    attachment.refresh_from_db()
    assert attachment.preview.name == made


def test_removing_an_attachment_removes_its_preview(office, upload, django_capture_on_commit_callbacks):
    attachment = upload("receipt.png", picture("PNG", (300, 200)))
    storage = attachment.preview.storage
    names = (attachment.preview.name, attachment.thumbnail.name)

    with django_capture_on_commit_callbacks(execute=True):
        delete_attachment(attachment=attachment, actor=office.employee)

    assert not any(storage.exists(name) for name in names)


def test_the_api_gives_preview_links_that_answer_with_the_image(office, upload):
    attachment = upload("receipt.png", picture("PNG", (300, 200)))
    client = api(office.employee)

    listed = client.get(f"/api/v1/expenses/{attachment.expense_id}/attachments/").json()
    thumbnail = client.get(listed[0]["thumbnail_url"])

    assert listed[0]["preview_state"] == "ready"
    assert listed[0]["preview_url"] == f"/api/v1/attachments/{attachment.pk}/preview/"
    assert thumbnail.status_code == 200
    assert thumbnail["Content-Type"] == "image/webp"
    assert thumbnail["X-Content-Type-Options"] == "nosniff"
