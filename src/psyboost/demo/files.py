"""Small generated pictures for the demo's attachments: room photos, equipment photos, a screenshot, the signed page.

Drawn with Pillow from a seed, a few KB each (JPEG), so the demo needs no binary files in the repository. Captions
use the vendored Noto Sans SC when it is there; without it the pictures have no text. The activity video is a slide
show of ``activity_scene`` pictures, made playable by ``video.mp4``.
"""

import io
import random
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from . import video

FONT = Path(__file__).resolve().parents[1] / "core" / "fonts" / "NotoSansSC-Regular.otf"
PHOTO_SIZE = (320, 240)
SCAN_SIZE = (300, 420)
WALLS = [(236, 226, 208), (214, 228, 236), (232, 240, 222), (240, 226, 226), (226, 222, 240)]
FLOORS = [(170, 130, 96), (150, 150, 150), (120, 96, 80), (190, 170, 140)]
ACCENTS = [(84, 140, 180), (190, 90, 70), (90, 150, 100), (200, 160, 60), (140, 100, 170)]


@cache
def _font(size: int):
    try:
        return ImageFont.truetype(str(FONT), size)
    except OSError:
        return None


def _caption(draw: ImageDraw.ImageDraw, xy, text: str, size: int, fill) -> None:
    font = _font(size)
    if font is not None:
        draw.text(xy, text, font=font, fill=fill)


def _jpeg(image: Image.Image, quality: int = 70) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=True)
    return buffer.getvalue()


@cache
def room_photo(seed: int, caption: str) -> bytes:
    """A room seen from the door: wall, floor, a window, furniture blocks in an accent colour."""
    rng = random.Random(seed)
    width, height = PHOTO_SIZE
    image = Image.new("RGB", PHOTO_SIZE, rng.choice(WALLS))
    draw = ImageDraw.Draw(image)
    horizon = rng.randint(125, 150)
    draw.polygon([(0, height), (width, height), (width - 40, horizon), (40, horizon)], fill=rng.choice(FLOORS))
    window_x = rng.randint(30, 180)
    draw.rectangle([window_x, 30, window_x + 100, 100], fill=(200, 225, 245), outline=(255, 255, 255), width=4)
    draw.line([window_x + 50, 30, window_x + 50, 100], fill=(255, 255, 255), width=3)
    accent = rng.choice(ACCENTS)
    for _ in range(rng.randint(2, 4)):
        x = rng.randint(20, width - 90)
        w, h = rng.randint(40, 80), rng.randint(20, 40)
        y = rng.randint(horizon + 5, height - h - 30)
        draw.rounded_rectangle([x, y, x + w, y + h], radius=6, fill=accent, outline=(60, 60, 60))
    draw.rectangle([0, height - 24, width, height], fill=(0, 0, 0))
    _caption(draw, (8, height - 22), caption, 15, (255, 255, 255))
    return _jpeg(image)


@cache
def equipment_photo(seed: int, caption: str, shape: str = "chair") -> bytes:
    """A piece of equipment on a plain background: a reclining ``chair``, a ``console``, a sand ``tray``."""
    rng = random.Random(seed)
    image = Image.new("RGB", PHOTO_SIZE, (245, 245, 242))
    draw = ImageDraw.Draw(image)
    accent = rng.choice(ACCENTS)
    if shape == "chair":  # a reclining chair
        draw.rounded_rectangle([70, 120, 250, 170], radius=20, fill=accent)
        draw.rounded_rectangle([200, 60, 250, 150], radius=20, fill=accent)
        draw.rectangle([100, 170, 110, 200], fill=(80, 80, 80))
        draw.rectangle([220, 170, 230, 200], fill=(80, 80, 80))
    elif shape == "console":  # a console with a screen
        draw.rectangle([90, 50, 230, 140], fill=(40, 40, 50), outline=accent, width=6)
        draw.line([100, 120, 140, 80, 170, 110, 220, 70], fill=(120, 220, 140), width=3)
        draw.rectangle([140, 140, 180, 190], fill=(120, 120, 120))
    else:  # a sand tray
        draw.rectangle([50, 100, 270, 190], fill=(90, 130, 190), outline=(110, 80, 50), width=8)
        draw.ellipse([80, 120, 200, 175], fill=(226, 200, 150))
        for _ in range(5):
            x, y = rng.randint(90, 240), rng.randint(110, 170)
            draw.ellipse([x, y, x + 10, y + 10], fill=rng.choice(ACCENTS))
    _caption(draw, (10, 8), caption, 16, (60, 60, 60))
    return _jpeg(image)


