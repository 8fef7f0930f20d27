"""TEI exports are valid TEI P5: the TEI Consortium's own schema (tei_all.rng, tests/data/tei)
accepts the draft and the edition, at paragraph and sentence level, with every part of the
header a record can fill (citation, date, summary, archive reference, licence, notes)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from tests.test_export import HOSTILE, exported, published  # noqa: F401 (a fixture)
from workbench.store import Store

SCHEMA = Path(__file__).parent / "data" / "tei" / "tei_all.rng"


@cache
def tei_all() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


def assert_valid_tei(data: bytes) -> None:
    schema = tei_all()
    document = etree.fromstring(data).getroottree()
    assert schema.validate(document), "\n".join(str(e) for e in schema.error_log)


@pytest.fixture
def record(store: Store, published: dict) -> dict:  # noqa: F811 (the fixture it builds on)
    """The published document with the citation block of an archival record."""
    store.update_document(
        published["document"],
        date="1961-10-04",
        summary="Account of the talks; " + HOSTILE,
        archive_reference="AQSH, F. 14/AP, M-PKK, V. 1961, D. 8",
    )
    return published


@pytest.mark.parametrize("level", ["paragraph", "sentence"])
@pytest.mark.parametrize("edition", [1, None], ids=["edition", "draft"])
def test_the_tei_of_a_record_with_its_summary_is_valid_tei_p5(
    store: Store, record: dict, level: str, edition: int | None
) -> None:
    assert_valid_tei(exported(store, record["document"], "tei", edition, level=level, flags=True))


def test_the_summary_is_kept_as_a_note_of_the_source_description(
    store: Store, record: dict
) -> None:
    """A sourceDesc holds paragraphs or bibliographic entries, not both: the summary goes
    inside the bibl that cites the record."""
    root = etree.fromstring(exported(store, record["document"], "tei", 1))
    ns = {"tei": "http://www.tei-c.org/ns/1.0"}
    notes = root.xpath("//tei:sourceDesc/tei:bibl/tei:note[@type='summary']", namespaces=ns)
    assert [n.text for n in notes] == ["Account of the talks; " + HOSTILE.replace("\x01\x0b", "")]
    assert not root.xpath("//tei:sourceDesc/tei:p", namespaces=ns)
