"""A regular expression's compiled size is estimated before `regex` unrolls its repeats."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from workbench.errors import InputError
from workbench.regex_size import compiled_size
from workbench.search import MAX_REGEX_SIZE, compile_regex


@pytest.mark.parametrize(
    ("pattern", "size"),
    [
        ("abc", 3),
        ("x{1000}", 1000),
        ("x{3,}", 3),
        ("x{0,1000000}", 1),  # only the minimum is unrolled
        ("x{,9}", 1),
        ("x*y+z?", 3),
        ("x{5}?", 5),  # lazy
        ("x{5}+", 5),  # possessive
        ("(?:ab|cd){10}", 40),
        ("((x{10}){10}){10}", 1000),
        (r"\{100000\}", 8),  # escaped braces are literals
        ("[{]{2}", 2),  # a class holding "{", repeated twice
        ("[]{]", 1),  # "]" first in a class is a literal
        (r"\p{L}{4}", 4),  # the braces of \p{...} are not a repeat
        (r"\x{263a}", 1),
        ("a{", 2),  # "{" alone is a literal
        ("a{}", 3),
        ("(?#x{100000})a", 1),  # a comment
        ("[[:alpha:]]{3}", 3),
        ("(?P<year>1[0-9]{3})", 4),
        ("(?i-s:ab)(?<!x)c", 4),
    ],
)
def test_the_estimate_counts_out_minimum_repeats(pattern: str, size: int) -> None:
    assert compiled_size(pattern) == size


@pytest.mark.parametrize(
    "pattern",
    ["x{99999999}", "x{5000000,}", "(x{1000}){1000}", "(?:a|b{30000})", "x{" + "9" * 30 + "}"],
)
def test_a_regex_that_would_unroll_to_millions_is_refused_before_compiling(pattern: str) -> None:
    with pytest.raises(InputError, match="too large"):
        compile_regex(pattern)


@pytest.mark.parametrize(
    "pattern",
    [
        "(?x)x{2000 000}",
        "(?x:x{2000 000})",
        "a(?x)x{2000000 }",
        "(?ix)x{ 2000000}",
        "(?V1x)x{2000 000}",
        "(?x)#[\nx{2000000}",
    ],
)
def test_verbose_mode_which_hides_repeats_from_the_estimate_is_refused(pattern: str) -> None:
    with pytest.raises(InputError, match="verbose mode"):
        compile_regex(pattern)


def test_ordinary_patterns_and_large_upper_bounds_still_compile() -> None:
    for pattern in (
        r"\b\d{4}\b",
        r"Kim Il[ -]S[uo]ng",
        "x{0,100000}",
        "x{20000}",
        r"(\w+) \1",
        "(?i)kim",
        "(?-i:Kim)",
        r"(?P<x>a)(?P=x)",
    ):
        assert isinstance(compile_regex(pattern), regex.Pattern)
    assert compiled_size("x{20000}") == MAX_REGEX_SIZE


def test_the_estimate_never_fails_on_malformed_patterns() -> None:
    for pattern in ("(", ")", "[", "\\", "(?", "x{2,1}", "((((", "a|", "|", "{5}", "[^"):
        assert compiled_size(pattern) >= 0


@given(st.text(alphabet="x(){},|[]\\?*+:^-09pP<>=!#", max_size=40))
def test_the_estimate_reads_any_pattern_without_failing(pattern: str) -> None:
    assert compiled_size(pattern) >= 0
