"""Named thresholds the rules compare against.

Rules never hard-code a number that an organization may reasonably choose
differently: they write `{setting: pilot_min_departments}` and the value comes
from here, from the plan's `settings` section, or from `--set NAME=VALUE`
(in that order of precedence, lowest first).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Mapping


@dataclass(frozen=True)
class Setting:
    name: str
    default: float
    doc: str
    integer: bool = False


SETTINGS: dict[str, Setting] = {s.name: s for s in [
    Setting("pilot_min_departments", 3, "Departments the pilot (all pilot phases together) must span (PIL-9).",
            integer=True),
    Setting("pilot_max_it_share", 0.5, "Largest share of pilot users that may come from IT (PIL-9)."),
    Setting("pilot_min_tech_levels", 2, "Distinct technical skill levels among named pilot participants (PIL-9).",
            integer=True),
    Setting("pilot_min_roles", 3, "Distinct roles among named pilot participants (PIL-9).", integer=True),
    Setting("pilot_notice_lead_days", 1, "Days before a pilot phase starts by which a message addressed to it has "
            "told its users they are the first users (PIL-2).", integer=True),
    Setting("pilot_max_user_share", 0.1, "Largest share of all users the first pilot phase may hold (PIL-1)."),
    # The guidance's own example plan (001) enrols 2000 of 3380 users (59%) in
    # its first production phase; a default it would fail could not be right.
    Setting("wave_max_user_share", 0.6, "Largest share of all users one phase may hold (ROL-3)."),
    Setting("pilot_review_days", 1, "Days between the last pilot phase's end and the start of any production "
            "phase, to evaluate the pilot (ROL-1).", integer=True),
    Setting("helpdesk_lead_days", 1, "Days before a phase starts by which its helpdesk training is held (SUP-2).",
            integer=True),
    Setting("kickoff_lead_days", 1, "Days before the first phase by which the kickoff is held (COM-2).",
            integer=True),
    Setting("pre_enrollment_lead_days", 1, "Days before a phase by which its pre-enrollment wave arrives (COM-3).",
            integer=True),
    Setting("training_lead_days", 0, "Days before a pilot phase by which its users and the helpdesk are trained "
            "(TRN-1).", integer=True),
    Setting("awareness_min_channels", 2, "Distinct delivery channels the communication plan uses across the "
            "campaign (COM-7).", integer=True),
    Setting("training_min_methods", 2, "Distinct training methods in the training plan, and among the pilot's "
            "sessions (TRN-1, TRN-2).", integer=True),
    Setting("hypercare_min_days", 1, "Days of hypercare each pilot phase's support process includes (SUP-5).",
            integer=True),
    Setting("tech_fair_min_users", 500, "A production phase this large gets the tech-fair suggestion (ENR-3).",
            integer=True),
    Setting("tech_fair_early_phases", 1, "How many of the first production phases count as early for the "
            "tech-fair suggestion (ENR-3).", integer=True),
]}


class SettingError(ValueError):
    pass


def _known(name: str) -> None:
    if name not in SETTINGS:
        raise SettingError(setting_problem(name, 0))


MAX_VALUE = 1e12


def resolve_settings(*overrides: Mapping[str, float]) -> dict[str, float]:
    """Defaults, then each mapping of overrides in turn; unknown names and
    values of the wrong kind raise SettingError."""
    values = {name: s.default for name, s in SETTINGS.items()}
    for mapping in overrides:
        for name, value in mapping.items():
            _known(name)
            problem = setting_problem(name, value)
            if problem:
                raise SettingError(problem)
            values[name] = int(value) if SETTINGS[name].integer else float(value)
    return values


def setting_problem(name: str, value: object, shown: str | None = None) -> str | None:
    """What is wrong with `value` for the setting `name`, or None. `shown`:
    the value as the user wrote it (on the command line), if not repr(value)."""
    setting = SETTINGS.get(name)
    if setting is None:
        hint = difflib.get_close_matches(name.lower(), SETTINGS, n=1)
        return f"unknown setting {name!r}" + (f"; did you mean {hint[0]!r}?" if hint else "")
    shown = shown or repr(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return f"setting {name!r} needs a number, got {shown}"
    if value < 0:
        return f"setting {name!r} cannot be negative, got {shown}"
    if value > MAX_VALUE:  # also infinity; a plan's settings have the same bound (model.Number)
        return f"setting {name!r} can be at most {MAX_VALUE:,.0f}, got {shown}"
    if setting.integer and value != int(value):
        return f"setting {name!r} needs a whole number, got {shown}"
    return None


# A number as a plan writes one (YAML 1.2's decimal forms: 3, -1, +1, .5,
# 1., 2.5e-1): ASCII digits, no "_" separators, no "inf" or "nan" (float()
# takes "1_0", "١٢" and "infinity" too).
_PLAIN_NUMBER = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")


def parse_assignment(text: str) -> tuple[str, float]:
    """`name=value` from the command line."""
    name, sep, raw = text.partition("=")
    if not sep or not name.strip():
        raise SettingError(f"expected NAME=VALUE, got {text!r}")
    name = name.strip()
    _known(name)  # an unknown name is the first thing to say
    if not _PLAIN_NUMBER.fullmatch(raw.strip()):
        raise SettingError(f"setting {name!r} needs a number, got {raw!r}")
    number = float(raw)
    if number == 0 and re.search(r"[1-9]", raw.strip().split("e")[0].split("E")[0]):
        # 1e-400 is no zero, but a float reads it as one: say so, do not guess
        raise SettingError(f"setting {name!r} is too close to 0 to tell apart from it, got {raw.strip()!r}")
    value = int(number) if number.is_integer() else number
    problem = setting_problem(name, value, shown=repr(raw.strip()))
    if problem:
        raise SettingError(problem)
    return name, value
