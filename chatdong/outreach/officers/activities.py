"""Neighbourhood officers' zones and zone walks: key places, activity records with photos from a phone.

Photos of the neighbourhood are personal data (faces, doorways): they are checked to be real images of an
allowed type and size here, stored under MEDIA_ROOT, and served only through an access-checked view.
"""

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Prefetch
from PIL import Image, ImageOps, UnidentifiedImageError

from chatdong.access import audit
from chatdong.access.principal import Principal
from chatdong.core.text import clean_text, limit
from chatdong.core.types import Actor
from chatdong.core.unique import only_one
from chatdong.org.models import NeighbourhoodLeader, Tong, Zone

from . import rules
from .models import ActivityPhoto, KeyPlace, OfficerActivity

PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTOS = 10
MAX_PIXELS = 40_000_000
ACTIVITY_FIELDS = ["officer", "zone", "occurred_on", "places", "people_met"]
KEY_PLACE_FIELDS = ["zone", "name", "kind", "address", "contact"]


def _text(value: str, label: str, max_length: int, *, required: bool = False) -> tuple[str, list[str]]:
    """`clean_text`, collecting its message so that one submission reports every problem at once."""
    try:
        return clean_text(value, label, max_length, required=required), []
    except ValidationError as exc:
        return (value or "").strip(), exc.messages


def check_photo(upload: UploadedFile) -> str:
    """The file's extension if it is a JPEG, PNG or WebP image within the limits; otherwise a Korean error."""
    name = upload.name or "사진"
    if upload.size is not None and upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(f"{name}: 사진은 한 장에 {MAX_PHOTO_BYTES // (1024 * 1024)}MB 이하만 올릴 수 있습니다.")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            fmt = image.format or ""
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            f"{name}: 사진 파일이 아니거나 손상된 파일입니다. JPG·PNG·WEBP 사진을 올리세요."
        ) from None
    finally:
        upload.seek(0)
    if fmt not in PHOTO_FORMATS:
        raise ValidationError(f"{name}: JPG·PNG·WEBP 사진만 올릴 수 있습니다.")
    if width * height > MAX_PIXELS:
        raise ValidationError(f"{name}: 사진 해상도가 너무 큽니다.")
    return PHOTO_FORMATS[fmt]


def without_metadata(upload: UploadedFile) -> ContentFile:
    """A copy of a checked photo with no EXIF: a phone writes where (GPS) and on what device it was taken,
    which a zone walk must not keep. The picture is turned upright first, as the EXIF said."""
    upload.seek(0)
    with Image.open(upload) as original:
        fmt = original.format or "JPEG"
        image = ImageOps.exif_transpose(original)
        if fmt == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        buffer = io.BytesIO()
        options = {"quality": 90} if fmt in ("JPEG", "WEBP") else {}
        image.save(buffer, format=fmt, **options)  # no exif= argument: nothing of the original's metadata
    upload.seek(0)
    return ContentFile(buffer.getvalue())


