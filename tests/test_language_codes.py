"""A language code must be one the IANA registry knows: a typo such as "em" for "en" would
otherwise be stored and silently lose the language's sentence rules, the aligner's and QA's
knowledge of it. Well-formed, registered tags of any shape are taken and normalised."""

from __future__ import annotations

import pytest

from tests.conftest import snapshot
from tests.test_web_documents import page, upload
from workbench import languages, services
from workbench.errors import InputError


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("en", "en"),
        ("EN_us", "en-US"),
        ("als", "sq"),
        ("sr-Latn", "sr-Latn"),
        ("gsw", "gsw"),  # Swiss German: three letters, no two-letter code
        ("de-CH-1996", "de-CH-1996"),
        ("qaa", "qaa"),  # the private-use range is registered
    ],
)
def test_registered_codes_are_normalised(written: str, stored: str) -> None:
    assert languages.normalise(written) == stored


@pytest.mark.parametrize("typo", ["em", "xx", "eng-XX-", "zz-Latn"])
def test_an_unregistered_code_is_refused_with_examples(typo: str) -> None:
    with pytest.raises(InputError, match=r"not a (registered )?language code.*e\.g\. sq, en"):
        languages.normalise(typo)


def test_the_cli_refuses_an_import_in_an_unknown_language_and_stores_nothing(
    cli, tmp_path, db_path
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("One sentence. Another.\n", encoding="utf-8")
    cli("init")
    before = snapshot(db_path)
    result = cli("import", path, "--lang", "em")
    assert result.exit_code == 2
    assert "'em' is not a registered language code" in result.output
    assert snapshot(db_path) == before


def test_the_upload_form_refuses_an_unknown_language_naming_the_field(client, as_role) -> None:
    token = as_role("translator")
    response = upload(client, token, b"Hello. World.", "notes.txt", lang="em", role="source")
    assert response.status_code == 400
    alert = page(response).xpath("//p[@id='upload-error']")[0].text_content()
    assert "'em' is not a registered language code" in alert


def test_a_tmx_in_an_unregistered_language_is_refused(store) -> None:
    tmx = (
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="sq"'
        ' datatype="plaintext" segtype="paragraph" adminlang="en" creationtool="t"'
        ' creationtoolversion="1" o-tmf="t"/><body><tu><tuv xml:lang="sq"><seg>Mirë.</seg></tuv>'
        '<tuv xml:lang="em"><seg>Good.</seg></tuv></tu></body></tmx>'
    )
    with pytest.raises(InputError, match="'em' is not a registered language code"):
        services.import_file(store, tmx.encode(), filename="memory.tmx")
    assert store.documents() == []
