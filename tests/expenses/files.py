"""Receipt files for the tests, made in memory."""

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pillow_heif import register_heif_opener

register_heif_opener()

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\nstartxref\n9\n%%EOF\n"


def image_bytes(image_format: str, size: tuple[int, int] = (40, 30), color: str = "white") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=image_format)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def png(name: str = "receipt.png", color: str = "white") -> SimpleUploadedFile:
    return upload(name, image_bytes("PNG", color=color), "image/png")


def jpeg(name: str = "receipt.jpg", color: str = "white") -> SimpleUploadedFile:
    return upload(name, image_bytes("JPEG", color=color), "image/jpeg")


def heic(name: str = "IMG_0001.HEIC") -> SimpleUploadedFile:
    return upload(name, image_bytes("HEIF"), "image/heic")


def pdf(name: str = "receipt.pdf", extra: bytes = b"") -> SimpleUploadedFile:
    return upload(name, PDF.replace(b"%%EOF", extra + b"%%EOF"), "application/pdf")


def html_pretending_pdf() -> SimpleUploadedFile:
    return upload("receipt.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")


def html_behind_pdf_header() -> SimpleUploadedFile:
    """A web page that starts and ends like a PDF: a browser that sniffs it would run the script."""
    page = b"<!DOCTYPE html><html><body><script>fetch('/api/expenses/')</script></body></html>"
    return upload("receipt.pdf", b"%PDF-1.4\n" + page + b"\nstartxref\n0\n%%EOF\n", "application/pdf")


def html_deep_in_pdf() -> SimpleUploadedFile:
    """A real-looking PDF with a web page well past its first kilobytes."""
    padding = b"% " + b"x" * 5000 + b"\n"
    return pdf(extra=padding + b"<html><script>alert(1)</script></html>\n")


def zip_bomb() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.bin", b"\0" * 20_000_000)
    return upload("receipt.pdf", buffer.getvalue(), "application/pdf")


def png_claiming(width: int, height: int) -> SimpleUploadedFile:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels."""
    data = bytearray(image_bytes("PNG"))
    # IHDR starts at byte 8: length (4), "IHDR" (4), width (4), height (4), 5 more bytes, CRC (4).
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return upload("receipt.png", bytes(data), "image/png")


def pixel_bomb() -> SimpleUploadedFile:
    """A tiny PNG whose header claims 30,000 × 30,000 pixels: decoding it would need gigabytes."""
    return png_claiming(30_000, 30_000)


def eighty_one_megapixels() -> SimpleUploadedFile:
    """9,000 × 9,000 pixels: under Pillow's own bomb limit, but no receipt needs it."""
    return png_claiming(9_000, 9_000)


def eleven_megabytes() -> SimpleUploadedFile:
    return upload("big.pdf", PDF + b"0" * (11 * 1024 * 1024), "application/pdf")
