"""Files that are not UTF-8: which 8-bit code page they are read in.

An 8-bit code page decodes almost any bytes without an error, so a Russian file saved in
Windows-1251 would read as "Âñåîáùàÿ" in Windows-1252 and be stored as garbage. The file's
language names the code pages it may be in, and the reading that looks like text in that
language wins; a file none of them reads as that language is refused, asking for UTF-8.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.errors import InputError
from workbench.formats import read_file
from workbench.glossary import read_csv
from workbench.model import ReadOptions
from workbench.textio import decode

UDHR_RU = "Все люди рождаются свободными и равными в своем достоинстве и правах."
HEADING_RU = "ВСЕОБЩАЯ ДЕКЛАРАЦИЯ ПРАВ ЧЕЛОВЕКА"

SAMPLES = {
    "ru": UDHR_RU,
    "uk": "Усі люди народжуються вільними і рівними у своїй гідності та правах. Їжак з'їв ґудзик.",
    "bg": "Всички хора се раждат свободни и равни по достойнство и права.",
    "sr": "Сва људска бића рађају се слободна и једнака у достојанству и правима.",
    "mk": "Сите човечки суштества се раѓаат слободни и еднакви по достоинство и права.",
    "el": "Όλοι οι άνθρωποι γεννιούνται ελεύθεροι και ίσοι στην αξιοπρέπεια και τα δικαιώματα.",
    "ar": "يولد جميع الناس أحرارًا متساوين في الكرامة والحقوق.",
    "he": "כל בני האדם נולדו בני חורין ושווים בערכם ובזכויותיהם.",
    "tr": "Bütün insanlar hür, haysiyet ve haklar bakımından eşit doğarlar. İstanbul'da.",
    "pl": "Wszyscy ludzie rodzą się wolni i równi pod względem swej godności. Łódź, Żółć.",
    "cs": "Všichni lidé rodí se svobodní a sobě rovní co do důstojnosti a práv. Dvořák.",
    "hu": "Minden emberi lény szabadon születik és egyenlő méltósága és joga van. Győr.",
    "hr": "Sva ljudska bića rađaju se slobodna i jednaka u dostojanstvu i pravima. Čačak.",
    "lt": "Visi žmonės gimsta laisvi ir lygūs savo orumu ir teisėmis.",
    "de": "Alle Menschen sind frei und gleich an Würde und Rechten geboren. Größe, Übermaß.",
    "fr": "Tous les êtres humains naissent libres et égaux. « Œuvre », cœur, déjà vu.",
    "sq": "Të gjithë njerëzit lindin të lirë dhe të barabartë në dinjitet. Çështja.",
    "es": "Todos los seres humanos nacen libres e iguales. ¿Año? ¡Señor!",
}

CODE_PAGES = [
    ("ru", "cp1251"),
    ("ru", "koi8-r"),
    ("ru", "iso-8859-5"),
    ("ru", "mac-cyrillic"),
    ("ru", "cp866"),
    ("uk", "cp1251"),
    ("uk", "koi8-u"),
    ("bg", "cp1251"),
    ("sr", "cp1251"),
    ("mk", "cp1251"),
    ("el", "cp1253"),
    ("el", "iso-8859-7"),
    ("ar", "cp1256"),
    ("ar", "iso-8859-6"),
    ("he", "cp1255"),
    ("he", "iso-8859-8"),
    ("tr", "cp1254"),
    ("tr", "iso-8859-9"),
    ("pl", "cp1250"),
    ("pl", "iso-8859-2"),
    ("cs", "cp1250"),
    ("cs", "iso-8859-2"),
    ("hu", "cp1250"),
    ("hr", "cp1250"),
    ("lt", "cp1257"),
    ("de", "cp1252"),
    ("fr", "cp1252"),
    ("fr", "iso-8859-15"),
    ("sq", "cp1252"),
    ("es", "cp1252"),
]


@pytest.mark.parametrize(
    ("language", "codec"), CODE_PAGES, ids=["-".join(pair) for pair in CODE_PAGES]
)
def test_a_text_is_read_in_the_code_page_of_its_language_it_was_saved_in(
    language: str, codec: str
) -> None:
    text = SAMPLES[language]
    assert decode(text.encode(codec), "old.txt", language=language) == text


@pytest.mark.parametrize("codec", ["cp1251", "koi8-r"])
@pytest.mark.parametrize("text", ["Привет мир", "Koi8: Привет мир", HEADING_RU, "Хрущёв"])
def test_koi8_r_and_windows_1251_are_told_apart_even_in_short_texts(codec: str, text: str) -> None:
    # Each reads the other's small letters as capitals ("рТЙЧЕФ НЙТ"), and an all-capitals
    # heading as small letters with far too many rare ones.
    assert decode(text.encode(codec), "ru.txt", language="ru") == text


def test_a_language_tag_with_a_region_or_script_counts_by_its_language() -> None:
    assert decode(UDHR_RU.encode("koi8-r"), "ru.txt", language="ru-RU") == UDHR_RU
    latin = "Sva ljudska bića rađaju se slobodna. Čačak."
    assert decode(latin.encode("cp1250"), "sr.txt", language="sr-Latn") == latin


@pytest.mark.parametrize(
    ("language", "codec"),
    [("ru", "cp1251"), ("ru", "koi8-r"), ("el", "cp1253"), ("he", "cp1255"), ("ar", "cp1256")],
)
def test_without_a_language_the_script_is_still_recognised(language: str, codec: str) -> None:
    text = SAMPLES[language]
    assert decode(text.encode(codec), "old.txt") == text


@pytest.mark.parametrize("language", ["de", "fr", "sq", "es"])
def test_without_a_language_western_text_stays_windows_1252(language: str) -> None:
    text = SAMPLES[language]
    assert decode(text.encode("cp1252"), "old.txt") == text


@pytest.mark.parametrize("language", ["en", "fr", "de", "sq", "el", "tr"])
def test_russian_bytes_declared_as_another_language_are_refused(language: str) -> None:
    data = UDHR_RU.encode("cp1251")
    with pytest.raises(
        InputError, match=r"cannot tell the encoding of ru\.txt: it is not UTF-8.*save it as UTF-8"
    ):
        decode(data, "ru.txt", language=language)


@pytest.mark.parametrize("language", ["ru", "uk", "el", "he", "ar", "pl"])
def test_western_bytes_declared_as_another_script_or_code_page_are_refused(language: str) -> None:
    data = "Café naïve, à côté — déjà vu. Größe.".encode("cp1252")
    with pytest.raises(InputError, match=r"cannot tell the encoding of fr\.txt"):
        decode(data, "fr.txt", language=language)


def test_the_refusal_names_the_language_and_the_code_pages_tried() -> None:
    with pytest.raises(InputError) as caught:
        decode("Déjà vu.".encode("cp1252"), "a.txt", language="ru")
    assert str(caught.value) == (
        "cannot tell the encoding of a.txt: it is not UTF-8, and it does not read as Russian"
        " text in cp1251, koi8-r, koi8-u, iso-8859-5, mac-cyrillic, cp866; save it as UTF-8"
    )


def test_a_language_without_known_code_pages_takes_a_convincing_reading_or_refuses() -> None:
    assert decode("Déjà vu.".encode("cp1252"), "a.txt", language="eo") == "Déjà vu."
    with pytest.raises(InputError, match=r"no 8-bit encoding of ja that reads it"):
        decode("日本語".encode("shift_jis"), "a.txt", language="ja")


def test_punctuation_alone_reads_the_same_in_every_code_page_and_is_accepted() -> None:
    # Curly quotes and dashes are at the same bytes in Windows-1251 and Windows-1252.
    text = "“Quoted” – text…"
    assert decode(text.encode("cp1252"), "a.txt", language="ru") == text


def test_bytes_undefined_in_every_code_page_of_the_language_are_refused() -> None:
    with pytest.raises(InputError, match=r"cannot tell the encoding of odd\.txt"):
        decode(b"Latin-1 only: \xe0\xe8\xec \x81\x8d\x8f\x90\x9d", "odd.txt", language="en")


def test_symbols_alone_do_not_make_a_code_page_without_a_language() -> None:
    # 0x81 and 0x8D are box drawing in KOI8-R and undefined in Windows-1252: no reading.
    with pytest.raises(InputError, match=r"cannot tell the encoding of odd\.txt; save it as UTF-8"):
        decode(b"abc \x81\x8d def", "odd.txt")


def test_a_code_page_is_chosen_by_the_whole_file_not_only_its_beginning() -> None:
    # The first paragraphs are ASCII; the Cyrillic that decides comes much later.
    text = "Introduction.\n\n" * 5000 + UDHR_RU
    assert decode(text.encode("koi8-r"), "long.txt", language="ru").endswith(UDHR_RU)


def test_the_choice_is_deterministic() -> None:
    data = HEADING_RU.encode("koi8-r")
    assert {decode(data, "ru.txt", language="ru") for _ in range(20)} == {HEADING_RU}


# -- through the readers ------------------------------------------------------------------------


def read(data: bytes, filename: str, language: str) -> list[str]:
    doc = read_file(data, ReadOptions(filename=filename, source_language=language))
    return [segment.text for segment in doc.versions[0].segments]


def test_the_text_readers_decode_in_the_language_of_the_import() -> None:
    text = f"{HEADING_RU}\n\n{UDHR_RU}\n"
    assert read(text.encode("cp1251"), "ru.txt", "ru") == [HEADING_RU, UDHR_RU]
    assert read(text.encode("koi8-r"), "ru.txt", "ru") == [HEADING_RU, UDHR_RU]
    markdown = f"# {HEADING_RU}\n\n{UDHR_RU}\n"
    assert read(markdown.encode("cp1251"), "ru.md", "ru") == [HEADING_RU, UDHR_RU]
    page = f"<html><body><h1>{HEADING_RU}</h1><p>{UDHR_RU}</p></body></html>"
    assert read(page.encode("koi8-r"), "ru.html", "ru") == [HEADING_RU, UDHR_RU]


def test_a_page_that_declares_its_charset_is_read_in_it_whatever_the_language() -> None:
    # As a browser does: the declaration wins over any guess.
    page = f'<html><head><meta charset="koi8-r"></head><body><p>{UDHR_RU}</p></body></html>'
    assert read(page.encode("koi8-r"), "ru.html", "ru") == [UDHR_RU]


def test_a_glossary_is_decoded_in_the_code_pages_of_its_language_pair() -> None:
    csv = "source,target\nДекларация,Declaration\nправа человека,human rights\n"
    terms = read_csv(csv.encode("cp1251"), "terms.csv", ("ru", "en"))
    assert [(t.source, t.target) for t in terms] == [
        ("Декларация", "Declaration"),
        ("права человека", "human rights"),
    ]


def test_foreign_names_and_signs_in_a_western_text_do_not_make_it_doubtful() -> None:
    text = "From São Paulo to the Škoda works: 25 m², 5 °C, ½ cup, 3 × 4 – “done”."
    assert decode(text.encode("cp1252"), "en.txt", language="en") == text


@settings(max_examples=300, deadline=None)
@given(
    data=st.binary(min_size=1, max_size=200),
    language=st.sampled_from([None, "ru", "uk", "el", "ar", "he", "pl", "tr", "en", "ja"]),
)
def test_any_bytes_give_text_or_a_refusal_and_always_the_same_one(
    data: bytes, language: str | None
) -> None:
    def outcome() -> str:
        try:
            return decode(data, "any.txt", language=language)
        except InputError as refusal:
            return f"refused: {refusal}"

    assert outcome() == outcome()


@pytest.mark.parametrize("unit", ["line", "paragraph", "sentence"])
def test_workbench_align_reads_a_legacy_file_by_its_language(unit: str) -> None:
    from workbench import aligning

    russian = "Статья 1\n\nВсе люди рождаются свободными и равными.\n"
    english = "Article 1\n\nAll human beings are born free and equal.\n"
    result = aligning.align_texts(
        russian.encode("cp1251"),
        english.encode(),
        src_name="ru.txt",
        tgt_name="en.txt",
        src_lang="ru",
        tgt_lang="en",
        unit=unit,
    )
    assert "Статья 1" in result.source
    assert any("рождаются" in segment for segment in result.source)


def test_a_record_page_in_a_legacy_code_page_is_read_by_its_language() -> None:
    page = "Заголовок\n\nТекст документа на русском языке, довольно длинный абзац.\n"
    doc = read_file(page.encode("koi8-r"), ReadOptions(filename="p.txt", source_language="ru"))
    assert "Текст документа" in " ".join(s.text for s in doc.versions[0].segments)
