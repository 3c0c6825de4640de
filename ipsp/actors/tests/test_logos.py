"""Logos are re-encoded by Pillow: bad, damaged, oversized or wrong-type files are refused
with a clear message, and no metadata survives."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from ipsp.actors.logos import MAX_BYTES, MAX_SIDE, LogoError, logo_process
from ipsp.actors.tests.conftest import image_bytes


def test_a_png_with_transparency_stays_a_png() -> None:
    logo = logo_process(image_bytes("PNG"))
    assert logo.extension == "png"
    assert Image.open(io.BytesIO(logo.content)).format == "PNG"


def test_a_jpeg_becomes_a_webp() -> None:
    logo = logo_process(image_bytes("JPEG"))
    assert logo.extension == "webp"
    assert Image.open(io.BytesIO(logo.content)).format == "WEBP"


def test_exif_metadata_such_as_a_gps_position_is_removed() -> None:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPS latitude
    original = image_bytes("JPEG", exif=exif.tobytes())
    assert b"SecretCam" in original
    logo = logo_process(original)
    assert b"SecretCam" not in logo.content
    reopened = Image.open(io.BytesIO(logo.content))
    assert not reopened.getexif()
    assert "exif" not in reopened.info


def test_a_large_image_is_scaled_down() -> None:
    logo = logo_process(image_bytes("PNG", size=(3000, 1500)))
    assert (logo.width, logo.height) == (MAX_SIDE, MAX_SIDE // 2)


def test_something_that_is_not_an_image_is_refused() -> None:
    with pytest.raises(LogoError, match="not an image we can read"):
        logo_process(b"%PDF-1.7 this is a document, not a logo")


def test_a_truncated_image_is_refused() -> None:
    data = image_bytes("PNG", size=(300, 300))
    with pytest.raises(LogoError, match="damaged"):
        logo_process(data[: len(data) // 2])


def test_a_file_over_the_size_limit_is_refused_before_decoding() -> None:
    with pytest.raises(LogoError, match="too large"):
        logo_process(b"\x89PNG" + b"0" * MAX_BYTES)


@pytest.mark.parametrize("fmt", ["BMP", "TIFF", "ICO"])
def test_image_types_other_than_png_jpeg_webp_and_gif_are_refused(fmt: str) -> None:
    data = image_bytes(fmt, size=(32, 32))
    with pytest.raises(LogoError, match="PNG, JPEG, WebP or GIF"):
        logo_process(data)


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(LogoError, match="empty"):
        logo_process(b"")


def test_an_image_with_huge_dimensions_is_refused_before_it_is_decoded() -> None:
    # A tiny PNG header that claims 20000 x 20000 pixels (a "decompression bomb").
    header = bytearray(image_bytes("PNG", size=(8, 8)))
    header[16:24] = (20000).to_bytes(4, "big") + (20000).to_bytes(4, "big")
    with pytest.raises(LogoError):
        logo_process(bytes(header))
