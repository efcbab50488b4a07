"""Photos of the demo's zone walks: small street scenes drawn with Pillow (sky, buildings with windows, the
road, a tree or a lamp post) with the camera's date stamp, saved as JPEG of about 30 KB.

They live in their own folder under MEDIA_ROOT (`zone-walks/demo/<year>/<month>/walk-<activity>-<n>.jpg`,
names that say nothing about anyone, as `outreach.activities` names uploads). A build writes its photos to a
staging folder; only once the build's transaction has committed does that folder replace the previous
build's, and the files of photos uploaded to the previous demo (whose rows the rebuild deleted) are removed.
A failed build removes its staging folder and leaves the previous photos as they were. The same seed draws
the same pictures, byte for byte.
"""

import io
import random
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageChops, ImageDraw, ImageFont

from chatdong.outreach.officers.models import ActivityPhoto

DEMO_DIR = "zone-walks/demo"
SIZE = (480, 360)
QUALITY = 72
GRAIN = 10  # the film grain's strength: 1/GRAIN of full-range noise (about 30 KB at this size and quality)
SKIES = [(110, 160, 215), (150, 175, 200), (190, 200, 210), (235, 170, 120)]
WALLS = [(170, 90, 70), (200, 180, 150), (150, 150, 155), (220, 215, 200), (120, 110, 100), (185, 160, 120)]
SIGNS = [(200, 40, 40), (30, 90, 170), (240, 240, 240), (40, 140, 80)]
_MARGIN = 64


class StreetPainter:
    """Draws the pictures; the grain is made once, from a fixed seed, and cropped at random offsets."""

    def __init__(self) -> None:
        width, height = SIZE[0] + _MARGIN, SIZE[1] + _MARGIN
        noise = random.Random("chatdong-demo:grain").randbytes(width * height)
        self.grain = (
            Image.frombytes("L", (width, height), noise).point(lambda v: 128 + (v - 128) // GRAIN).convert("RGB")
        )
        self.font = ImageFont.load_default(size=20)

    def paint(self, rng: random.Random, stamp: str, label: str) -> bytes:
        width, height = SIZE
        image = Image.new("RGB", SIZE, (175, 170, 160))
        draw = ImageDraw.Draw(image)
        horizon = rng.randint(int(height * 0.45), int(height * 0.6))
        top = rng.choice(SKIES)
        for y in range(horizon):
            t = y / horizon
            draw.line([(0, y), (width, y)], fill=tuple(int(c + min(60, 255 - c) * t) for c in top))
        x = -rng.randint(0, 40)
        while x < width:
            x = self._building(draw, rng, x, horizon, height) + rng.randint(0, 12)
        draw.rectangle([0, horizon + 40, width, height], fill=(90, 92, 95))  # the road
        centre = width // 2 + rng.randint(-80, 80)
        step = (height - horizon - 45) // 6
        for k in range(6):
            y0 = horizon + 45 + k * step
            draw.rectangle([centre - 2 - k, y0, centre + 2 + k, y0 + 10 + k * 3], fill=(230, 200, 60))
        for _ in range(rng.randint(0, 3)):
            tx, ty = rng.randint(0, width), horizon + 25
            draw.rectangle([tx - 3, ty - 60, tx + 3, ty], fill=(90, 60, 40))
            draw.ellipse(
                [tx - 28, ty - 110, tx + 28, ty - 50], fill=(60 + rng.randint(0, 40), 120 + rng.randint(0, 40), 60)
            )
        if rng.random() < 0.6:
            px = rng.randint(20, width - 20)
            draw.rectangle([px - 2, horizon - 150, px + 2, horizon + 30], fill=(70, 70, 75))
            draw.rectangle([px - 2, horizon - 150, px + 28, horizon - 146], fill=(70, 70, 75))
        ox, oy = rng.randrange(_MARGIN), rng.randrange(_MARGIN)
        image = ImageChops.add(image, self.grain.crop((ox, oy, ox + width, oy + height)), offset=-128)
        draw = ImageDraw.Draw(image)
        draw.text((width - 10, height - 10), stamp, font=self.font, fill=(255, 150, 40), anchor="rd",
                  stroke_width=1, stroke_fill=(60, 30, 0))  # fmt: skip
        draw.text((10, 10), label, font=self.font, fill=(255, 255, 255), anchor="la", stroke_width=2,
                  stroke_fill=(0, 0, 0))  # fmt: skip
        out = io.BytesIO()
        image.save(out, "JPEG", quality=QUALITY)
        return out.getvalue()

    @staticmethod
    def _building(draw: ImageDraw.ImageDraw, rng: random.Random, x: int, horizon: int, height: int) -> int:
        """One building from `x`; returns where it ends."""
        bw, bh = rng.randint(60, 150), rng.randint(int(height * 0.2), horizon - 10)
        wall = tuple(max(0, min(255, c + rng.randint(-15, 15))) for c in rng.choice(WALLS))
        draw.rectangle([x, horizon - bh, x + bw, horizon + 20], fill=wall)
        window = tuple(max(0, c - 70) for c in wall)
        for wy in range(horizon - bh + 10, horizon + 5, 22):
            for wx in range(x + 8, x + bw - 14, 20):
                if rng.random() < 0.85:
                    lit = rng.random() >= 0.8
                    draw.rectangle([wx, wy, wx + 10, wy + 12], fill=(240, 230, 170) if lit else window)
        if rng.random() < 0.4:
            draw.rectangle([x + 6, horizon - bh + 4, x + bw - 6, horizon - bh + 18], fill=rng.choice(SIGNS))
        return x + bw


class PhotoStore:
    """Where one build's photo files go (a staging folder) until `publish` puts them in place."""

    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root if root is not None else settings.MEDIA_ROOT)
        self.parent = self.root / Path(DEMO_DIR).parent
        self.final = self.root / DEMO_DIR
        self.staging: Path | None = None
        self.previous: list[str] = []
        self.painter: StreetPainter | None = None
        self.count = 0

    def remember_previous(self) -> None:
        """Before the old demo is cleared: the files its photo rows refer to."""
        self.previous = [name for name in ActivityPhoto.objects.values_list("image", flat=True) if name]

    def add(self, name: str, rng: random.Random, stamp: str, label: str) -> None:
        """Paint a picture and stage it under `name` (relative to MEDIA_ROOT, inside DEMO_DIR)."""
        relative = Path(name).relative_to(DEMO_DIR)
        if self.staging is None:
            self.parent.mkdir(parents=True, exist_ok=True)
            self.staging = Path(tempfile.mkdtemp(prefix=".demo-", dir=self.parent))
            self.painter = StreetPainter()
        assert self.painter is not None
        path = self.staging / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.painter.paint(rng, stamp, label))
        self.count += 1

    def publish(self) -> None:
        """After the commit: the staged folder becomes the demo's, the previous build's files go."""
        old = None
        if self.final.exists():
            old = Path(tempfile.mkdtemp(prefix=".demo-old-", dir=self.parent))
            self.final.rename(old / "photos")
        if self.staging is not None:
            self.staging.rename(self.final)
            self.staging = None
        root = self.root.resolve()
        for name in self.previous:
            path = (self.root / name).resolve()
            if path.is_relative_to(root) and not path.is_relative_to(self.final.resolve()):
                path.unlink(missing_ok=True)  # uploaded to the previous demo through the app
        self.previous = []
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        if self.parent.exists():
            for leftover in self.parent.glob(".demo-*"):  # from a build that was killed before it could tidy up
                shutil.rmtree(leftover, ignore_errors=True)

    def discard(self) -> None:
        """The build failed: its staged files go, the previous build's stay."""
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None
