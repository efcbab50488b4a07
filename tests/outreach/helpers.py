"""Shared steps of the officers' and tong leaders' stories."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ..meetings.helpers import actor, staff

__all__ = ["actor", "photo", "staff"]


def photo(name: str = "walk.jpg", fmt: str = "JPEG", size: tuple[int, int] = (40, 30)) -> SimpleUploadedFile:
    """A small real image as a phone would upload it."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 180, 90)).save(buffer, format=fmt)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}[fmt]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)
