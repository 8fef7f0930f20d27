"""Publishing a document that has no alignment yet says so in publishing's words.

`publish` and `export` both need an alignment; each one's refusal names what the user was
doing, so a publisher is not told about exporting. Nothing is stored.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import snapshot


@pytest.fixture
def unaligned(cli, db_path: Path, tmp_path: Path) -> int:
    """Document 1: an Albanian source and an English translation, not aligned."""
    source, target = tmp_path / "burimi.txt", tmp_path / "target.txt"
    source.write_text("Neni 1\n\nTë gjithë njerëzit lindin të lirë.\n", encoding="utf-8")
    target.write_text("Article 1\n\nAll human beings are born free.\n", encoding="utf-8")
    assert cli("init").exit_code == 0
    assert cli("import", source, "--lang", "sq").exit_code == 0
    assert cli("import", target, "--document", "1", "--lang", "en").exit_code == 0
    return 1


def test_publishing_an_unaligned_document_speaks_of_publishing(
    cli, db_path: Path, unaligned: int
) -> None:
    before = snapshot(db_path)
    result = cli("publish", unaligned, "--note", "first")
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: document {unaligned} has no alignment to publish yet: align it first\n"
    )
    assert "export" not in result.stderr
    assert snapshot(db_path) == before


def test_exporting_an_unaligned_document_still_speaks_of_exporting(cli, unaligned: int) -> None:
    result = cli("export", unaligned, "--format", "csv", "-o", "-")
    assert result.exit_code == 2
    assert f"document {unaligned} has no alignment to export yet" in result.stderr
