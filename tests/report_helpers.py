"""Plans and readers shared by the report tests."""

from __future__ import annotations

import html.parser

from conftest import phase

XSS = "<img src=x onerror=alert(1)>"


def fix_pilot(plan: dict) -> dict:
    """The example with the PIL-9 finding fixed: the expanded pilot spans
    departments (sales-marketing, retail, hr, finance join it)."""
    expanded = phase(plan, "pilot-expanded")
    for group, users in (("sales-marketing", 150), ("retail", 100), ("hr", 20), ("finance", 20)):
        expanded["cohorts"].append({"group": group, "users": users, "enrollment": "self-service"})
        _enrol_the_rest_later(plan, group, users)
    return plan


def _enrol_the_rest_later(plan: dict, group: str, moved: int) -> None:
    """A group's production cohort enrols what the pilot did not: a user
    enrols once (GROUPS-ENROLLED-ONCE)."""
    for later in plan["phases"]:
        if later["kind"] == "production":
            for cohort in later["cohorts"]:
                if cohort["group"] == group:
                    cohort["users"] -= moved
                    return


class Elements(html.parser.HTMLParser):
    """Tags, classes and text of an HTML document (or Chromium's DOM dump)."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.texts: list[str] = []
        self._stack: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.texts.append(data)

    def with_class(self, name: str, tag: str | None = None) -> list[dict]:
        return [attrs for t, attrs in self.elements
                if name in (attrs.get("class") or "").split() and (tag is None or t == tag)]

    def tags(self, tag: str) -> list[dict]:
        return [attrs for t, attrs in self.elements if t == tag]

    @property
    def text(self) -> str:
        return "".join(self.texts)
