"""Encodings a document declares (HTML meta charset) are read by the WHATWG rules."""

from __future__ import annotations

import pytest

from workbench.textio import declared_encoding, decode


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("utf-16", "utf-8"),  # HTML: a declaration readable as ASCII bytes is not UTF-16
        ("UTF-16LE", "utf-8"),
        (" utf-16be ", "utf-8"),
        ("unicodeFFFE", "utf-8"),
        ("utf-32", "utf-8"),
        ("utf-7", "utf-8"),
        ("iso-8859-1", "cp1252"),  # every browser reads latin1 and ascii as Windows-1252
        ("latin1", "cp1252"),
        ("us-ascii", "cp1252"),
        ("x-user-defined", "cp1252"),
        ("iso-8859-9", "cp1254"),
        ("windows-1251", "cp1251"),
        ("koi8-r", "koi8-r"),
        ("shift_jis", "shift_jis"),
    ],
)
def test_declared_labels_map_to_the_codec_a_browser_uses(label: str, codec: str) -> None:
    assert declared_encoding(label) == codec


@pytest.mark.parametrize("label", ["", None, "no-such-codec", "rot13", "base64", "cp037"])
def test_unknown_non_text_and_non_ascii_compatible_labels_are_ignored(label) -> None:
    assert declared_encoding(label) is None


def test_a_utf16_declaration_on_windows_1252_bytes_falls_back_to_windows_1252() -> None:
    data = "Déjà “vu”".encode("cp1252")
    assert decode(data, "p.html", declared="utf-16") == "Déjà “vu”"


def test_a_latin1_declaration_keeps_windows_1252_quotes_as_quotes() -> None:
    data = "„Mirë“ – “fine”".encode("cp1252")
    assert decode(data, "p.html", declared="iso-8859-1") == "„Mirë“ – “fine”"
