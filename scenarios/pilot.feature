Feature: Pilot composition
  The pilot finds problems while few users are affected. Its users must not be
  company leadership (PIL-4) and must represent the organization (PIL-9).

  Background:
    Given the example plan

  Scenario: An executive named among the limited pilot's participants
    Given these people:
      | id | name     | group      | department | title | executive |
      | p4 | Eva Lind | executives | Management | CIO   | true      |
    And "p4" takes part in "pilot-limited"
    When the plan is checked
    Then rule "PILOT-NO-VIP" fires on gate "pilot-limited" about "phases[pilot-limited].participants[p4]"
    And the gate "pilot-limited" is NO-GO

  Scenario: The plan's own sponsor named as a pilot participant
    Given these people:
      | id | name     | group | department | role | title | tech_level |
      | p9 | Eva Lind | it    | IT         | CIO  | CIO   | medium     |
    And "p9" takes part in "pilot-limited"
    When the plan is checked
    Then rule "PILOT-NO-VIP" fires on gate "pilot-limited" about "phases[pilot-limited].participants[p9]"

  Scenario: A blank sponsor name makes nobody the sponsor
    Given "sponsor.name" is " "
    And the plan has no "people[p1].name"
    When the plan is checked
    Then rule "PILOT-NO-VIP" does not fire

  Scenario: A VIP participant in the expanded pilot
    Given these people:
      | id | name    | group           | department | title        | vip  |
      | p5 | Ola Vip | sales-marketing | Sales      | Sales director | true |
    And "p5" takes part in "pilot-expanded"
    When the plan is checked
    Then rule "PILOT-NO-VIP" fires on gate "pilot-expanded" about "phases[pilot-expanded].participants[p5]"

  Scenario: The executives group enrolled as a pilot cohort
    Given the plan has:
      """
      phases:
        - id: pilot-expanded
          cohorts:
            - {group: it, users: 200, enrollment: self-service}
            - {group: executives, users: 30, enrollment: assisted}
      """
    When the plan is checked
    Then rule "PILOT-NO-VIP" fires on gate "pilot-expanded" about "phases[pilot-expanded].cohorts[1]"

  Scenario: A member of the executives group is an executive, flagged or not
    Given these people:
      | id | name     | group      | department | title |
      | p9 | Eva Lind | executives | Management | CIO   |
    And "p9" takes part in "pilot-limited"
    When the plan is checked
    Then rule "PILOT-NO-VIP" fires on gate "pilot-limited" about "phases[pilot-limited].participants[p9]"
    And the gate "pilot-limited" is NO-GO

  Scenario: Executives enrolling in production are no pilot users
    When the plan is checked
    Then rule "PILOT-NO-VIP" does not fire
    And no finding cites "PIL-4"

  Scenario: A pilot of IT users only blocks the broad rollout
    When the plan is checked
    Then rule "PILOT-DIVERSITY" fires on gate "prod-1" about "phases"
    And the gate "prod-1" is NO-GO

  Scenario: A pilot with users from across the organization
    Given the plan has:
      """
      phases:
        - id: pilot-expanded
          cohorts:
            - {group: it, users: 30, enrollment: self-service}
            - {group: it-managers, users: 10, enrollment: assisted}
            - {group: sales-marketing, users: 80, enrollment: self-service}
            - {group: retail, users: 40, enrollment: tech-fair}
            - {group: finance, users: 10, enrollment: self-service}
        - id: prod-3
          cohorts:
            - {group: hr, users: 50, enrollment: self-service}
            - {group: finance, users: 30, enrollment: self-service}   # the rest of finance
            - {group: executives, users: 30, enrollment: assisted}
            - {group: it, users: 170, enrollment: self-service}   # the rest of IT
      """
    And "phases[prod-1].cohorts[0].users" is 1920
    And "phases[prod-2].cohorts[0].users" is 960
    When the plan is checked
    Then rule "PILOT-DIVERSITY" does not fire
    And rule "GROUPS-ENROLLED-ONCE" does not fire
    And the gate "prod-1" is GO

  Scenario: Three departments, but still mostly IT
    Given the plan has:
      """
      phases:
        - id: pilot-expanded
          cohorts:
            - {group: it, users: 200, enrollment: self-service}
            - {group: hr, users: 5, enrollment: self-service}
            - {group: finance, users: 5, enrollment: self-service}
      """
    When the plan is checked
    Then rule "PILOT-DIVERSITY" fires on gate "prod-1"

  Scenario: Named IT participants count towards the IT share
    Given these people:
      | id  | name       | group | department | role      | tech_level |
      | p11 | Per Ahl    | it    | IT         | Network   | high       |
      | p12 | Lina Berg  | it    | IT         | Developer | medium     |
      | p13 | Omar Dahl  | it    | IT         | Support   | low        |
      | p14 | Kim Ek     | it    | IT         | Security  | high       |
      | p15 | Siv Falk   | it    | IT         | Database  | medium     |
      | p16 | Nils Gran  | it    | IT         | Desktop   | high       |
    And the plan has:
      """
      phases:
        - id: pilot-limited
          cohorts:
            - {group: it, users: 2, enrollment: self-service}
        - id: pilot-expanded
          cohorts:
            - {group: sales-marketing, users: 3, enrollment: self-service}
            - {group: retail, users: 2, enrollment: tech-fair}
            - {group: finance, users: 1, enrollment: self-service}
          participants: [p11, p12, p13, p14, p15, p16]
      """
    When the plan is checked
    Then rule "PILOT-DIVERSITY" fires on gate "prod-1" about "phases"

  Scenario: A department written with a stray space or in full width is the same department
    Given "groups[hr].department" is "IT "
    And "groups[finance].department" is "ＩＴ"
    And the plan has:
      """
      phases:
        - id: pilot-expanded
          cohorts:
            - {group: it, users: 20, enrollment: self-service}
            - {group: hr, users: 50, enrollment: self-service}
            - {group: finance, users: 40, enrollment: self-service}
      """
    When the plan is checked
    Then rule "PILOT-DIVERSITY" fires on gate "prod-1" about "phases"

  Scenario: A pilot whose sizes are not given is not empty
    Given the plan has no "groups[it].users"
    And the plan has no "phases[pilot-limited].cohorts[0].users"
    And "phases[pilot-limited].participants" is []
    When the plan is checked
    Then rule "PILOT-ENROLS-USERS" does not fire

  Scenario: A pilot that enrols nobody is no pilot
    Given "phases[pilot-limited].participants" is []
    And the plan has:
      """
      phases:
        - id: pilot-limited
          cohorts:
            - {group: it, users: 0, enrollment: self-service}
        - id: pilot-expanded
          cohorts:
            - {group: it, users: 0, enrollment: self-service}
            - {group: hr, users: 0, enrollment: self-service}
            - {group: finance, users: 0, enrollment: self-service}
            - {group: sales-marketing, users: 0, enrollment: self-service}
      """
    When the plan is checked
    Then rule "PILOT-ENROLS-USERS" fires on gate "pilot-limited" about "phases"
    And rule "PILOT-DIVERSITY" does not fire
    And the gate "pilot-limited" is NO-GO

  Scenario: A participant named in both pilot phases is one pilot user
    Given these people:
      | id  | name      | group           | department | role   | tech_level |
      | p21 | Ola Nord  | sales-marketing | Sales      | Seller | low        |
      | p22 | Mia Syd   | retail          | Retail     | Staff  | medium     |
      | p23 | Leo Ost   | finance         | Finance    | Analyst | high      |
    And the plan has:
      """
      phases:
        - id: pilot-limited
          cohorts:
            - {group: it, users: 2, enrollment: self-service}
          participants: [p21, p22, p23]
        - id: pilot-expanded
          cohorts:
            - {group: it, users: 2, enrollment: self-service}
          participants: [p21, p22, p23]
      """
    When the plan is checked
    Then rule "PILOT-DIVERSITY" fires on gate "prod-1" about "phases"

  Scenario: An organization may accept two departments
    Given the plan has:
      """
      phases:
        - id: pilot-expanded
          cohorts:
            - {group: it, users: 50, enrollment: self-service}
            - {group: sales-marketing, users: 100, enrollment: self-service}
      """
    When the plan is checked with pilot_min_departments set to 2
    Then rule "PILOT-DIVERSITY" does not fire

  Scenario: Named participants of one technical skill level
    Given "people[p1].tech_level" is high
    When the plan is checked
    Then rule "PILOT-ROLES-AND-SKILLS" fires on gate "prod-1" about "phases"

  Scenario: Named participants in two roles only
    Given "people[p3].role" is Network
    When the plan is checked
    Then rule "PILOT-ROLES-AND-SKILLS" fires once

  Scenario: The example's participants differ in role and skill
    When the plan is checked
    Then rule "PILOT-ROLES-AND-SKILLS" does not fire

  Scenario: An organization may settle for one skill level
    Given "people[p1].tech_level" is high
    When the plan is checked with pilot_min_tech_levels set to 1
    Then rule "PILOT-ROLES-AND-SKILLS" does not fire

  Scenario: A pilot without named participants is judged by its cohorts alone
    Given "people[p1].tech_level" is high
    And "phases[pilot-limited].participants" is []
    When the plan is checked
    Then rule "PILOT-ROLES-AND-SKILLS" does not fire

  Scenario: The example's pilot is small, first, told, surveyed, tested and kicked off
    When the plan is checked
    Then rule "PILOT-FIRST-PHASE" does not fire
    And rule "PILOT-SMALL" does not fire
    And rule "PILOT-TOLD-FIRST" does not fire
    And rule "PILOT-FEEDBACK-CHANNEL" does not fire
    And rule "PILOT-TEST-PLAN" does not fire
    And rule "PILOT-TESTS-BEYOND-TECHNOLOGY" does not fire
    And rule "PILOT-RISKS-IDENTIFIED" does not fire
    And rule "PILOT-RISK-MITIGATED" does not fire
    And rule "PILOT-AWARENESS" does not fire
    And rule "PILOT-KICKOFF" does not fire
    And the gate "pilot-limited" is GO
    And the gate "pilot-expanded" is GO
    And a manual check asks about "PIL-2"
    And a manual check asks about "PIL-3"
    And a manual check asks about "PIL-8"

  Scenario: The rollout starts with the expanded pilot
    Given the plan has no "phases[pilot-limited]"
    And "communications[pilot-limited-pre1].audience" is [pilot-expanded]
    And "communications[pilot-limited-pre2].audience" is [pilot-expanded]
    And "communications[pilot-limited-enroll].audience" is [pilot-expanded]
    And "communications[pilot-limited-post].audience" is [pilot-expanded]
    And "support.helpdesk_trainings[0].phases" is [pilot-expanded]
    And the plan has no "support.hypercare[0]"
    And "training.sessions[1].audience" is [pilot-expanded]
    When the plan is checked
    Then rule "PILOT-FIRST-PHASE" fires on gate "pilot-expanded" about "phases"
    And the gate "pilot-expanded" is GO-WITH-RISKS

  Scenario: An initial pilot that holds a fifth of the organization
    Given the plan has:
      """
      phases:
        - id: pilot-limited
          cohorts:
            - {group: it, users: 250, enrollment: self-service}
            - {group: sales-marketing, users: 400, enrollment: self-service}
      """
    When the plan is checked
    Then rule "PILOT-SMALL" fires on gate "pilot-limited" about "phases[pilot-limited]"
    And the gate "pilot-limited" is GO-WITH-RISKS

  Scenario: A larger organization may allow a larger share
    Given the plan has:
      """
      phases:
        - id: pilot-limited
          cohorts:
            - {group: it, users: 250, enrollment: self-service}
            - {group: sales-marketing, users: 400, enrollment: self-service}
      """
    When the plan is checked with pilot_max_user_share set to 0.25
    Then rule "PILOT-SMALL" does not fire

  Scenario: The pilot users hear of their pilot only on the day it starts
    Given the plan has no "communications[pilot-limited-pre1]"
    And the plan has no "communications[pilot-limited-pre2]"
    When the plan is checked
    Then rule "PILOT-TOLD-FIRST" fires on gate "pilot-limited" about "phases[pilot-limited]"

  Scenario: A kickoff that lists every phase is no message to the pilot in particular
    Given the plan has no "communications[pilot-limited-pre1]"
    And the plan has no "communications[pilot-limited-pre2]"
    And "communications[kickoff].audience" is [pilot-limited, pilot-expanded, prod-1, prod-2, prod-3]
    When the plan is checked
    Then rule "PILOT-TOLD-FIRST" fires on gate "pilot-limited" about "phases[pilot-limited]"
    And rule "COMMS-KICKOFF-BEFORE-START" does not fire

  Scenario: A message to the pilot's group counts as a message to the pilot
    Given "communications[pilot-expanded-pre1].audience" is [it-managers]
    And "communications[pilot-expanded-pre2].audience" is [it-managers]
    When the plan is checked
    Then rule "PILOT-TOLD-FIRST" does not fire

  Scenario: The expanded pilot gets no feedback survey
    Given the plan has no "communications[pilot-expanded-post].feedback_survey"
    When the plan is checked
    Then rule "PILOT-FEEDBACK-CHANNEL" fires on gate "pilot-expanded" about "phases[pilot-expanded]"
    And the gate "pilot-expanded" is GO-WITH-RISKS

  Scenario: Pilot communications cannot be assessed without a communication plan
    Given "communications" is []
    When the plan is checked
    Then rule "PILOT-FEEDBACK-CHANNEL" cannot assess
    And rule "PILOT-TOLD-FIRST" cannot assess
    And rule "PILOT-AWARENESS" cannot assess
    And rule "PILOT-KICKOFF" cannot assess

  Scenario: A pilot that does not test the technical implementation
    Given "phases[pilot-expanded].tests" is [communication, training, support]
    When the plan is checked
    Then rule "PILOT-TEST-PLAN" fires on gate "pilot-expanded" about "phases[pilot-expanded]"
    And rule "PILOT-TESTS-BEYOND-TECHNOLOGY" does not fire
    And the gate "pilot-expanded" is GO-WITH-RISKS

  Scenario: A pilot that tests only the technology
    Given "phases[pilot-limited].tests" is [technical]
    When the plan is checked
    Then rule "PILOT-TESTS-BEYOND-TECHNOLOGY" fires on gate "pilot-limited" about "phases[pilot-limited]"
    And rule "PILOT-TEST-PLAN" does not fire
    And the gate "pilot-limited" is GO-WITH-RISKS

  Scenario: Production phases need not list pilot tests
    Given "phases[prod-1].tests" is [technical]
    When the plan is checked
    Then rule "PILOT-TESTS-BEYOND-TECHNOLOGY" does not fire

  Scenario: No risks identified
    Given "risks" is []
    When the plan is checked
    Then rule "PILOT-RISKS-IDENTIFIED" fires on gate "pilot-limited" about "risks"
    And rule "PILOT-RISK-MITIGATED" does not fire
    And the gate "pilot-limited" is GO-WITH-RISKS

  Scenario: A risk without a mitigation
    Given the plan has:
      """
      risks:
        - {id: R2, description: Users on old Android versions cannot enrol, phase: prod-1}
      """
    When the plan is checked
    Then rule "PILOT-RISK-MITIGATED" fires on gate "pilot-limited" about "risks[R2]"
    And rule "PILOT-RISKS-IDENTIFIED" does not fire

  Scenario: Pilot messages that never say why or when
    Given "communications[kickoff].content" is [what]
    And "communications[pilot-limited-pre1].content" is [resources]
    And "communications[pilot-limited-pre2].content" is [resources]
    When the plan is checked
    Then rule "PILOT-AWARENESS" fires on gate "pilot-limited" about "phases[pilot-limited]"
    And the gate "pilot-limited" is GO-WITH-RISKS

  Scenario: Topics written in Swedish count
    Given "communications[kickoff].content" is [vad, varför, vem, när]
    And "communications[pilot-limited-pre1].content" is [var får jag hjälp]
    When the plan is checked
    Then rule "PILOT-AWARENESS" does not fire

  Scenario: A Swedish timeline says when
    Given "communications[kickoff].content" is [vad, varför, vilka]
    And "communications[pilot-limited-pre1].content" is [resurser, tidsplan]
    And "communications[pilot-limited-pre2].content" is [resurser]
    When the plan is checked
    Then rule "PILOT-AWARENESS" does not fire
    And rule "TEAM-PILOT-TIMELINE-COMMUNICATED" does not fire

  Scenario: A kickoff only for production users leaves the pilot without one
    Given "communications[kickoff].audience" is [prod-1]
    When the plan is checked
    Then rule "PILOT-KICKOFF" fires on gate "pilot-limited" about "phases[pilot-limited]"

  Scenario: A kickoff of the pilot's own counts as the pilot kickoff
    Given "communications[kickoff].audience" is [pilot-limited]
    When the plan is checked
    Then rule "PILOT-KICKOFF" does not fire
    And rule "COMMS-KICKOFF-BEFORE-START" fires on gate "pilot-limited"
