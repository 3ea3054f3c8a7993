"""Finding where a value stands in a JSON plan: the path-directed JSON
locator gives exactly the places the YAML composer gives, for every value of
the example, pretty-printed or on one line, at any checkpoint spacing."""

from __future__ import annotations

import json

import pytest

from conftest import EXAMPLE
from readiness.source import Document, _JsonLocator


def paths(node, tokens=()):
    yield tokens
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, tokens + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from paths(value, tokens + (index,))


@pytest.mark.parametrize("layout", ["pretty", "one line"])
@pytest.mark.parametrize("chunk", [1 << 20, 64, 7])
def test_the_json_locator_agrees_with_the_yaml_composer(monkeypatch, layout, chunk):
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    text = json.dumps(data, indent=2 if layout == "pretty" else None, ensure_ascii=False)
    monkeypatch.setattr(_JsonLocator, "_CHUNK", chunk)
    as_json = Document(file="p.json", text=text, data=data, is_yaml=False)
    as_yaml = Document(file="p.json", text=text, data=data, is_yaml=True)
    every = list(paths(data)) + [("phases", 2, "nope"), ("phases", 99), ("groups", 0, "users", "x")]
    assert [as_json.locate(t) for t in every] == [as_yaml.locate(t) for t in every]
    assert as_json.locate(("phases", 2, "start"))[0] > 1 or layout == "one line"
