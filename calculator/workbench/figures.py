"""An uploaded nomogram figure made into the image the workbench shows and clicks on.

PNG and JPEG are kept as uploaded; one page of a PDF is rendered here, by poppler's `pdftoppm`, so
nothing leaves the machine. Anything else, anything too large (`size_problem()`, checked before
the file is read) and any image that would unpack into more pixels than a scanned page has (a
decompression bomb) is refused before it is stored.
"""

import hashlib
import io
import subprocess
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from PIL import Image

PNG, JPEG, PDF = "image/png", "image/jpeg", "application/pdf"
SIGNATURES = {b"\x89PNG\r\n\x1a\n": PNG, b"\xff\xd8\xff": JPEG, b"%PDF-": PDF}
# An A4 page scanned at 600 dpi has 35 million pixels.
MAX_PIXELS = 40_000_000
PDF_DPI = 150
PDF_SECONDS = 60


class FigureRefused(ValueError):
    pass


@dataclass(frozen=True)
class Figure:
    original: bytes  # the file as uploaded
    sha256: str  # of `original`
    image: bytes  # what is shown and clicked: the upload, or the rendered PDF page (PNG)
    content_type: str  # of `image`
    width: int
    height: int
    image_sha256: str  # of `image`: names its URL, which browsers may then keep for good


def _kind(data):
    return next((kind for signature, kind in SIGNATURES.items() if data.startswith(signature)), None)


def _checked_image(data):
    """(width, height) of image bytes; FigureRefused if unreadable or a decompression bomb."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise Image.DecompressionBombError
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise FigureRefused(
            _("This image would unpack to more than %(pixels)s million pixels; scan the page at 600 dpi or less.")
            % {"pixels": MAX_PIXELS // 1_000_000}
        ) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise FigureRefused(_("This image cannot be read: the file is damaged or incomplete.")) from error
    return width, height


def _render_pdf_page(data, page):
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "figure.pdf"
        source.write_bytes(data)
        command = ["pdftoppm", "-png", "-r", str(PDF_DPI), "-f", str(page), "-l", str(page), "-singlefile"]
        try:
            subprocess.run(
                [*command, source, Path(folder) / "page"], check=True, capture_output=True, timeout=PDF_SECONDS
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            raise FigureRefused(
                _("Page %(page)s of this PDF cannot be rendered: check the page number and that the file opens.")
                % {"page": page}
            ) from error
        return (Path(folder) / "page.png").read_bytes()


def size_problem(size: int, max_bytes: int) -> str:
    """Why an upload of `size` bytes is refused unread, or ""."""
    if size <= max_bytes:
        return ""
    return _("The file is %(size).1f MB; figures of up to %(limit)d MB are accepted.") % {
        "size": size / 1_000_000,
        "limit": max_bytes // 1_000_000,
    }


def read_figure(*, data: bytes, page: int) -> Figure:
    """The Figure of an upload (its size checked already); FigureRefused with the reason."""
    kind = _kind(data)
    if kind is None:
        raise FigureRefused(_("This file is not a PNG or JPEG image or a PDF."))
    image, content_type = (_render_pdf_page(data, page), PNG) if kind == PDF else (data, kind)
    width, height = _checked_image(image)
    return Figure(
        data, hashlib.sha256(data).hexdigest(), image, content_type, width, height, hashlib.sha256(image).hexdigest()
    )
