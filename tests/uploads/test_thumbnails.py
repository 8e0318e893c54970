import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from psyboost.uploads.thumbnails import thumbnail

from . import samples


def open_stored(name):
    with default_storage.open(name, "rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
        return image


def test_a_jpeg_thumbnail_stands_upright():
    # 400×200 pixels as stored, EXIF orientation 6: shown turned 90°, i.e. 200 wide and 400 high.
    name = default_storage.save("uploads/2020/07/a.jpg", ContentFile(samples.jpeg(size=(400, 200), exif_orientation=6)))

    made = thumbnail(name)

    assert made == "thumbnails/320/uploads/2020/07/a.jpg"
    image = open_stored(made)
    assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (160, 320))


def test_thumbnails_are_kept():
    name = default_storage.save("uploads/2020/07/b.png", ContentFile(samples.png(size=(100, 50))))
    made = thumbnail(name, size=64)
    default_storage.delete(name)

    assert thumbnail(name, size=64) == made == "thumbnails/64/uploads/2020/07/b.jpg"
    assert open_stored(made).size == (64, 32)


def test_transparency_becomes_white():
    data = samples.png(size=(50, 50), mode="RGBA", color=(0, 0, 0, 0))
    name = default_storage.save("uploads/2020/07/c.png", ContentFile(data))

    image = open_stored(thumbnail(name, size=32))

    assert image.getpixel((5, 5)) == (255, 255, 255)


def test_no_thumbnail_for_what_is_not_an_image():
    pdf = default_storage.save("uploads/2020/07/d.pdf", ContentFile(samples.pdf()))
    video = default_storage.save("uploads/2020/07/e.mp4", ContentFile(samples.mp4()))

    assert thumbnail(pdf) is None
    assert thumbnail(video) is None
    assert not default_storage.exists("thumbnails/320/uploads/2020/07/d.jpg")


def test_the_size_is_bounded():
    with pytest.raises(ValueError, match="between 16 and 2048"):
        thumbnail("uploads/2020/07/a.jpg", size=5000)
