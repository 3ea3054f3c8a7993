"""The YAML reader builds data straight from libyaml's events (no node
tree). Held here against PyYAML's own safe loader: whatever our reader
accepts, PyYAML reads to the very same data (types included), both for
documents PyYAML writes and for random snippets of YAML syntax. Where the
reader is stricter (anchors, tags, non-text keys, YAML 1.1 spellings) it
refuses with a located error, never a different value.
"""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.errors import InputError
from readiness.source import MAX_NESTING, _parse_yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


def same(a, b) -> bool:
    """Equal, and of the same types all the way down (True is not 1)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


# Text that YAML might read as something else when written plain.
tricky = st.sampled_from(["yes", "no", "on", "off", "Y", "true", "False", "NULL", "~", "", "017", "0x1f", "1_000",
                          "1:30", "0o17", "+1", "-0", ".5", "1e3", "1.0e+3", ".inf", "-.Inf", ".NaN", "<<", "=",
                          "2027-06-01", "2027-06-01 10:00:00", "- a", "a: b", "#x", "&a", "*a", "!x", "%x", "@",
                          "`", "'", '"', "a\nb", " lead", "trail ", "\t", "\u00e5sa", "\u200b", "\ufeffx"])
texts = st.text(max_size=15) | tricky
scalars = (st.none() | st.booleans() | st.integers(-10**15, 10**15)
           | st.floats(allow_nan=False, allow_infinity=False) | texts
           | st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))
data = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(texts, inner, max_size=4), max_leaves=25)
styles = st.fixed_dictionaries({"default_flow_style": st.sampled_from([False, True, None]),
                                "allow_unicode": st.booleans(), "width": st.sampled_from([80, 20, 1000]),
                                "default_style": st.sampled_from([None, None, '"', "'"]),
                                "indent": st.sampled_from([2, 4])})


@FUZZ
@given(value=data, style=styles)
def test_what_yaml_writes_reads_as_pyyaml_reads_it(value, style):
    text = yaml.safe_dump(value, sort_keys=False, **style)
    try:
        read = _parse_yaml("p.yaml", text)
    except InputError as error:
        # Written floats such as 1e+16 are YAML 1.1 spellings we refuse; nothing else is.
        assert "is not a plain decimal number" in error.message, (text, error.message)
        return
    assert same(read, yaml.load(text, Loader=LOADER)), text


# Snippets of YAML syntax, put together at random: what our reader accepts,
# PyYAML must read to the same data.
pieces = st.sampled_from(["a", "b", "c", "1", "017", "1.5", "1e3", "yes", "true", "True", "TRUE", "False", "FALSE",
                          "null", "Null", "NULL", "~", "''", '"x"',
                          "2027-06-01", ": ", ":", "- ", "-", "? ", "\n", "\n  ", "\n    ", " ", "[", "]", "{",
                          "}", ", ", "#c", "---", "...", "!!str ", "!!int ", "!!binary ", "!!set ", "! ",
                          "&x ", "*x", "<<: ", "|", ">", "|-\n  t", "'q''q'", '"\\u00e5"', "\t", "%YAML 1.1\n"])


@FUZZ
@given(parts=st.lists(pieces, max_size=25))
def test_whatever_the_reader_accepts_pyyaml_reads_the_same(parts):
    text = "".join(parts)
    try:
        read = _parse_yaml("p.yaml", text)
    except InputError as error:
        assert error.file == "p.yaml" and "\n" not in error.message
        return
    assert same(read, yaml.load(text, Loader=LOADER)), text


@pytest.mark.parametrize(("text", "message", "where"), [
    ("a: &x 1\n", "YAML anchors and aliases (&name, *name) are not allowed; write the value out",
     (1, 4)),
    ("a: *x\n", "YAML anchors and aliases (&name, *name) are not allowed; write the value out",
     (1, 4)),
    ("a: !!set {b: null}\n", "YAML tag 'tag:yaml.org,2002:set' is not allowed", (1, 4)),
    ("a: !!python/name:os.system\n", "YAML tag 'tag:yaml.org,2002:python/name:os.system' is not allowed", (1, 4)),
    ("a: <<\n", "'<<' is not text to YAML written plain; quote it: \"<<\"", (1, 4)),
    ("a: =\n", "'=' is not text to YAML written plain; quote it: \"=\"", (1, 4)),
    ("a:\n  b: 1\n  {c: 1}: 2\n", "a key must be text, not a mapping", (3, 3)),
    ("a:\n  - 1\n  - b: 1\n    b: 2\n", "duplicate key 'b'", (4, 5)),
    ("a: 1\nnull: 2\n", "the key 'null' is null, and a key must be text; quote it: \"null\"", (2, 1)),
])
def test_refusals_are_located(text, message, where):
    with pytest.raises(InputError) as caught:
        _parse_yaml("p.yaml", text)
    assert (caught.value.message, (caught.value.line, caught.value.column)) == (f"invalid YAML: {message}", where)


def test_quoted_words_stay_text_and_plain_ones_do_not():
    assert same(_parse_yaml("p.yaml", "a: 'true'\nb: true\nc: '~'\nd: ~\ne: '017'\nf: ''\ng:\n'<<': 1\n"),
                {"a": "true", "b": True, "c": "~", "d": None, "e": "017", "f": "", "g": None, "<<": 1})


def test_nesting_is_limited_without_recursion():
    # The mapping is the first level: its value's 100th bracket is the 101st.
    text = "a: " + "[" * 100_000 + "]" * 100_000
    with pytest.raises(InputError) as caught:
        _parse_yaml("p.yaml", text)
    assert (caught.value.message, caught.value.column) == (f"is nested more than {MAX_NESTING} levels deep",
                                                          3 + MAX_NESTING)
    assert _parse_yaml("p.yaml", "a: " + "[" * (MAX_NESTING - 1) + "]" * (MAX_NESTING - 1)) is not None


def test_a_tagged_key_is_checked_even_after_the_same_key_plain():
    # Plain keys found to be text are remembered; a tagged one must not pass on that.
    with pytest.raises(InputError) as caught:
        _parse_yaml("p.yaml", "n: 1\nm: {!!null n: 2}\n")
    assert (caught.value.message, caught.value.line, caught.value.column) == (
        "invalid YAML: the key 'n' is null, and a key must be text; quote it: \"n\"", 2, 5)


def test_no_limit_on_digits_means_no_limit(monkeypatch):
    # PYTHONINTMAXSTRDIGITS=0 lifts Python's limit; it made every number "too long".
    import sys

    monkeypatch.setattr(sys, "get_int_max_str_digits", lambda: 0)
    assert _parse_yaml("p.yaml", "a: 12\n") == {"a": 12}
