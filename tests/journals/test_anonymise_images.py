"""Images lose the metadata that names their maker: JPEG and PNG files alone, inside a
DOCX and an ODT written by pandoc, and as the JPEG image of a PDF; the pixels stay the
same, byte for byte once decoded, and a photo keeps its orientation."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, NumberObject, StreamObject

from sankofa.journals.anonymise import strip_author_properties
from sankofa.journals.image_metadata import strip
from tests.journals.anonymise_samples import (
    DOCX_TYPE,
    NAME,
    ODT_TYPE,
    members,
    pandoc,
    pandoc_available,
    raw_forms,
)

GPS = {1: "N", 2: (5.0, 33.0, 0.0), 3: "W", 4: (0.0, 12.0, 0.0)}  # Accra


def picture(mode: str = "RGB") -> Image.Image:
    image = Image.new(mode, (48, 32), (10, 120, 200, 255)[: len(mode)])
    for x in range(48):
        image.putpixel((x, x % 32), (250, 20, 20, 128)[: len(mode)])
    return image


def exif(orientation: int) -> Image.Exif:
    found = Image.Exif()
    found[0x013B] = NAME  # Artist
    found[0x8298] = f"(c) {NAME}"  # Copyright
    found[0x0112] = orientation
    found[0x8825] = GPS
    return found


def photo(orientation: int = 6, *, progressive: bool = False) -> bytes:
    out = io.BytesIO()
    picture().save(
        out,
        "JPEG",
        exif=exif(orientation),
        comment=f"taken by {NAME}".encode(),
        xmp=f'<x:xmpmeta xmlns:x="adobe:ns:meta/">{NAME}</x:xmpmeta>'.encode(),
        icc_profile=b"an ICC profile stands here" * 4,
        progressive=progressive,
    )
    return out.getvalue()


def drawing() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", NAME)
    info.add_text("Comment", NAME, zip=True)
    info.add_itxt("Copyright", NAME, lang="en")
    out = io.BytesIO()
    picture("RGBA").save(out, "PNG", pnginfo=info, exif=exif(1))
    return out.getvalue()


def nameless(data: bytes) -> bool:
    return not any(form in data for text in (NAME, "Mensah") for form in raw_forms(text))


def same_pixels(before: bytes, after: bytes) -> bool:
    old, new = Image.open(io.BytesIO(before)), Image.open(io.BytesIO(after))
    return (old.mode, old.size, old.tobytes()) == (new.mode, new.size, new.tobytes())


@pytest.mark.parametrize("progressive", [False, True])
def test_a_photo_loses_exif_xmp_and_comment_but_keeps_orientation_and_colours(
    progressive: bool,
) -> None:
    original = photo(6, progressive=progressive)
    assert not nameless(original) and b"Exif" in original
    stripped = strip(original)
    assert nameless(stripped) and b"adobe:ns:meta" not in stripped
    assert same_pixels(original, stripped)
    shown = Image.open(io.BytesIO(stripped))
    assert dict(shown.getexif()) == {0x0112: 6}  # no GPS, no camera: the orientation only
    assert shown.info["icc_profile"] == b"an ICC profile stands here" * 4
    assert strip(stripped) == stripped


def test_an_upright_photo_keeps_no_exif_at_all() -> None:
    stripped = strip(photo(1))
    assert b"Exif" not in stripped and nameless(stripped)
    assert same_pixels(photo(1), stripped)


def test_a_png_loses_its_text_and_exif_chunks_but_not_its_transparency() -> None:
    original = drawing()
    assert not nameless(original) and b"eXIf" in original
    stripped = strip(original)
    assert nameless(stripped)
    for chunk in (b"tEXt", b"zTXt", b"iTXt", b"eXIf"):
        assert chunk not in stripped
    assert same_pixels(original, stripped)
    assert Image.open(io.BytesIO(stripped)).mode == "RGBA"


def test_other_data_is_left_and_broken_images_are_refused() -> None:
    assert strip(b"GIF89a...") == b"GIF89a..."
    with pytest.raises(ValueError, match="JPEG"):
        strip(photo()[:300])
    with pytest.raises(ValueError, match="PNG"):
        strip(drawing()[:60])


@pytest.mark.parametrize(("suffix", "media_type"), [(".docx", DOCX_TYPE), (".odt", ODT_TYPE)])
def test_images_inside_office_files_lose_their_metadata(
    tmp_path: Path, suffix: str, media_type: str
) -> None:
    pandoc_available()
    (tmp_path / "photo.jpg").write_bytes(photo())
    (tmp_path / "drawing.png").write_bytes(drawing())
    source = "# Rivers\n\n![The delta](photo.jpg)\n\n![A map](drawing.png)\n"
    data = pandoc(source, tmp_path / f"m{suffix}", "--resource-path", str(tmp_path))
    images = {n: c for n, c in members(data).items() if not nameless(c)}
    assert len(images) == 2  # the photo and the drawing, under their own names
    stripped = strip_author_properties(data, media_type, f"manuscript{suffix}")
    assert stripped is not None
    parts = members(stripped)
    assert all(nameless(content) for content in parts.values())
    for name, before in images.items():
        assert same_pixels(before, parts[name])


def test_the_jpeg_image_of_a_pdf_loses_its_metadata() -> None:
    original = photo()
    image = StreamObject()
    image._data = original
    image.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(48),
            NameObject("/Height"): NumberObject(32),
            NameObject("/ColorSpace"): NameObject("/DeviceRGB"),
            NameObject("/BitsPerComponent"): NumberObject(8),
            NameObject("/Filter"): NameObject("/DCTDecode"),
        }
    )
    writer = PdfWriter()
    page = writer.add_blank_page(100, 100)
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/Im0"): writer._add_object(image)})}
    )
    content = StreamObject()
    content._data = b"q 48 0 0 32 10 10 cm /Im0 Do Q"
    page[NameObject("/Contents")] = writer._add_object(content)
    out = io.BytesIO()
    writer.write(out)
    assert not nameless(out.getvalue())
    stripped = strip_author_properties(out.getvalue(), "application/pdf", "paper.pdf")
    assert stripped is not None and nameless(stripped)
    kept = PdfReader(io.BytesIO(stripped)).pages[0]["/Resources"]["/XObject"]["/Im0"]
    assert same_pixels(original, kept.get_object()._data)
