"""Request bodies are bounded before they are read (bezala/request_limits.py)."""

import pytest
from django.test import RequestFactory
from django.test.client import MULTIPART_CONTENT
from django.urls import reverse

from bezala.request_limits import MAX_UPLOAD_REQUEST_BYTES, OversizedUpload
from expenses.models import Attachment, Expense
from expenses.services import create_receipt
from expenses.services.attachments import MAX_BYTES
from tests.expenses import files
from tests.expenses.conftest import receipt_input
from tests.expenses.test_exp_api import api

pytestmark = pytest.mark.django_db

MEGABYTE = 1024 * 1024


class ZerosStream:
    """A request body of ``length`` bytes made as it is read, counting what was read."""

    def __init__(self, length: int) -> None:
        self.length = length
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        left = self.length - self.read_bytes
        size = left if size is None or size < 0 else min(size, left)
        self.read_bytes += size
        return b"0" * size

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


def test_a_300_mb_upload_is_refused_before_a_byte_is_read(office):
    draft = create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))
    body = ZerosStream(300 * MEGABYTE)

    response = api(office.employee).generic(
        "POST",
        f"/api/v1/expenses/{draft.pk}/attachments/",
        CONTENT_TYPE="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(body.length),
        **{"wsgi.input": body},
    )

    assert response.status_code == 413
    assert "larger than" in response.json()["detail"]
    assert body.read_bytes == 0
    assert not Attachment.objects.exists()


def test_a_page_post_over_the_limit_is_refused_before_csrf_reads_it(office, login):
    body = ZerosStream(MAX_UPLOAD_REQUEST_BYTES + 1)

    response = login(office.employee).generic(
        "POST",
        reverse("expenses:new_receipt"),
        CONTENT_TYPE="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(body.length),
        **{"wsgi.input": body},
    )

    assert response.status_code == 413
    assert body.read_bytes == 0
    assert not Expense.objects.exists()


def test_json_gets_only_the_form_data_limit(office, settings):
    body = ZerosStream(settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    response = api(office.employee).generic(
        "POST",
        "/api/v1/expenses/",
        CONTENT_TYPE="application/json",
        CONTENT_LENGTH=str(body.length),
        **{"wsgi.input": body},
    )

    assert response.status_code == 413
    assert body.read_bytes == 0


def multipart_request(content: bytes):
    return RequestFactory().post(
        "/", {"description": "Taxi", "file": files.upload("big.pdf", content)}, content_type=MULTIPART_CONTENT
    )


def test_a_file_over_the_limit_keeps_none_of_its_bytes():
    request = multipart_request(files.PDF + b"0" * (MAX_BYTES + 1))

    upload = request.FILES["file"]

    assert isinstance(upload, OversizedUpload)
    assert upload.size > MAX_BYTES
    assert upload.read() == b""
    assert request.POST["description"] == "Taxi"


def test_a_file_within_the_limit_arrives_whole():
    content = files.PDF + b"0" * MEGABYTE

    upload = multipart_request(content).FILES["file"]

    assert not isinstance(upload, OversizedUpload)
    assert upload.read() == content


def test_an_oversized_file_is_refused_on_the_file_field(office):
    draft = create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))
    big = files.upload("big.pdf", files.PDF + b"0" * (MAX_BYTES + 1))

    response = api(office.employee).post(f"/api/v1/expenses/{draft.pk}/attachments/", {"file": big})

    assert response.status_code == 400
    assert response.json()["file"] == ["The file is larger than 10 MB."]
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    "url",
    ["/api/v1/cost-centers/?q=a%00b", "/api/v1/expenses/?q=%00", "/expenses/?q=lunch%00", "/expenses/all/?%00=1"],
)
def test_a_nul_character_in_the_address_is_refused_not_sent_to_the_database(office, login, url):
    # PostgreSQL refuses NUL in text ("text fields cannot contain NUL (0x00) bytes"): found by the API fuzz run.
    response = api(office.accountant).get(url) if url.startswith("/api/") else login(office.accountant).get(url)

    assert response.status_code == 400
    assert "NUL" in (response.json()["detail"] if url.startswith("/api/") else response.content.decode())
