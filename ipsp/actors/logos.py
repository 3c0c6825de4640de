"""Organisation logos: every upload is decoded and re-encoded by Pillow.

Only the pixels survive: EXIF (camera, GPS position), XMP, ICC profiles and any
bytes appended to the file are dropped, animated images keep their first frame,
and the result is at most ``MAX_SIDE`` pixels on its longer side. A logo with
transparency becomes a PNG, any other a WebP.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 1024
# A decompression bomb (a small file of enormous dimensions) is refused before decoding.
MAX_PIXELS = 40_000_000
ACCEPTED_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "WEBP": "WebP", "GIF": "GIF"}
ACCEPT_ATTRIBUTE = "image/png,image/jpeg,image/webp,image/gif"


class LogoError(ValueError):
    """The upload cannot be used as a logo; the message says why, for the person."""


@dataclass(frozen=True)
class ProcessedLogo:
    content: bytes
    extension: str  # "png" or "webp"
    width: int
    height: int


def logo_process(data: bytes) -> ProcessedLogo:
    """Check and re-encode an uploaded logo, or raise ``LogoError`` with a clear message."""
    if len(data) > MAX_BYTES:
        raise LogoError(
            _("The logo is too large: at most %(size)s MB.") % {"size": MAX_BYTES // (1024 * 1024)}
        )
    if not data:
        raise LogoError(_("The logo file is empty."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise LogoError(_("Give the logo as a PNG, JPEG, WebP or GIF image."))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise LogoError(_("The logo has too many pixels: make it smaller first."))
            image.load()  # decodes every byte: a truncated file fails here
    except LogoError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as error:
        raise LogoError(
            _(
                "This file is not an image we can read, or it is damaged. "
                "Give a PNG, JPEG, WebP or GIF image."
            )
        ) from error
    oriented: Image.Image = ImageOps.exif_transpose(image)  # the orientation the camera meant
    has_alpha = oriented.mode in {"RGBA", "LA", "PA"} or (
        oriented.mode == "P" and "transparency" in oriented.info
    )
    pixels = oriented.convert("RGBA" if has_alpha else "RGB")
    pixels.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    # A fresh image: nothing of the original's metadata (info, EXIF, ICC) is carried over.
    clean = Image.new(pixels.mode, pixels.size)
    clean.paste(pixels)
    output = io.BytesIO()
    if has_alpha:
        clean.save(output, format="PNG", optimize=True)
        extension = "png"
    else:
        clean.save(output, format="WEBP", quality=85, method=4)
        extension = "webp"
    return ProcessedLogo(
        content=output.getvalue(), extension=extension, width=clean.width, height=clean.height
    )