@transaction.atomic
def record_activity(
    user: Actor,
    principal: Principal,
    zone: Zone,
    *,
    occurred_on: dt.date,
    places: str,
    people_met: str = "",
    complaints: str = "",
    note: str = "",
    photos: Sequence[UploadedFile] = (),
    captions: Sequence[str] = (),
) -> OfficerActivity:
    """동네 탐방·주민 만남 one record: where, whom, the complaints heard, and photos of the walk."""
    rules.require_record_for(principal, zone)
    errors: list[str] = []
    places, e1 = _text(places, "다녀온 곳", limit(OfficerActivity, "places"), required=True)
    people_met, e2 = _text(people_met, "만난 사람", limit(OfficerActivity, "people_met"))
    complaints, e3 = _text(complaints, "들은 생활민원", limit(OfficerActivity, "complaints"))
    note, e4 = _text(note, "활동 내용", limit(OfficerActivity, "note"))
    errors += e1 + e2 + e3 + e4
    today = dt.date.today()
    if occurred_on is None or occurred_on > today:
        errors.append("활동일은 오늘 이후일 수 없습니다.")
    elif occurred_on < today - dt.timedelta(days=62):
        errors.append("두 달보다 지난 활동은 기록할 수 없습니다.")
    if len(photos) > MAX_PHOTOS:
        errors.append(f"사진은 한 번에 {MAX_PHOTOS}장까지 올릴 수 있습니다.")
    extensions = []
    for upload in photos:
        try:
            extensions.append(check_photo(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    officer = principal.staff if principal.staff is not None else zone.officer
    if officer is None:
        raise ValidationError("활동을 기록할 우리동네주무관을 알 수 없습니다.")
    activity = OfficerActivity.objects.create(
        officer=officer, zone=zone, occurred_on=occurred_on, places=places, people_met=people_met,
        complaints=complaints, note=note,
    )  # fmt: skip
    for index, (upload, extension) in enumerate(zip(photos, extensions, strict=True)):
        caption = (captions[index] if index < len(captions) else "").strip()[:100]
        photo = ActivityPhoto(activity=activity, caption=caption)
        # The stored name says nothing about the resident or the phone it came from.
        photo.image.save(f"walk-{activity.pk}-{index + 1}.{extension}", without_metadata(upload), save=True)
    changes = {k: [None, v] for k, v in audit.snapshot(activity, ACTIVITY_FIELDS).items()}
    changes["photos"] = [None, len(photos)]
    audit.record(user, "create", activity, changes)
    return activity


@transaction.atomic
def add_key_place(
    user: Actor,
    principal: Principal,
    zone: Zone,
    *,
    name: str,
    kind: str,
    address: str = "",
    contact: str = "",
    note: str = "",
) -> KeyPlace:
    """A place where residents are met (미장원, 경로당, 공원, 부동산 …)."""
    rules.require_record_for(principal, zone)
    name, errors = _text(name, "거점 이름", limit(KeyPlace, "name"), required=True)
    address, e2 = _text(address, "위치", limit(KeyPlace, "address"))
    contact, e3 = _text(contact, "주요 인물·연락처", limit(KeyPlace, "contact"))
    note, e4 = _text(note, "메모", limit(KeyPlace, "note"))
    errors += e2 + e3 + e4
    if kind not in KeyPlace.Kind.values:
        errors.append("거점 종류를 고르세요.")
    if name and zone.key_places.filter(name=name).exists():
        errors.append(f"{zone}에 '{name}'이(가) 이미 있습니다.")
    if errors:
        raise ValidationError(errors)
    with only_one(KeyPlace, f"{zone}에 '{name}'이(가) 이미 있습니다."):
        place = KeyPlace.objects.create(zone=zone, name=name, kind=kind, address=address, contact=contact, note=note)
    audit.record_created(user, place, KEY_PLACE_FIELDS, None)
    return place


# --- Reading ------------------------------------------------------------------------------------------


@dataclass
class ZoneOverview:
    zone: Zone
    tongs: list[Tong]
    key_places: list[KeyPlace]
    recent: list[Any]  # OfficerActivity with photo_count and finding_count


RECENT_ACTIVITIES = 10


def zone_overview(zone: Zone) -> ZoneOverview:
    """The zone's tongs with their leaders, its key places and its latest walks: four queries."""
    leaders = NeighbourhoodLeader.objects.order_by("kind", "name")
    tongs = list(zone.tongs.prefetch_related(Prefetch("leaders", queryset=leaders)).order_by("number"))
    recent = list(
        OfficerActivity.objects.filter(zone=zone)
        .select_related("officer")
        .annotate(photo_count=Count("photos", distinct=True), finding_count=Count("findings", distinct=True))
        .order_by("-occurred_on", "-id")[:RECENT_ACTIVITIES]
    )
    return ZoneOverview(zone=zone, tongs=tongs, key_places=list(zone.key_places.all()), recent=recent)
