import io
import zipfile

from psyboost.applications.choices import AttachmentKind
from psyboost.documents import package, printing, services
from tests.factories import AttachmentFactory, UnitFactory


def unzip(chunks) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(chunks)))


def members_of(application, owner):
    application = printing.load(application.pk)
    document = services.ensure_pdf(application, owner)
    return package.package_members(application, document, services.ensure_docx(application, owner))


def test_the_package_holds_the_pdf_the_docx_and_every_attachment_with_readable_names(submitted, owner):
    AttachmentFactory(
        application=submitted, kind=AttachmentKind.ACTIVITY_VIDEO, original_name="活动 视频", data=b"v" * 10
    )
    AttachmentFactory(application=submitted, kind=AttachmentKind.SITE_PHOTO, original_name="场地照片.jpg")
    archive = unzip(package.stream_zip(members_of(submitted, owner)))
    root = f"{submitted.unit.name}心理助推申报/"
    assert archive.namelist() == [
        f"{root}申报表（2020-001）.pdf",
        f"{root}申报表（2020-001）.docx",
        f"{root}附件/场地照片/01-场地照片.jpg",
        f"{root}附件/场地照片/02-场地照片.jpg",
        f"{root}附件/设备照片/01-设备照片.jpg",
        f"{root}附件/活动短视频/01-活动 视频.jpg",
    ]
    assert archive.testzip() is None
    assert archive.read(f"{root}附件/活动短视频/01-活动 视频.jpg") == b"v" * 10
    assert archive.read(f"{root}申报表（2020-001）.pdf")[:5] == b"%PDF-"
    assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_STORED}
    assert all(info.flag_bits & 0x800 for info in archive.infolist())  # names in UTF-8


def test_a_big_file_is_streamed_in_chunks_never_held_whole(db):
    big = b"".join(bytes([n]) * 1000 for n in range(256)) * 40  # about 10 MB
    attachment = AttachmentFactory(kind=AttachmentKind.ACTIVITY_VIDEO, data=big, content_type="video/mp4")
    members = package.attachment_members(attachment.application, "包/")
    chunks = list(package.stream_zip(members, chunk_size=64 * 1024))
    assert max(len(chunk) for chunk in chunks) <= 64 * 1024 + 1024
    assert len(chunks) > 150
    assert unzip(chunks).read("包/附件/活动短视频/01-照片.mp4")  # the extension of the detected type == big


def test_names_are_made_safe_for_every_system(db):
    unit = UnitFactory(name="北京/某某:公司*")
    attachment = AttachmentFactory(application__unit=unit, original_name="../..\\秘密?.jpg")
    application = attachment.application
    assert package.package_name(application) == "北京_某某_公司_心理助推申报.zip"
    members = package.attachment_members(application, "r/")
    assert [member.path for member in members] == ["r/附件/场地照片/01-秘密_.jpg"]


def test_a_name_without_extension_gets_the_one_of_its_type(db):
    attachment = AttachmentFactory(original_name="场地", content_type="image/png")
    members = package.attachment_members(attachment.application, "r/")
    assert [member.path for member in members] == ["r/附件/场地照片/01-场地.png"]


def test_zip_entries_take_the_extension_of_the_detected_type(db):
    attachment = AttachmentFactory(original_name="readme.html", content_type="image/jpeg")
    AttachmentFactory(application=attachment.application, original_name="setup.exe", content_type="image/jpeg")
    AttachmentFactory(application=attachment.application, original_name="CON.hta", content_type="image/jpeg")
    members = package.attachment_members(attachment.application, "r/")
    assert [member.path for member in members] == [
        "r/附件/场地照片/01-readme.jpg",
        "r/附件/场地照片/02-setup.jpg",
        "r/附件/场地照片/03-_CON.jpg",
    ]
