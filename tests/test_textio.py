"""Input hygiene: what bytes we accept as text, how we decode them, and what we refuse."""

from __future__ import annotations

import codecs

import pytest

from workbench.errors import InputError
from workbench.textio import decode, normalise, squash

QUOTED = "“Very well,” said Comrade Kim Il Sung — it’s “Mirë”."


@pytest.mark.parametrize(
    "data",
    [
        QUOTED.encode("utf-8"),
        codecs.BOM_UTF8 + QUOTED.encode("utf-8"),
        codecs.BOM_UTF16_LE + QUOTED.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + QUOTED.encode("utf-16-be"),
        QUOTED.encode("utf-16"),  # the platform's BOM and byte order
        QUOTED.encode("utf-16-le"),  # no BOM: recognised by its NUL pattern
        QUOTED.encode("utf-16-be"),
        QUOTED.encode("utf-32"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16", "utf16le", "utf16be", "utf32"],
)
def test_unicode_encodings_decode_to_the_same_text(data: bytes) -> None:
    assert decode(data, "a.txt") == QUOTED


def test_windows_1252_with_curly_quotes_is_the_fallback() -> None:
    data = "“Déjà vu,” she said – it’s 5 €…".encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode(data, "old.txt") == "“Déjà vu,” she said – it’s 5 €…"


def test_undecodable_bytes_ask_for_utf8() -> None:
    # 0x81 and 0x8D are undefined in Windows-1252 and invalid as UTF-8.
    with pytest.raises(InputError, match=r"cannot tell the encoding of odd\.txt; save it as UTF-8"):
        decode(b"abc \x81\x8d def", "odd.txt")


def test_a_declared_encoding_is_tried_before_windows_1252() -> None:
    data = "Хрущёв".encode("cp1251")
    assert decode(data, "p.html", declared="windows-1251") == "Хрущёв"
    # An unknown label is ignored, no crash: the code page is then told from the text itself.
    assert decode(data, "p.html", declared="no-such-codec") == "Хрущёв"


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", codecs.BOM_UTF8, codecs.BOM_UTF16_LE])
def test_empty_and_blank_files_are_refused(data: bytes) -> None:
    with pytest.raises(InputError, match=r"notes\.txt is empty"):
        decode(data, "notes.txt")


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF file"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "old Word"),
    ],
)
def test_known_binary_formats_are_named(data: bytes, what: str) -> None:
    with pytest.raises(InputError, match=rf"scan\.txt is an? {what}"):
        decode(data, "scan.txt")


def test_nul_bytes_and_control_characters_mean_binary() -> None:
    with pytest.raises(InputError, match="looks like a binary file"):
        decode(b"abc\x00\x01\x02\xffdef\x00", "blob.txt")
    with pytest.raises(InputError, match="looks like a binary file"):
        decode(bytes(range(1, 32)) * 3, "blob.txt")


def test_a_stray_control_character_is_removed_not_fatal() -> None:
    assert decode(b"A long enough line of ordinary text\x1b here.", "a.txt") == (
        "A long enough line of ordinary text here."
    )


def test_line_ends_become_newlines() -> None:
    assert decode(b"one\r\ntwo\rthree\nfour\x0cfive", "a.txt") == "one\ntwo\nthree\nfour\nfive"


def test_decomposed_accents_are_composed() -> None:
    decomposed = "Cafe\u0301 e\u0308"  # e + combining acute, e + combining diaeresis
    assert decode(decomposed.encode(), "a.txt") == "Café ë"
    assert normalise(decomposed) == "Café ë"


def test_normalise_keeps_tabs_newlines_and_typographic_quotes() -> None:
    assert normalise("a\tb\r\nc\x07 „d“ «e»\u2028f") == "a\tb\nc „d“ «e»\nf"


def test_squash_collapses_layout_whitespace_but_keeps_no_break_spaces() -> None:
    assert squash("  « Bonjour\u00a0»\n\t monde  ") == "« Bonjour\u00a0» monde"


def test_messages_without_a_file_name_still_read_well() -> None:
    with pytest.raises(InputError, match="the file is empty"):
        decode(b"")
