"""The reference floor: the built-in checks, written out by hand in plain
Python over the json-loaded plan, with no validation, no rule engine and no
report. `bench/run.py` times this process beside `readiness check`.

    python bench/floor.py PLAN AS_OF      # prints {"RULE": count, ...}

It imports nothing from `readiness` (so it also checks the tool
independently) and uses the default settings of `readiness/settings.py`.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import unicodedata

PILOT_MIN_DEPARTMENTS = 3
PILOT_MAX_IT_SHARE = 0.5
HELPDESK_LEAD_DAYS = 1
KICKOFF_LEAD_DAYS = 1


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def check(plan: dict, as_of: dt.date) -> dict[str, int]:
    found = dict.fromkeys(("COMMS-ENROLLMENT-WAVE", "COMMS-KICKOFF-BEFORE-START", "CRITERIA-DEFINED",
                           "CRITERIA-MEASURABLE", "CRITERIA-PER-GOAL", "CRITERIA-SMART",
                           "ENROLL-ASSISTED-FOR-EXECUTIVES", "PILOT-DIVERSITY", "PILOT-EXIT-CRITERIA-MET",
                           "PILOT-EXIT-CRITERIA-PENDING", "PILOT-NO-VIP", "SUPPORT-HELPDESK-TRAINING",
                           "SUPPORT-TRAINED-BEFORE-PHASE", "PHASE-EXIT-CRITERIA-MET",
                           "PHASE-EXIT-CRITERIA-PENDING"), 0)
    groups = {g["id"]: g for g in plan["groups"]}
    people = {p["id"]: p for p in plan.get("people") or []}
    phases = plan["phases"]
    comms = plan.get("communications") or []
    support = plan.get("support")
    trainings = support.get("helpdesk_trainings", []) if support else []
    criteria = plan.get("success_criteria", [])
    results = plan.get("results", {})
    starts = {p["id"]: day(p["start"]) for p in phases}  # listed as completed counts once it has started
    completed = {p for p in results.get("completed_phases", []) if starts[p] <= as_of}
    first_start = day(phases[0]["start"])

    def users(cohort, phase):  # as given, or the rest of its group in this phase
        if cohort.get("users") is not None:
            return cohort["users"]
        others = sum(c["users"] for c in phase.get("cohorts", [])
                     if c["group"] == cohort["group"] and c.get("users") is not None)
        return max((groups[cohort["group"]].get("users") or 0) - others, 0)

    # SC-1, SC-2
    if not criteria:
        found["CRITERIA-DEFINED"] += 1
    per_goal = {}
    for c in criteria:
        if c.get("goal"):
            per_goal[c["goal"]] = per_goal.get(c["goal"], 0) + 1
    found["CRITERIA-PER-GOAL"] += sum(1 for g in plan.get("goals", []) if not per_goal.get(g["id"]))
    measurable = 0
    for c in criteria:
        quantitative = c["kind"] == "quantitative"
        gaps = (quantitative and not c.get("metric")) + (quantitative and c.get("target") is None) \
            + (not c.get("measured_by")) + (not (c.get("due") or c.get("phase"))) \
            + (quantitative and c.get("baseline") is None and not c.get("owner"))
        found["CRITERIA-SMART"] += gaps > 0
        measurable += bool(c.get("metric") and c.get("target") and c.get("measured_by"))
    if criteria and not measurable:
        found["CRITERIA-MEASURABLE"] += 1

    # ENR-2
    for phase in phases:
        for cohort in phase.get("cohorts", []):
            group = groups[cohort["group"]]
            if (group.get("executive") or group.get("needs_assistance")) and cohort.get("enrollment") is not None \
                    and cohort["enrollment"] != "assisted":
                found["ENROLL-ASSISTED-FOR-EXECUTIVES"] += 1

    # PIL-4, PIL-9
    def key(name):  # "IT", "it", "IT " and "ＩＴ" are one department
        return unicodedata.normalize("NFKC", " ".join(name.split())).casefold()

    pilots = [p for p in phases if p["kind"] in ("pilot", "expanded-pilot")]
    departments, cohort_users, it_users, named = {}, 0, 0, set()
    for phase in pilots:
        for cohort in phase.get("cohorts", []):
            group = groups[cohort["group"]]
            n = users(cohort, phase)
            cohort_users += n
            # a cohort of nobody brings no department; one of unknown size does
            if group.get("department") and (n or cohort.get("users") is None and group.get("users") is None):
                departments[key(group["department"])] = 1
                if key(group["department"]) == "it":
                    it_users += n
            found["PILOT-NO-VIP"] += bool(group.get("executive"))
        cohort_groups = {cohort["group"] for cohort in phase.get("cohorts", [])}
        for person_id in phase.get("participants", []):
            person = people[person_id]
            group = groups[person["group"]] if person.get("group") else {}
            department = person.get("department") or group.get("department")
            if department:
                departments[key(department)] = 1
            if person.get("group") not in cohort_groups and person_id not in named:  # not counted yet
                cohort_users += 1
                it_users += bool(department) and key(department) == "it"
            named.add(person_id)
            found["PILOT-NO-VIP"] += bool(person.get("executive") or person.get("vip") or group.get("executive"))
    # a pilot of nobody (every cohort 0 users, no one named) is PILOT-ENROLS-USERS, not PIL-9
    nobody = not named and all(c.get("users") == 0 or c.get("users") is None and groups[c["group"]].get("users") == 0
                               for p in pilots for c in p.get("cohorts", []))
    if pilots and not nobody:
        it_share = it_users / cohort_users if cohort_users else None
        if len(departments) < PILOT_MIN_DEPARTMENTS or it_share is not None and it_share > PILOT_MAX_IT_SHARE:
            found["PILOT-DIVERSITY"] += 1

    # SC-5, SC-3: the latest result of each exit criterion taken from the phase's
    # start up to the assessment date, before production starts (a pilot's) or
    # before the next phase starts (a production phase's, unless they overlap)
    by_id = {c["id"]: c for c in criteria}
    measurements = sorted(results.get("measurements", []), key=lambda m: m["measured_on"])
    assessed = {(a["criterion"], a.get("phase")): a for a in results.get("assessments", []) if not a.get("assessed_on")}
    ops = {">=": lambda a, b: a >= b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b,
           "<": lambda a, b: a < b, "==": lambda a, b: a == b}
    def exit_results(phase, k, until):
        """(measured, met) per exit criterion of phases[k]: the latest result from its
        start (the day after if an earlier phase ends that day) up to as_of, before `until`."""
        since = day(phase["start"])
        if any(p["end"] == phase["start"] for p in phases[:k]) and phase["start"] < phase["end"]:
            since += dt.timedelta(days=1)
        def counts(on, tag):  # a result naming its phase: from the phase's very start
            if tag is not None and tag != phase["id"]:
                return False
            first = day(phase["start"]) if tag is not None else since
            return first <= day(on) <= as_of and day(on) < until

        for cid in phase.get("exit_criteria", []):
            c = by_id[cid]
            met = value = None
            if c["kind"] == "quantitative":
                taken = [m for m in measurements if m["criterion"] == cid and counts(m["measured_on"], m.get("phase"))]
                if taken:
                    value = taken[-1]["value"]
                    met = ops[c["target"]["op"]](value, c["target"]["value"]) if c.get("target") else None
            else:  # a dated assessment in the window, else an undated one
                dated = sorted((a for a in results.get("assessments", []) if a["criterion"] == cid
                                and a.get("assessed_on") and counts(a["assessed_on"], a.get("phase"))),
                               key=lambda a: a["assessed_on"])
                if dated:
                    met = dated[-1]["met"]
                elif (cid, phase["id"]) in assessed or (cid, None) in assessed:
                    met = assessed.get((cid, phase["id"]), assessed.get((cid, None)))["met"]
            yield met is not None or value is not None, met

    def day_after(d):
        return d + dt.timedelta(days=1) if d < dt.date.max else dt.date.max

    for k, phase in enumerate(phases):
        pending = phase["id"] not in completed and day(phase["end"]) >= as_of
        if phase in pilots:  # SC-5: up to production's start, its own last day included
            later = [p for p in phases[k + 1:] if p["kind"] == "production"]
            until = day(later[0]["start"]) if later else dt.date.max
            if later and later[0]["start"] == phase["end"]:
                until = day_after(until)
            for measured, met in exit_results(phase, k, until):
                if met is False or (not measured and not pending):
                    found["PILOT-EXIT-CRITERIA-MET"] += 1
                if not measured and pending:
                    found["PILOT-EXIT-CRITERIA-PENDING"] += 1
        elif k + 1 < len(phases) and phase["end"] <= phases[k + 1]["start"]:  # overlapping waves decide nothing
            following = phases[k + 1]
            until = day_after(day(following["start"])) if following["start"] == phase["end"] else day(following["start"])
            for measured, met in exit_results(phase, k, until):
                if met is False or (not measured and not pending):
                    found["PHASE-EXIT-CRITERIA-MET"] += 1
                if not measured and pending:
                    found["PHASE-EXIT-CRITERIA-PENDING"] += 1

    # SUP-1, SUP-2
    sessions = (plan.get("training") or {}).get("sessions", [])
    if support is not None and not trainings and not any("helpdesk" in s.get("audience", []) for s in sessions):
        found["SUPPORT-HELPDESK-TRAINING"] += 1
    # a helpdesk session naming phases in its audience prepares the helpdesk for them
    covering = [(t["date"], t.get("phases", [])) for t in trainings] + [
        (s["date"], [a for a in s.get("audience", []) if a in starts]) for s in sessions
        if "helpdesk" in s.get("audience", [])]
    ok_phases = {phase_id for date, covered in covering for phase_id in covered
                 if (starts[phase_id] - day(date)).days >= HELPDESK_LEAD_DAYS}
    for phase in phases:
        if phase["id"] not in completed and phase["id"] not in ok_phases:
            found["SUPPORT-TRAINED-BEFORE-PHASE"] += 1

    # COM-2 (the kickoff's messages, in date order, together reach every
    # group in time), COM-4 (an enrollment mail when the group is next in turn)
    def groups_reached(audience):  # "all", or the groups and the phases' groups it names
        if "all" in audience:
            return set(groups)
        reached = {a for a in audience if a in groups}
        reached.update(c["group"] for p in phases if p["id"] in audience for c in p.get("cohorts", []))
        return reached

    if comms:
        kicked_off, complete = set(), None
        for c in sorted((c for c in comms if c["wave"] == "kickoff" and c.get("date")), key=lambda c: c["date"]):
            kicked_off |= groups_reached(c.get("audience", []))
            if kicked_off >= set(groups):
                complete = (first_start - day(c["date"])).days
                break
        if complete is None or complete < KICKOFF_LEAD_DAYS:
            found["COMMS-KICKOFF-BEFORE-START"] += 1
        reached = set()  # (phase, group) with an enrollment mail in time that names where to get help
        turn, before, latest = {}, dt.date.min, dt.date.min  # the start of the phase before (strictly earlier)
        for p in phases:
            if day(p["start"]) > latest:
                before, latest = latest, day(p["start"])
            turn[p["id"]] = before
        phase_of_group = {}
        for phase in phases:
            for cohort in phase.get("cohorts", []):
                phase_of_group.setdefault(cohort["group"], []).append(phase)
        for c in comms:
            if c["wave"] != "enrollment" or not c.get("help_contact") or not c.get("date"):
                continue
            sent = day(c["date"])
            for target in set(c.get("audience", [])):
                if target == "all":
                    hit = [(p, co["group"]) for p in phases for co in p.get("cohorts", [])]
                elif target in starts:
                    phase = next(p for p in phases if p["id"] == target)
                    hit = [(phase, co["group"]) for co in phase.get("cohorts", [])]
                else:
                    hit = [(p, target) for p in phase_of_group.get(target, [])]
                for phase, group in hit:  # at or before its start, once the phase before has started
                    if (starts[phase["id"]] - sent).days >= 0 and sent >= turn[phase["id"]]:
                        reached.add((phase["id"], group))
        for phase in phases:
            for cohort in phase.get("cohorts", []):
                found["COMMS-ENROLLMENT-WAVE"] += (phase["id"], cohort["group"]) not in reached
    return found


def main() -> None:
    path, as_of = sys.argv[1], day(sys.argv[2])
    with open(path, encoding="utf-8") as source:
        plan = json.load(source)
    print(json.dumps(check(plan, as_of), sort_keys=True))


if __name__ == "__main__":
    main()
