"""The demo: sample texts from translations/ and one login per role."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workbench import aligning, services, users
from workbench.store import Store


@dataclass(frozen=True)
class DemoText:
    title: str
    source: tuple[str, str] | None  # (file, language)
    translation: tuple[str, str]
    format: str | None = None
    also: tuple[tuple[str, str, str], ...] = ()  # further translations: (file, language, label)


DEMO_TEXTS = (
    DemoText(
        "Universal Declaration of Human Rights (Albanian–English)",
        ("udhr_als.txt", "sq"),
        ("udhr_eng.txt", "en"),
    ),
    DemoText(
        "Universal Declaration of Human Rights (Russian–English)",
        ("udhr_rus.txt", "ru"),
        ("udhr_eng.txt", "en"),
    ),
    DemoText(
        "The Gospel of Mark (Albanian; English ASV 1901 and BBE 1949)",
        ("MRK.sq-alb.paras.txt", "sq"),
        ("MRK.en-asv.paras.txt", "en"),
        also=(("MRK.en-bbe.paras.txt", "en", "Bible in Basic English (1949/64)"),),
    ),
    DemoText(
        "",  # the record page carries its own title
        None,
        ("record-1961-10-04.en.txt", "en"),
        "record",
    ),
)

#: Demo logins, printed at start. Only for the demo database: never use them in production.
DEMO_USERS = tuple((role, role, f"{role}-demo") for role in users.ROLES)


def translations_dir() -> Path:
    """translations/ shipped in the wheel, else the one at the top of the repository."""
    packaged = Path(__file__).parent / "translations"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "translations"


def load_demo(store: Store) -> list[int]:
    """Load the demo texts and users once, into an empty database only; return the ids of
    the documents created now. A database holding documents or accounts is someone's: its
    documents are not the demo's, and the demo's logins, whose passwords are published, must
    never be added to it (`scripts/start` always asks for the demo)."""
    if store.documents() or store.users():
        return []
    folder = translations_dir()
    created = []
    for text in DEMO_TEXTS:
        document = None
        for side, role in ((text.source, "source"), (text.translation, "translation")):
            if side is None:
                continue
            name, language = side
            result = services.import_file(
                store,
                (folder / name).read_bytes(),
                filename=name,
                format=text.format,
                document_id=document,
                title=text.title or None,
                language=language,
                role=role,
                user="demo",
            )
            document = result.document
        for name, language, label in text.also:
            services.import_file(
                store,
                (folder / name).read_bytes(),
                filename=name,
                document_id=document,
                language=language,
                role="translation",
                label=label,
                user="demo",
            )
        if text.source is not None:
            for version in store.versions(document)[1:]:
                aligning.align_versions(store, document, None, version["id"], user="demo")
        created.append(document)
    for username, role, password in DEMO_USERS:
        if not store.user_by_name(username):
            users.add_user(store, username, role, password, by="demo")
    return created


def demo_logins(store: Store) -> list[tuple[str, str, str]]:
    """The demo logins this database has, as (username, role, password): accounts of the
    demo's names and roles, not disabled, so that a login printed is one that exists."""
    found = []
    for username, role, password in DEMO_USERS:
        user = store.user_by_name(username)
        if user is not None and user["role"] == role and not user["disabled"]:
            found.append((username, role, password))
    return found
