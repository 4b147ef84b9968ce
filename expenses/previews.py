"""Receipt previews: a picture of a receipt file, made on the server so the browser never renders the file.

JPEG, PNG and HEIC are decoded by Pillow (HEIC through pillow-heif) with their EXIF orientation applied; a PDF's
first page is rendered by PDFium (pypdfium2). Both become WebP images we made ourselves: a preview and a
thumbnail. Plain functions over bytes and a content type; storing the result is the service's work.
"""

import io
import warnings
from dataclasses import dataclass
from typing import IO

import pypdfium2 as pdfium
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

from expenses.services.attachments import MAX_PIXELS, PILLOW_FORMATS

register_heif_opener()

PREVIEW_SIDE = 1200
THUMBNAIL_SIDE = 240
# A receipt is rarely bigger than A4 (595 × 842 points); blowing a tiny page up past 4× shows nothing new.
MAX_PDF_SCALE = 4.0
# PDF pages may be up to 14,400 points a side (200 inches); a page beyond this is no receipt, and
# refusing it before rendering keeps PDFium from laying out a poster.
MAX_PDF_PAGE_POINTS = 14_400
WEBP_QUALITY = 80


class PreviewImpossible(Exception):
    """The file cannot be pictured: damaged, encrypted, of another type than recorded, or too large."""


@dataclass(frozen=True)
class RenderedPreview:
    preview: bytes
    thumbnail: bytes
    content_type: str = "image/webp"
    extension: str = "webp"


def render_preview(*, content: IO[bytes], content_type: str) -> RenderedPreview:
    """The preview and thumbnail of a receipt file; raises PreviewImpossible. Pure: safe to repeat."""
    if content_type == "application/pdf":
        picture = _first_pdf_page(content)
    elif content_type in PILLOW_FORMATS:
        picture = _photo(content, content_type)
    else:
        raise PreviewImpossible(f"no preview for {content_type}")
    return RenderedPreview(preview=_webp(picture, PREVIEW_SIDE), thumbnail=_webp(picture, THUMBNAIL_SIDE))


def _photo(content: IO[bytes], content_type: str) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(content) as image:
                # The upload was checked, but the preview trusts nothing it did not see itself.
                if image.format not in PILLOW_FORMATS[content_type]:
                    raise PreviewImpossible(f"{image.format} recorded as {content_type}")
                if image.width * image.height > MAX_PIXELS:
                    raise PreviewImpossible("too many pixels")
                # JPEG decodes straight to a smaller size: a 48-megapixel photo costs a fraction of the memory.
                image.draft("RGB", (PREVIEW_SIDE, PREVIEW_SIDE))
                upright = ImageOps.exif_transpose(image)
                return _on_white(upright)
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as error:
        raise PreviewImpossible(str(error)) from error


def _first_pdf_page(content: IO[bytes]) -> Image.Image:
    try:
        document = pdfium.PdfDocument(content.read())
    except pdfium.PdfiumError as error:
        raise PreviewImpossible(str(error)) from error
    try:
        if len(document) == 0:
            raise PreviewImpossible("the PDF has no pages")
        page = document[0]
        width, height = page.get_size()
        if not (0 < width <= MAX_PDF_PAGE_POINTS and 0 < height <= MAX_PDF_PAGE_POINTS):
            raise PreviewImpossible(f"page of {width} × {height} points")
        # The long side becomes PREVIEW_SIDE pixels: the pixels rendered are bounded whatever the page says.
        scale = min(PREVIEW_SIDE / max(width, height), MAX_PDF_SCALE)
        # No form environment is set up (no init_forms), so PDFium runs none of the document's JavaScript.
        picture: Image.Image = page.render(scale=scale, may_draw_forms=False).to_pil()
        return picture.convert("RGB")
    except pdfium.PdfiumError as error:
        raise PreviewImpossible(str(error)) from error
    finally:
        document.close()


def _on_white(image: Image.Image) -> Image.Image:
    """A transparent PNG shown on white, as on paper; everything else as plain RGB."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        paper = Image.new("RGB", rgba.size, "white")
        paper.paste(rgba, mask=rgba.getchannel("A"))
        return paper
    return image.convert("RGB")


def _webp(picture: Image.Image, side: int) -> bytes:
    smaller = picture.copy()
    smaller.thumbnail((side, side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    smaller.save(buffer, format="WEBP", quality=WEBP_QUALITY)
    return buffer.getvalue()
