Feature: Target groups and timeframes
  The rollout plan gives every target group a timeframe (GRP-1), chosen with
  the group's willingness to change, size, platforms, location and business
  risk in mind (GRP-2).

  Background:
    Given the example plan

  Scenario: Every group of the example enrols in a phase and records its factors
    When the plan is checked
    Then rule "GROUPS-IN-A-PHASE" does not fire
    And rule "GROUPS-TIMEFRAME-FACTORS" does not fire
    And no finding cites "GRP-1"
    And a manual check asks about "GRP-2"

  Scenario: A group the plan never schedules
    Given the plan has:
      """
      groups:
        - {id: contractors, name: Contractors, department: Various, location: Stockholm, users: 120,
           devices: 120, platforms: [windows], change_readiness: medium, business_risk: medium}
      """
    When the plan is checked
    Then rule "GROUPS-IN-A-PHASE" fires on gate "pilot-limited" about "groups[contractors]"
    And rule "GROUPS-TIMEFRAME-FACTORS" does not fire
    And the gate "pilot-limited" is NO-GO
    And the gate "prod-3" is NO-GO

  Scenario: The same group, scheduled
    Given the plan has:
      """
      groups:
        - {id: contractors, name: Contractors, department: Various, location: Stockholm, users: 120,
           devices: 120, platforms: [windows], change_readiness: medium, business_risk: medium}
      phases:
        - id: prod-3
          cohorts:
            - {group: hr, users: 50, enrollment: self-service}
            - {group: finance, users: 40, enrollment: self-service}
            - {group: executives, users: 30, enrollment: assisted}
            - {group: contractors, users: 120, enrollment: self-service}
      communications:
        - {id: prod-3-enroll, audience: [prod-3]}
      """
    When the plan is checked
    Then rule "GROUPS-IN-A-PHASE" does not fire

  Scenario: A group whose willingness to change and business risk were never weighed
    Given the plan has no "groups[retail].change_readiness"
    And the plan has no "groups[retail].business_risk"
    When the plan is checked
    Then rule "GROUPS-TIMEFRAME-FACTORS" fires on gate "prod-2" about "groups[retail]"
    And the gate "prod-2" is GO-WITH-RISKS
    And the gate "prod-1" is NO-GO

  Scenario: A group with no platforms listed is weighed on its first phase
    Given "groups[it].platforms" is []
    When the plan is checked
    Then rule "GROUPS-TIMEFRAME-FACTORS" fires on gate "pilot-limited" about "groups[it]"

  Scenario: No requirements may truthfully mean none
    Given "groups[retail].requirements" is []
    When the plan is checked
    Then rule "GROUPS-TIMEFRAME-FACTORS" does not fire

  Scenario: A group only partly scheduled
    Given "phases[prod-1].cohorts[0].users" is 300
    When the plan is checked
    Then rule "GROUPS-ALL-USERS-SCHEDULED" fires on gate "pilot-limited" about "groups[sales-marketing]"
    And rule "GROUPS-IN-A-PHASE" does not fire
    And the gate "pilot-limited" is GO-WITH-RISKS

  Scenario: A group enrolled in parts over two phases, the second the rest of it
    Given "phases[prod-1].cohorts[0].users" is 300
    And the plan has:
      """
      phases:
        - id: prod-2
          cohorts:
            - {group: retail, users: 1000, enrollment: self-service}
            - {group: sales-marketing, users: 1700, enrollment: self-service}
      """
    When the plan is checked
    Then rule "GROUPS-ALL-USERS-SCHEDULED" does not fire

  Scenario: Every group of the example is scheduled in full
    When the plan is checked
    Then rule "GROUPS-ALL-USERS-SCHEDULED" does not fire
    And rule "GROUPS-ENROLLED-ONCE" does not fire

  # GRP-1: a user enrols once; the phases of a group enrol no more than it has.
  Scenario: A pilot cohort, then the whole group again in production
    Given the plan has:
      """
      phases:
        - id: pilot-expanded
          cohorts:
            - {group: it, users: 200, enrollment: self-service}
            - {group: it-managers, users: 10, enrollment: assisted}
            - {group: sales-marketing, users: 60, enrollment: self-service}
        - id: prod-1
          cohorts:
            - {group: sales-marketing, enrollment: self-service}
      """
    When the plan is checked
    Then rule "GROUPS-ENROLLED-ONCE" fires on gate "pilot-limited" about "groups[sales-marketing]"
    And rule "GROUPS-ENROLLED-ONCE" fires once

  Scenario: The production cohort enrols the rest after the pilot's
    Given the plan has:
      """
      phases:
        - id: pilot-expanded
          cohorts:
            - {group: it, users: 200, enrollment: self-service}
            - {group: it-managers, users: 10, enrollment: assisted}
            - {group: sales-marketing, users: 60, enrollment: self-service}
        - id: prod-1
          cohorts:
            - {group: sales-marketing, users: 1940, enrollment: self-service}
      """
    When the plan is checked
    Then rule "GROUPS-ENROLLED-ONCE" does not fire
    And rule "GROUPS-ALL-USERS-SCHEDULED" does not fire

