"""A deterministic generator of valid rollout plans at scale, with defects
planted at known rates and the findings they must produce.

    python bench/generate.py large bench/.plans/     # writes large.json and large.expected.json

The plans are complete, modelled on `examples/contoso-plan.json` and scaled:
sponsor, governance, team, goals with objectives and challenges, success
criteria (user experience among them), risks, groups with every timeframe
factor, a roster, a limited and an expanded pilot (a tenth of each pilot
group; the rest of the group enrols in a production phase), production
phases with a strategy, a kickoff and three mails per phase (complete,
owned, with a call to action), helpdesk trainings, hypercare, training
sessions and the operations checklist.

The expected counts are worked out here, from what was planted, never by
running the tool: each planted defect is recorded as it is made, and every
other rule of the built-in pack is kept silent by construction (the pilot
spans departments, a kickoff reaches everyone in time, every criterion
serves a goal, the first production phase has a tech fair, production mails
tell the pilot's story, ...). One rule fires without a defect: on the
assessment date, right after the pilots, every production phase but the last
is still to be measured for the next one's gate (PHASE-EXIT-CRITERIA-PENDING,
info). `bench/floor.py` computes the expected findings from the plan in plain
Python, and `bench/run.py` holds both to these counts (and the tool to no
finding of any other rule).

Sizes (people / groups / phases; communications follow: a kickoff and three
per phase):

    small     100        7     5
    medium    10,000     100   20
    large     100,000    1,000 60
    huge      1,000,000 10,000 200
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

SIZES = {
    "small": (100, 7, 5),
    "medium": (10_000, 100, 20),
    "large": (100_000, 1_000, 60),
    "huge": (1_000_000, 10_000, 200),
}

# The six checks with planted defects, and rules that must stay silent (the
# floor computes these too; every other rule of the pack must stay silent as
# well, and `bench/run.py` says so if one does not).
PLANTED = ("PILOT-NO-VIP", "COMMS-ENROLLMENT-WAVE", "SUPPORT-TRAINED-BEFORE-PHASE",
           "ENROLL-ASSISTED-FOR-EXECUTIVES", "CRITERIA-SMART", "PILOT-EXIT-CRITERIA-MET")
SILENT = ("COMMS-KICKOFF-BEFORE-START", "PILOT-DIVERSITY", "CRITERIA-DEFINED", "CRITERIA-PER-GOAL",
          "CRITERIA-MEASURABLE", "PILOT-EXIT-CRITERIA-PENDING", "SUPPORT-HELPDESK-TRAINING", "PHASE-EXIT-CRITERIA-MET")
# Not defects: what the plan's state implies on the assessment date (every
# production phase but the last is still to be measured for the next one's gate).
EXPECTED = ("PHASE-EXIT-CRITERIA-PENDING",)

FIRST_START = dt.date(2030, 3, 4)  # a Monday
PHASE_DAYS = 11
PHASE_STEP = 14
DEPARTMENTS = ["Sales", "Retail", "Finance", "HR", "Legal", "Marketing", "Logistics", "Research",
               "Production", "Customer service", "Procurement"]
ROLES = ["Seller", "Store staff", "Analyst", "Recruiter", "Lawyer", "Designer", "Planner", "Scientist",
         "Operator", "Agent", "Buyer", "Technician"]
LEVELS = ["low", "medium", "high"]
PLATFORMS = ["windows", "macos", "ios", "android"]
CATEGORIES = ["adoption", "user-experience", "support", "security"]
PILOTS = 2  # phases 0 and 1: pilot and expanded-pilot; both completed by the assessment date
PARTICIPANT_EVERY = 50  # every 50th person takes part in a pilot phase
PILOT_SAMPLE = 10  # a pilot cohort is a tenth of its group
HELP = "servicedesk@example.com, ext. 1234"


def iso(day: dt.date) -> str:
    return day.isoformat()


def generate(size: str) -> tuple[dict, dict]:
    """(plan, expected): `expected` has the assessment date and the exact
    number of findings per rule."""
    n_people, n_groups, n_phases = SIZES[size]
    return build(size, people=n_people, groups=n_groups, phases=n_phases)


def build(size: str, *, people: int, groups: int, phases: int) -> tuple[dict, dict]:
    """A plan of any size (at least 3 phases, at least as many groups as
    phases); `size` only names it."""
    n_people, n_groups, n_phases = people, groups, phases
    assert n_phases > PILOTS and n_groups >= n_phases, "needs a production phase and a group per phase"
    counts = {rule: 0 for rule in PLANTED + SILENT + EXPECTED}

    starts = [FIRST_START + dt.timedelta(days=PHASE_STEP * p) for p in range(n_phases)]
    # Assessed after both pilots have ended, before the first production phase starts.
    as_of = starts[PILOTS - 1] + dt.timedelta(days=PHASE_DAYS + 1)
    n_production = n_phases - PILOTS

    # Groups: group g belongs to phase g % n_phases. Group 0 is IT; every
    # 25th group (from g4, outside the pilots) is executives, every 10th
    # needs assistance. A group of a pilot phase enrols a tenth of its users
    # there and the rest in production phase PILOTS + g % n_production.
    # Cohorts of executive or assisted groups are assisted, except every
    # other executive group: self-service (planted ENR-2).
    groups, cohorts_of = [], [[] for _ in range(n_phases)]
    for g in range(n_groups):
        phase = g % n_phases
        department = "IT" if g == 0 else DEPARTMENTS[g % len(DEPARTMENTS)]
        executive = g % 25 == 4 and phase >= PILOTS
        assistance = g % 10 == 3
        users = 10 + (g * 37) % 200
        groups.append({"id": f"g{g}", "name": f"Group {g}", "department": department,
                       "location": f"Site {g % 13}", "users": users, "devices": users + users // 2,
                       "platforms": [PLATFORMS[g % 4], PLATFORMS[(g + 1) % 4]],
                       "change_readiness": LEVELS[g % 3], "business_risk": LEVELS[(g + 1) % 3],
                       "executive": executive, "needs_assistance": assistance})
        enrollment = "assisted" if executive or assistance else "self-service"
        if executive and (g // 25) % 2 == 0:
            enrollment = "self-service"
            counts["ENROLL-ASSISTED-FOR-EXECUTIVES"] += 1
        if phase < PILOTS:
            sample = users // PILOT_SAMPLE
            cohorts_of[phase].append({"group": f"g{g}", "users": sample, "enrollment": enrollment})
            cohorts_of[PILOTS + g % n_production].append({"group": f"g{g}", "users": users - sample,
                                                          "enrollment": enrollment})
        else:
            cohorts_of[phase].append({"group": f"g{g}", "users": users, "enrollment": enrollment})
    total_users = sum(g["users"] for g in groups)
    # The first production phase holds a tech fair for its first self-service
    # cohort (ENR-3 suggests one for a large early phase).
    fair = next((c for c in cohorts_of[PILOTS] if c["enrollment"] == "self-service"
                 and not groups[int(c["group"][1:])]["executive"]), None)
    if fair is not None:
        fair["enrollment"] = "tech-fair"

    # People: the first three and every 50th person are pilot participants
    # (alternating between the two pilot phases; three or more, so they
    # differ in role and skill level: PIL-9); every 997th and every 1,850th
    # person is an executive and every 1,009th a VIP, so some participants
    # are (planted PIL-4; a member of an executive group would be too, but
    # no participant is one at these sizes).
    people, participants = [], [[] for _ in range(PILOTS)]
    for i in range(n_people):
        g = i % n_groups
        executive, vip = i % 997 == 5 or i % 1850 == 0, i % 1009 == 7
        people.append({"id": f"p{i}", "name": f"Person {i}", "group": f"g{g}",
                       "department": groups[g]["department"], "role": ROLES[i % len(ROLES)],
                       "title": "Manager" if executive else "Staff", "vip": vip, "executive": executive,
                       "tech_level": LEVELS[i % 3], "location": groups[g]["location"]})
        if i % PARTICIPANT_EVERY == 0 or i < 3:
            participants[(i // PARTICIPANT_EVERY) % PILOTS].append(f"p{i}")
            counts["PILOT-NO-VIP"] += executive or vip or groups[g]["executive"]
    # (no executive group enrols in a pilot phase: see `executive` above)

    # Goals, each with an objective; challenges with their solutions.
    goals = [{"id": f"G{k}", "title": f"Goal {k}", "description": f"What goal {k} achieves.",
              "business_value": f"The business value of goal {k}."} for k in range(4)]
    objectives = [{"id": f"O{k}", "title": f"Objective {k}", "goal": f"G{k}",
                   "execution": f"How objective {k} is carried out."} for k in range(4)]
    challenges = [{"id": f"C{k}", "description": f"Challenge {k}", "solution": f"How challenge {k} is met."}
                  for k in range(3)]

    # Success criteria: four goals, a criterion per goal per four phases at
    # least, in four categories (user experience among them); every 4th
    # criterion lacks its target (planted SC-2). Exit criteria of the pilots
    # are the first four criteria with a target.
    n_criteria = max(8, n_phases)
    criteria = []
    for c in range(n_criteria):
        criterion = {"id": f"SC{c}", "goal": f"G{c % 4}", "description": f"Criterion {c}",
                     "kind": "quantitative", "category": CATEGORIES[c % len(CATEGORIES)], "metric": f"metric_{c}",
                     "target": {"op": ">=", "value": 0.9}, "unit": "ratio", "baseline": 0.0,
                     "measured_by": "Intune report", "phase": f"ph{c % n_phases}", "owner": "Service owner"}
        if c % 4 == 1:
            del criterion["target"]
            counts["CRITERIA-SMART"] += 1
        criteria.append(criterion)
    # ... and one qualitative criterion, judged from the pilot's feedback (SC-5).
    criteria.append({"id": "SCQ", "goal": "G0", "description": "Users find enrollment easy", "kind": "qualitative",
                     "category": "user-experience", "measured_by": "Pilot feedback sessions", "phase": "ph1",
                     "owner": "Change lead"})
    exit_ids = [c["id"] for c in criteria if "target" in c][:4]
    # Measurements: one per exit criterion; the last exit criterion of the
    # expanded pilot falls short (planted SC-5), once per pilot phase that lists it.
    measurements = []
    for k, cid in enumerate(exit_ids):
        value = 0.7 if k == len(exit_ids) - 1 else 0.95
        measurements.append({"criterion": cid, "value": value, "measured_on": iso(as_of - dt.timedelta(days=1))})
    counts["PILOT-EXIT-CRITERIA-MET"] += 1  # only the expanded pilot lists the failing criterion

    phases = []
    for p in range(n_phases):
        kind = "pilot" if p == 0 else "expanded-pilot" if p == 1 else "production"
        phase = {"id": f"ph{p}", "name": f"Phase {p}", "kind": kind,
                 "start": iso(starts[p]), "end": iso(starts[p] + dt.timedelta(days=PHASE_DAYS)),
                 "cohorts": cohorts_of[p]}
        if p < PILOTS:
            phase.update(participants=participants[p], exit_criteria=exit_ids[:3] if p == 0 else exit_ids,
                         tests=["technical", "communication", "training", "support"])
        else:
            phase.update(strategy="department", exit_criteria=exit_ids[:2])
            if p + 1 < n_phases:  # pending on the assessment date, for the gate of the phase after it
                counts["PHASE-EXIT-CRITERIA-PENDING"] += len(exit_ids[:2])
        phases.append(phase)

    # Communications: a kickoff to all from the sponsor; per phase a
    # pre-enrollment mail (resources, timeline; the value for the pilots, the
    # pilot's experiences for production), an enrollment mail and a
    # post-enrollment mail with a survey. Planted COM-4: in every 5th phase
    # the enrollment mail names groups and leaves the phase's first cohort
    # out; in every 7th it has no help contact; in every 11th it arrives a
    # day after the start.
    comms = [{"id": "kickoff", "wave": "kickoff", "audience": ["all"],
              "channels": ["meeting", "online-meeting", "intranet", "social", "poster"],
              "date": iso(FIRST_START - dt.timedelta(days=14)), "sender": "Maria Lind",
              "content": ["what", "why", "plan"], "call_to_action": False,
              "owners": ["admin", "support", "communications"]}]
    for p in range(n_phases):
        start, cohorts = starts[p], cohorts_of[p]
        enrollment = {"id": f"ph{p}-enroll", "wave": "enrollment", "audience": [f"ph{p}"],
                      "channels": ["email", "intranet"], "date": iso(start), "sender": "IT",
                      "content": ["instructions"], "call_to_action": True, "help_contact": HELP,
                      "owners": ["admin", "support"]}
        missing = 0
        if p % 5 == 3 and len(cohorts) > 1:
            enrollment["audience"] = [c["group"] for c in cohorts[1:]]
            missing = 1
        elif p % 7 == 4:
            del enrollment["help_contact"]
            missing = len(cohorts)
        elif p % 11 == 5:
            enrollment["date"] = iso(start + dt.timedelta(days=1))
            missing = len(cohorts)
        counts["COMMS-ENROLLMENT-WAVE"] += missing
        comms += [
            {"id": f"ph{p}-pre", "wave": "pre-enrollment", "audience": [f"ph{p}"], "channels": ["email", "intranet"],
             "date": iso(start - dt.timedelta(days=7)), "sender": "IT",
             "content": ["resources", "timeline", "why" if p < PILOTS else "pilot experiences"],
             "call_to_action": True, "owners": ["communications"]},
            enrollment,
            {"id": f"ph{p}-post", "wave": "post-enrollment", "audience": [f"ph{p}"], "channels": ["email"],
             "date": iso(start + dt.timedelta(days=PHASE_DAYS)), "sender": "IT",
             "content": ["resources", "feedback"], "call_to_action": True, "feedback_survey": True,
             "owners": ["communications"]},
        ]

    # Helpdesk trainings: one per phase, a week before it; planted SUP-2:
    # in every 9th production phase the training is a day after the start.
    trainings = []
    for p in range(n_phases):
        date = starts[p] - dt.timedelta(days=7)
        if p >= PILOTS and p % 9 == 6:
            date = starts[p] + dt.timedelta(days=1)
            counts["SUPPORT-TRAINED-BEFORE-PHASE"] += 1
        trainings.append({"date": iso(date), "phases": [f"ph{p}"], "topics": ["policies", "apps"]})

    plan = {
        "version": 1,
        "organization": {"name": f"Bench {size}", "total_users": max(total_users, n_people), "locale": "en-GB"},
        "sponsor": {"name": "Maria Lind", "title": "CIO"},
        "governance": {"status_meetings": "weekly", "status_report": True,
                       "reporting": "Monthly goal-tracking report to the steering group",
                       "lessons_learned_owner": "Project manager"},
        "team": {"workstreams": [{"name": "technology", "owner": "Intune architect"},
                                 {"name": "change-management", "owner": "Change lead"},
                                 {"name": "user-experience", "owner": "UX lead"},
                                 {"name": "operations", "owner": "Service owner"}]},
        "goals": goals,
        "objectives": objectives,
        "challenges": challenges,
        "success_criteria": criteria,
        "groups": groups,
        "people": people,
        "phases": phases,
        "communications": comms,
        "support": {"helpdesk_trainings": trainings,
                    "hypercare": [{"phase": f"ph{p}", "days": 10 if p < PILOTS else 5} for p in range(PILOTS + 1)],
                    "enrollment_guides": PLATFORMS, "escalation_to_design_team": True,
                    "user_documentation": True},
        "training": {"methods": ["instructor-led", "self-study", "video"],
                     "sessions": [{"date": iso(FIRST_START - dt.timedelta(days=10)), "audience": ["helpdesk"],
                                   "method": "instructor-led"},
                                  {"date": iso(starts[0] - dt.timedelta(days=3)), "audience": ["ph0"],
                                   "method": "instructor-led"},
                                  {"date": iso(starts[1] - dt.timedelta(days=3)), "audience": ["ph1"],
                                   "method": "video"}],
                     "uses_pilot_feedback": True, "material_update_process": True},
        "operations": {"alerts_tuned": True, "procedures_verified": True, "daily_tasks_verified": True,
                       "escalation_verified": True},
        "risks": [{"id": f"R{p}", "description": f"Risk found before phase {p}",
                   "mitigation": f"Tested in phase {p}", "phase": f"ph{p}"} for p in range(PILOTS)],
        "results": {"measurements": measurements, "assessments": [],
                    "completed_phases": [f"ph{p}" for p in range(PILOTS)]},
    }
    expected = {"size": size, "people": n_people, "groups": n_groups, "phases": n_phases,
                "communications": len(comms), "as_of": iso(as_of),
                "findings": dict(sorted(counts.items()))}
    return plan, expected


def write(size: str, directory: str | Path) -> tuple[Path, Path]:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    plan, expected = generate(size)
    plan_path, expected_path = directory / f"{size}.json", directory / f"{size}.expected.json"
    with open(plan_path, "w", encoding="utf-8") as out:
        json.dump(plan, out)
    expected_path.write_text(json.dumps(expected, indent=2) + "\n", encoding="utf-8")
    return plan_path, expected_path


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in SIZES:
        sys.exit(f"usage: {sys.argv[0]} {{{'|'.join(SIZES)}}} DIRECTORY")
    for path in write(sys.argv[1], sys.argv[2]):
        print(path)
