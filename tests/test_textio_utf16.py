"""UTF-16 without a byte order mark, in any script, is read as text; binary files are not.

Notepad and some converters save "Unicode" without a BOM. Text in Latin letters then has a NUL
byte beside every letter, but Russian, Greek or Chinese has NUL bytes only beside its spaces,
digits and punctuation; such a file is read in the byte order in which it decodes cleanly and
reads as text. Files that are not text stay refused: images, archives, PDFs, random bytes, a
UTF-32 file, a text with stray NUL bytes; a UTF-8 file (of CJK, whose bytes read two at a time
might pass for anything) stays UTF-8. What cannot be told is refused with advice that works:
save as UTF-8, or as UTF-16 with a BOM.
"""

from __future__ import annotations

import io
import math
import random
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from workbench.errors import InputError
from workbench.textio import decode

TEXTS = {
    "russian": "Все люди рождаются свободными и равными в своём достоинстве и правах.\n"
    "Они наделены разумом и совестью.\n",
    "greek": "Όλοι οι άνθρωποι γεννιούνται ελεύθεροι και ίσοι στην αξιοπρέπεια και τα "
    "δικαιώματα.\n",
    "chinese": "人人生而自由，在尊严和权利上一律平等。\n他们赋有理性和良心。\n",
    "japanese": "すべての人間は、生まれながらにして自由であり、かつ、尊厳と権利とについて"
    "平等である。\n",
    "arabic": "يولد جميع الناس أحرارًا متساوين في الكرامة والحقوق.\n",
    "hindi": "सभी मनुष्यों को गौरव और अधिकारों के मामले में जन्मजात स्वतन्त्रता प्राप्त है।\n",
    "georgian": "ყველა ადამიანი იბადება თავისუფალი და თანასწორი.\n",
}
ADVICE = "save it as UTF-8, or as UTF-16 with a byte order mark"


@pytest.mark.parametrize("byte_order", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("script", list(TEXTS))
def test_utf16_without_bom_reads_in_any_script(script: str, byte_order: str) -> None:
    text = TEXTS[script]
    assert decode(text.encode(byte_order), "a.txt") == text


@pytest.mark.parametrize("byte_order", ["utf-16-le", "utf-16-be"])
def test_the_cli_imports_a_russian_file_saved_as_utf16_without_bom(
    cli, db_path: Path, tmp_path: Path, byte_order: str
) -> None:
    path = tmp_path / "декларация.txt"
    path.write_bytes(TEXTS["russian"].replace("\n", "\n\n").encode(byte_order))
    assert cli("init").exit_code == 0
    result = cli("import", path, "--lang", "ru")
    assert result.exit_code == 0, result.output
    assert "2 paragraphs" in result.stdout
    shown = cli("show", "1", "--json")
    assert shown.exit_code == 0 and "ru" in shown.stdout


def png() -> bytes:
    """A real 2×2 PNG image."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00\x00\xff\x00\x00\x00\x00\xff\xff\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def docx() -> bytes:
    """A ZIP archive as a DOCX is, with Russian text in its XML."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", f"<w:document>{TEXTS['russian']}</w:document>")
    return out.getvalue()


def pdf() -> bytes:
    """A PDF with a compressed, binary stream."""
    stream = zlib.compress(("BT /F1 12 Tf (" + "x" * 200 + ") Tj ET").encode())
    head = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length "
    return (
        head
        + str(len(stream)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + stream
        + b"\nendstream\nendobj\ntrailer\n<< >>\n%%EOF\n"
    )


def random_bytes(size: int) -> bytes:
    generator = random.Random(20240611)
    return bytes(generator.randrange(256) for _ in range(size))


@pytest.mark.parametrize(
    "data",
    [
        png(),
        png()[8:],  # without its signature: the UTF-16 test alone must refuse it
        docx(),
        docx()[4:],
        pdf(),
        pdf()[5:],
        random_bytes(4096),
        random_bytes(64),
        zlib.compress(TEXTS["russian"].encode("utf-16-le")),
        TEXTS["russian"].encode("utf-32-le"),
        b"".join(struct.pack("<h", round(12000 * math.sin(i / 9))) for i in range(2000)),  # audio
    ],
    ids=[
        "png",
        "png-body",
        "docx",
        "docx-body",
        "pdf",
        "pdf-body",
        "random",
        "random-short",
        "compressed-utf16",
        "utf32-without-bom",
        "pcm-samples",
    ],
)
def test_binary_files_are_not_taken_for_utf16(data: bytes) -> None:
    refused = r"scan\.txt (is an? |looks like a binary file)|cannot tell the encoding of scan\.txt"
    with pytest.raises(InputError, match=refused):
        decode(data, "scan.txt")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Hello world, this is ASCII!", "ascii"),
        ("Déjà vu à la carte, naïve café!", "utf-8"),
        ("Déjà vu à la carte, naïve café!", "cp1252"),
        ("Привет, мир! Как дела?", "utf-8"),
        ("Привет, мир! Как дела?", "cp1251"),
        ("人人生而自由，在尊严和权利上一律平等。", "utf-8"),
    ],
)
def test_a_text_with_a_stray_nul_byte_is_not_read_as_utf16(text: str, encoding: str) -> None:
    """Read two bytes at a time, such text would pass for CJK ("Bush hid the facts")."""
    data = text.encode(encoding)
    for stray in (b"\x00", b"\x00!"):
        blob = data + stray
        blob += b"" if len(blob) % 2 == 0 else b"!"
        with pytest.raises(InputError, match="looks like a binary file"):
            decode(blob, "a.txt")


def test_a_utf8_file_of_cjk_stays_utf8() -> None:
    for script in ("chinese", "japanese"):
        text = TEXTS[script]
        assert decode(text.encode("utf-8"), "a.txt") == text


def test_what_cannot_be_told_is_refused_with_advice_to_save_as_utf8_or_utf16_with_bom() -> None:
    # One Russian word in UTF-16 without BOM: no space, no line end, nothing to tell it by.
    with pytest.raises(InputError, match=rf"word\.txt looks like a binary file.*{ADVICE}"):
        decode("Привет".encode("utf-16-le"), "word.txt")
    # An odd number of bytes is no UTF-16, whatever else it looks like.
    with pytest.raises(InputError, match=rf"odd\.txt looks like a binary file.*{ADVICE}"):
        decode(TEXTS["russian"].encode("utf-16-le") + b"!", "odd.txt")
