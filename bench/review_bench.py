"""How fast the server renders the review page and its windows of 200 rows on a big document.

Builds a 5,000-paragraph document in a temporary database (two generated texts, aligned by
`aligning.align_versions`, so confidences and statuses are realistic), then times requests
through the Flask test client: the page and the /rows partial at the start, middle and end of
the alignment, and with filters. Prints a Markdown table of median and p95 in milliseconds.

    .venv/bin/python bench/review_bench.py [--paragraphs 5000] [--repeat 30]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from workbench import aligning, services, users
from workbench.store import Store
from workbench.web import create_app

TARGET_MS = 100
#: Words of the generated texts (numbers are added, so the aligner has anchors).
VOCABULARY = (
    "the of and to in a is that for it as was with be by on not he this are or his from at "
    "which council article state law right people treaty record minister delegation"
)
WORDS = VOCABULARY.split()


def texts(paragraphs: int, seed: int = 4) -> tuple[list[str], list[str]]:
    """A source of 1–3 sentence paragraphs with numbers, and an upper-cased 'translation'
    that now and then merges two paragraphs or drops one (so the aligner has work to do)."""
    rng = random.Random(seed)
    source = []
    for number in range(paragraphs):
        sentences = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 20))).capitalize()
            + f" {number}."
            for _ in range(rng.randint(1, 3))
        ]
        source.append(" ".join(sentences))
    target: list[str] = []
    for text in source:
        roll = rng.random()
        if roll < 0.02 and target:
            target[-1] += " " + text.upper()
        elif roll > 0.99:
            continue
        else:
            target.append(text.upper())
    return source, target


def build(path: Path, paragraphs: int) -> int:
    store = Store(path)
    try:
        source, target = texts(paragraphs)
        doc = services.import_file(
            store, "\n\n".join(source).encode(), filename="s.txt", language="en", role="source"
        ).document
        services.import_file(
            store,
            "\n\n".join(target).encode(),
            filename="t.txt",
            document_id=doc,
            language="de",
            role="translation",
        )
        alignment = aligning.align_versions(store, doc)
        users.add_user(store, "bench", "editor", "bench-password", by="bench")
        return alignment
    finally:
        store.close()


def timed(client, url: str, repeat: int) -> tuple[float, float, int]:
    """Median and p95 in ms, and the response size, over `repeat` requests (after a warm-up)."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, len(response.data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        start = time.perf_counter()
        alignment = build(path, args.paragraphs)
        built = time.perf_counter() - start
        app = create_app({"TESTING": True, "DATABASE": str(path), "SECRET_KEY": "bench"})
        client = app.test_client()
        client.get("/login")
        with client.session_transaction() as session:
            token = session["csrf_token"]
        client.post(
            "/login", data={"username": "bench", "password": "bench-password", "csrf_token": token}
        )
        store = Store(path)
        links = store.links(alignment)
        store.close()
        middle, last = links[len(links) // 2].id, links[-1].id
        base = f"/alignments/{alignment}"
        cases = [
            ("page, start", f"{base}/review"),
            ("page, middle (?at=)", f"{base}/review?at={middle}"),
            ("page, end (?at=)", f"{base}/review?at={last}"),
            ("rows, start", f"{base}/rows?offset=0"),
            ("rows, middle", f"{base}/rows?offset={len(links) // 2}"),
            ("rows, end", f"{base}/rows?offset={len(links) - 200}"),
            ("rows, unconfirmed below 0.9", f"{base}/rows?status=unconfirmed&below=0.9"),
            ("rows, text search", f"{base}/rows?q=treaty%20law"),
            ("rows, sentence level, middle", f"{base}/rows?level=sentence&offset=5000"),
            ("next suspicious", f"{base}/next-suspicious"),
        ]
        print(
            f"{args.paragraphs} source paragraphs, {len(links)} paragraph links; "
            f"built and aligned in {built:.1f} s; {args.repeat} requests each, "
            f"windows of 200 rows\n"
        )
        print("| request | median ms | p95 ms | bytes |")
        print("|---|---:|---:|---:|")
        worst = 0.0
        for name, url in cases:
            median, p95, size = timed(client, url, args.repeat)
            worst = max(worst, p95)
            print(f"| {name} | {median:.1f} | {p95:.1f} | {size:,} |")
        verdict = "within" if worst < TARGET_MS else "OVER"
        print(f"\nworst p95 {worst:.1f} ms: {verdict} the {TARGET_MS} ms target")


if __name__ == "__main__":
    main()