@cache
def screenshot(seed: int, caption: str) -> bytes:
    """A phone screenshot of an activity notice: a title bar and lines of text."""
    rng = random.Random(seed)
    image = Image.new("RGB", (200, 356), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, 200, 40], fill=(176, 39, 45))
    _caption(draw, (8, 10), caption[:11], 14, (255, 255, 255))
    for row in range(12):
        y = 56 + row * 22
        draw.rectangle([12, y, 12 + rng.randint(90, 176), y + 8], fill=(210, 210, 214))
    return _jpeg(image, quality=60)


@cache
def signed_page(seed: int, unit_name: str) -> bytes:
    """The scan of the form's last page: 申报单位意见, a signature scrawl, 同意, and the two red seals."""
    rng = random.Random(seed)
    width, height = SCAN_SIZE
    image = Image.new("RGB", SCAN_SIZE, (250, 250, 247))
    draw = ImageDraw.Draw(image)
    draw.rectangle([16, 16, width - 16, height - 16], outline=(40, 40, 40), width=2)
    _caption(draw, (28, 28), "申报单位意见", 16, (30, 30, 30))
    _caption(draw, (28, 70), "工会负责人签字：", 13, (30, 30, 30))
    points = [(140 + i * 12, 80 + rng.randint(-8, 8)) for i in range(8)]
    draw.line(points, fill=(30, 30, 120), width=2)
    _caption(draw, (200, 110), "同  意", 15, (30, 30, 30))
    for cx, label in ((85, "工会公章"), (215, "单位公章")):
        cy = 270
        draw.ellipse([cx - 52, cy - 52, cx + 52, cy + 52], outline=(210, 30, 30), width=4)
        draw.regular_polygon((cx, cy - 6, 16), 5, fill=(210, 30, 30))
        _caption(draw, (cx - 28, cy + 18), label, 13, (210, 30, 30))
    _caption(draw, (width - 140, height - 50), "年    月    日", 13, (30, 30, 30))
    _caption(draw, (28, height - 80), unit_name[:16], 11, (90, 90, 90))
    return _jpeg(image, quality=60)


def activity_scene(seed: int, caption: str) -> Image.Image:
    """A group activity seen from above: people in a circle around a mat, a caption bar."""
    import math

    rng = random.Random(seed)
    width, height = video.WIDTH * 2, video.HEIGHT * 2
    image = Image.new("RGB", (width, height), rng.choice(WALLS))
    draw = ImageDraw.Draw(image)
    draw.ellipse([68, 34, 188, 154], fill=rng.choice(FLOORS))
    people = rng.randint(6, 9)
    turn = rng.random()
    for index in range(people):
        angle = 2 * math.pi * (index / people + turn)
        x, y = 128 + 72 * math.cos(angle), 94 + 60 * math.sin(angle)
        draw.ellipse([x - 11, y - 11, x + 11, y + 11], fill=rng.choice(ACCENTS))
        draw.ellipse([x - 6, y - 6, x + 6, y + 6], fill=(60, 45, 35))
    draw.rectangle([0, height - 30, width, height], fill=(176, 39, 45))
    _caption(draw, (8, height - 27), caption, 18, (255, 255, 255))
    return image


@cache
def activity_video(seed: int, caption: str) -> bytes:
    """A 3-second MP4 of three moments of the activity."""
    return video.mp4([activity_scene(seed * 10 + moment, caption) for moment in range(3)])
