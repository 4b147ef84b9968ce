import hashlib

import pytest
from django.core.exceptions import ValidationError

from expenses.models import Attachment, Expense
from expenses.services import add_attachment, create_receipt, save_expense, submit_expense
from expenses.services.attachments import MAX_ATTACHMENTS
from tests.expenses import files
from tests.expenses.conftest import receipt_input
from tests.factories import AttachmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(office):
    return create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))


@pytest.mark.parametrize(
    ("make", "content_type", "extension"),
    [
        (files.png, "image/png", "png"),
        (files.jpeg, "image/jpeg", "jpg"),
        (files.heic, "image/heic", "heic"),
        (files.pdf, "application/pdf", "pdf"),
    ],
)
def test_accepted_files_are_stored_privately_with_checksum(office, draft, make, content_type, extension):
    upload = make()
    content = upload.read()

    attachment = add_attachment(expense=draft, actor=office.employee, upload=upload)

    assert attachment.content_type == content_type
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.file.name.endswith("." + extension)
    assert "private" in attachment.file.path
    with pytest.raises(ValueError, match="no public URL"):
        _ = attachment.file.url


def test_the_name_never_decides_the_type(office, draft):
    upload = files.upload("invoice.pdf.exe", files.image_bytes("PNG"))

    attachment = add_attachment(expense=draft, actor=office.employee, upload=upload)

    assert (attachment.content_type, attachment.original_name) == ("image/png", "invoicepdf.png")


@pytest.mark.parametrize(
    "make",
    [
        files.html_pretending_pdf,
        files.html_behind_pdf_header,
        files.html_deep_in_pdf,
        files.zip_bomb,
        files.pixel_bomb,
        files.eighty_one_megapixels,
        files.eleven_megabytes,
    ],
    ids=["html-as-pdf", "html-behind-pdf-header", "html-deep-in-pdf", "zip-bomb", "pixel-bomb", "81-MP", "11-MB"],
)
def test_bad_files_are_refused_on_the_file_field(office, draft, make):
    with pytest.raises(ValidationError) as excinfo:
        add_attachment(expense=draft, actor=office.employee, upload=make())

    assert "file" in excinfo.value.message_dict
    assert not Attachment.objects.exists()


def test_svg_is_refused(office, draft):
    svg = files.upload("receipt.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>')
    with pytest.raises(ValidationError):
        add_attachment(expense=draft, actor=office.employee, upload=svg)


def test_pdf_header_without_end_is_refused(office, draft):
    with pytest.raises(ValidationError):
        add_attachment(expense=draft, actor=office.employee, upload=files.upload("a.pdf", b"%PDF-1.4\n<html>"))


def test_bad_file_on_create_saves_nothing(office):
    with pytest.raises(ValidationError):
        save_expense(
            company=office.company, actor=office.employee, data=receipt_input(office), uploads=[files.zip_bomb()]
        )

    assert not Expense.objects.exists()


def test_attachments_are_frozen_once_submitted(office, draft):
    submit_expense(expense=draft, actor=office.employee)

    with pytest.raises(ValidationError):
        add_attachment(expense=draft, actor=office.employee, upload=files.png())


def test_someone_else_cannot_attach(office, draft):
    with pytest.raises(ValidationError):
        add_attachment(expense=draft, actor=office.approver, upload=files.png())


def test_an_image_over_the_pixel_bound_is_refused_with_its_reason(office, draft):
    with pytest.raises(ValidationError) as excinfo:
        add_attachment(expense=draft, actor=office.employee, upload=files.eighty_one_megapixels())

    assert "50 megapixels" in excinfo.value.message_dict["file"][0]


def test_a_48_megapixel_phone_photo_is_accepted(office, draft):
    attachment = add_attachment(expense=draft, actor=office.employee, upload=files.png_claiming(8064, 6048))

    assert attachment.content_type == "image/png"


def test_a_pdf_without_its_cross_reference_pointer_is_refused(office, draft):
    bare = files.upload("a.pdf", b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n")

    with pytest.raises(ValidationError):
        add_attachment(expense=draft, actor=office.employee, upload=bare)


def test_attachments_per_expense_are_bounded(office, draft):
    AttachmentFactory.create_batch(MAX_ATTACHMENTS, expense=draft)

    with pytest.raises(ValidationError) as excinfo:
        add_attachment(expense=draft, actor=office.employee, upload=files.png())

    assert f"at most {MAX_ATTACHMENTS} attachments" in excinfo.value.message_dict["file"][0]
    assert draft.attachments.count() == MAX_ATTACHMENTS


def test_too_many_files_on_create_save_nothing(office):
    uploads = [files.png(color=f"#0000{n:02x}") for n in range(MAX_ATTACHMENTS + 1)]

    with pytest.raises(ValidationError):
        save_expense(company=office.company, actor=office.employee, data=receipt_input(office), uploads=uploads)

    assert not Expense.objects.exists()
    assert not Attachment.objects.exists()
