"""Files that are one huge paragraph, and texts too large for the aligner.

A file of one line is one paragraph, however long. A paragraph may have up to
`services.MAX_PARAGRAPH_CHARS` (1,000,000) characters: such a file is imported whole, its
sentences stored below it. A longer one is refused, by the CLI (one `error:` line, exit 2), the
upload form (a 413 page) and the API (a 413 in the API's error shape), naming the paragraph, its
length, the limit and what to do, and nothing is stored. The aligner takes at most
`aligning.MAX_ALIGN_SENTENCES` sentences and `aligning.MAX_ALIGN_CHARS` characters a side and
refuses more before it starts (the limits are lowered here, so the texts stay small).

The work on such texts grows with their length, not its square: a paragraph without a sentence
boundary in it, a legacy-encoded file with a long run of ASCII letters, and a long pair whose
words repeat are read as quickly as any text of their size. (How quickly is measured by
bench/import_huge_bench.py; these tests only say what comes out.)
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.conftest import add_user, login, snapshot
from workbench import aligning, services
from workbench.qa.coverage import learn
from workbench.qa.model import Pair
from workbench.segment import split_sentences
from workbench.store import Store
from workbench.textio import decode
from workbench.users import issue_token

LIMIT = services.MAX_PARAGRAPH_CHARS


def sentences(characters: int) -> str:
    """One line of numbered sentences, at most `characters` long, ending with a full stop."""
    out, length, k = [], 0, 0
    while True:
        sentence = f"The delegation arrived in Moscow on {k % 28 + 1} May {1900 + k % 97}."
        if length + len(sentence) + 1 > characters:
            return " ".join(out)
        out.append(sentence)
        length += len(sentence) + 1
        k += 1


def words(characters: int) -> str:
    """One line of one word and spaces, no sentence punctuation."""
    return ("word " * (characters // 5 + 1))[:characters].strip()


# -- a paragraph up to the limit is imported ---------------------------------------------------


def test_a_one_line_file_just_under_the_limit_is_one_paragraph_with_its_sentences(
    cli, db_path: Path, tmp_path: Path
) -> None:
    text = sentences(LIMIT)
    assert LIMIT - 100 < len(text) <= LIMIT
    path = tmp_path / "one-line.txt"
    path.write_text(text, "utf-8")
    assert cli("init").exit_code == 0
    result = cli("import", path, "--lang", "en")
    assert result.exit_code == 0, result.output
    store = Store(db_path)
    try:
        [paragraph] = store.segments(1, "paragraph")
        stored = [row["text"] for row in store.segments(1, "sentence")]
    finally:
        store.close()
    assert paragraph["text"] == text
    assert stored == split_sentences(text, "en")
    assert len(stored) > 14_000 and stored[0] == "The delegation arrived in Moscow on 1 May 1900."


def test_a_one_line_file_of_words_without_a_full_stop_is_one_sentence(
    cli, db_path: Path, tmp_path: Path
) -> None:
    text = words(LIMIT)
    path = tmp_path / "words.txt"
    path.write_text(text + " \n", "utf-8")
    assert cli("init").exit_code == 0
    assert cli("import", path, "--lang", "en").exit_code == 0
    store = Store(db_path)
    try:
        assert [row["text"] for row in store.segments(1, "paragraph")] == [text]
        assert [row["text"] for row in store.segments(1, "sentence")] == [text]
    finally:
        store.close()


# -- a longer paragraph is refused, and nothing stored -----------------------------------------


def test_the_cli_refuses_a_five_megabyte_line_with_one_error_line(
    cli, db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "big.txt"
    path.write_text(words(5 * 2**20), "utf-8")
    assert cli("init").exit_code == 0
    before = snapshot(db_path)
    result = cli("import", path, "--lang", "en")
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("error: big.txt: ")
    assert "paragraph 1 has 5,242,879 characters, more than the 1,000,000" in result.stderr
    assert "separate them by blank lines" in result.stderr
    assert snapshot(db_path) == before


def test_a_line_one_character_over_the_limit_is_refused(cli, db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "over.txt"
    path.write_text("x" * (LIMIT + 1), "utf-8")
    assert cli("init").exit_code == 0
    result = cli("import", path, "--lang", "en")
    assert result.exit_code == 2
    assert "paragraph 1 has 1,000,001 characters" in result.stderr


def test_lines_joined_into_one_paragraph_over_the_limit_import_one_per_line(
    cli, db_path: Path, tmp_path: Path
) -> None:
    # lines without final punctuation read as one hard-wrapped paragraph: over the limit, the
    # message says how to import them as the paragraphs they are
    lines = [f"{k} " + words(999) for k in range(1_100)]
    path = tmp_path / "lines.txt"
    path.write_text("\n".join(lines), "utf-8")
    assert cli("init").exit_code == 0
    refused = cli("import", path, "--lang", "en")
    assert refused.exit_code == 2 and "(--one-per-line)" in refused.stderr
    assert cli("import", path, "--lang", "en", "--one-per-line").exit_code == 0
    store = Store(db_path)
    try:
        assert [row["text"] for row in store.segments(1, "paragraph")] == lines
    finally:
        store.close()


def test_every_format_is_held_to_the_limit(cli, db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(f"<html><body><p>Short.</p><p>{words(LIMIT + 11)}</p></body></html>", "utf-8")
    assert cli("init").exit_code == 0
    result = cli("import", path, "--lang", "en")
    assert result.exit_code == 2
    assert "page.html: paragraph 2 has 1,000,011 characters" in result.stderr


def test_the_upload_form_refuses_with_a_413_page_in_its_own_terms(
    app, client, db_path: Path
) -> None:
    add_user(db_path, "ed", "editor")
    token = login(client, "ed")
    before = snapshot(db_path)
    form = {"csrf_token": token, "lang": "en", "role": "source"}
    form["file"] = (io.BytesIO(words(LIMIT + 1_001).encode()), "big.txt")
    response = client.post("/documents/upload", data=form, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "paragraph 1 has 1,001,001 characters" in page
    assert "the One paragraph per line box" in page
    assert snapshot(db_path) == before


def test_the_api_refuses_with_a_413_in_its_error_shape(app, client, db_path: Path) -> None:
    add_user(db_path, "ed", "editor")
    store = Store(db_path)
    try:
        token = issue_token(store, "ed")
    finally:
        store.close()
    before = snapshot(db_path)
    response = client.post(
        "/api/v1/documents",
        data={"lang": "en", "file": (io.BytesIO(words(LIMIT + 1).encode()), "big.txt")},
        headers={"Authorization": f"Bearer {token}"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    error = response.get_json()["error"]
    assert (
        error["status"] == 413
        and "more than the 1,000,000 a paragraph may have" in (error["message"])
    )
    assert snapshot(db_path) == before


# -- the aligner's limits ----------------------------------------------------------------------


@pytest.fixture
def pair(cli, tmp_path: Path) -> None:
    """Document 1: a source and a translation of 12 sentences (240 characters) each."""
    text = "\n\n".join(f"Sentence number {k} is here. And one more." for k in range(6))
    path = tmp_path / "text.txt"
    path.write_text(text, "utf-8")
    assert cli("init").exit_code == 0
    assert cli("import", path, "--lang", "en").exit_code == 0
    assert cli("import", path, "--document", "1", "--lang", "sq").exit_code == 0


def test_aligning_more_sentences_than_the_limit_is_refused_before_it_starts(
    cli, db_path: Path, pair, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(aligning, "MAX_ALIGN_SENTENCES", 11)
    before = snapshot(db_path)
    result = cli("align", "--document", "1")
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("error: version 1 has 12 sentences, more than the 11 a side")
    assert "import each as a document of its own" in result.stderr
    assert snapshot(db_path) == before
    monkeypatch.setattr(aligning, "MAX_ALIGN_SENTENCES", 12)
    assert cli("align", "--document", "1").exit_code == 0


def test_aligning_more_characters_than_the_limit_is_refused(
    cli, pair, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(aligning, "MAX_ALIGN_CHARS", 100)
    result = cli("align", "--document", "1")
    assert result.exit_code == 2
    assert "version 1 has 240 characters, more than the 100 a side" in result.stderr


def test_the_align_form_and_the_api_refuse_at_once(
    app, client, db_path: Path, pair, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(aligning, "MAX_ALIGN_SENTENCES", 5)
    add_user(db_path, "ed", "editor")
    token = login(client, "ed")
    page = client.post("/documents/1/align", data={"csrf_token": token})
    assert page.status_code == 400
    assert "version 1 has 12 sentences" in page.get_data(as_text=True)
    as_json = client.post(
        "/documents/1/align", data={"csrf_token": token}, headers={"Accept": "application/json"}
    )
    assert as_json.status_code == 400 and "12 sentences" in as_json.get_json()["error"]["message"]
    store = Store(db_path)
    try:
        api_token = issue_token(store, "ed")
    finally:
        store.close()
    response = client.post(
        "/api/v1/documents/1/alignments",
        json={},
        headers={"Authorization": f"Bearer {api_token}"},
    )
    assert response.status_code == 400
    assert "12 sentences" in response.get_json()["error"]["message"]
    store = Store(db_path)
    try:
        assert store.alignments(1) == []
    finally:
        store.close()


def test_aligning_two_files_is_held_to_the_same_limits(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(aligning, "MAX_ALIGN_SENTENCES", 3)
    source, target = tmp_path / "a.txt", tmp_path / "b.txt"
    source.write_text("One. Two. Three. Four.", "utf-8")
    target.write_text("Një. Dy. Tre.", "utf-8")
    result = cli("align", source, target, "--src-lang", "en", "--tgt-lang", "sq")
    assert result.exit_code == 2
    assert "a.txt has 4 sentences, more than the 3 a side" in result.stderr
    lines = cli("align", source, target, "--src-lang", "en", "--tgt-lang", "sq", "--unit", "line")
    assert lines.exit_code == 0, lines.output


# -- long texts are read in time proportional to their length ---------------------------------


def test_a_long_paragraph_without_a_sentence_boundary_is_one_sentence() -> None:
    # each "13." asks how the sentence began (a German ordinal, no boundary); the rules look
    # back from the full stop without copying the sentence so far
    german = "im 13. Abschnitt " * 20_000
    assert split_sentences(german, "de") == [german.strip()]
    names = "Kim I. Smith " * 20_000
    assert split_sentences(names, "en") == [names.strip()]


def test_a_legacy_encoded_file_with_a_long_run_of_ascii_letters_is_read() -> None:
    # the code-page guess samples the runs of letters that hold a non-ASCII byte
    data = b"a" * 100_000 + " été, à Moscou.".encode("cp1252")
    assert decode(data, "letters.txt", language="fr") == "a" * 100_000 + " été, à Moscou."


def test_a_long_pair_of_one_repeated_word_covers_each_word_by_its_counterpart() -> None:
    # each occurrence takes the nearest unused one on the other side: all of them, in order
    text = "Moskva " * 100_000
    lexicon = learn([Pair(text, text)])
    coverage = lexicon.coverage(text, text)
    assert all(coverage.covered)
    assert coverage.matched == [token.span for token in coverage.tokens]
