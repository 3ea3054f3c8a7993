Feature: Success criteria
  Goals are measured by SMART success criteria defined before the pilot
  (SC-1, SC-2), and the pilot's exit criteria decide the broad rollout (SC-5).

  Background:
    Given the example plan

  Scenario: No success criteria
    Given the plan has:
      """
      success_criteria: []
      phases:
        - {id: pilot-limited, exit_criteria: []}
        - {id: pilot-expanded, exit_criteria: []}
        - {id: prod-1, exit_criteria: []}
        - {id: prod-2, exit_criteria: []}
        - {id: prod-3, exit_criteria: []}
      """
    When the plan is checked
    Then rule "CRITERIA-DEFINED" fires on gate "pilot-limited" about "success_criteria"
    And the gate "pilot-limited" is NO-GO

  Scenario: Every goal of the example is measured
    When the plan is checked
    Then rule "CRITERIA-DEFINED" does not fire
    And rule "CRITERIA-PER-GOAL" does not fire
    And rule "CRITERIA-SMART" does not fire
    And rule "CRITERIA-MEASURABLE" does not fire

  Scenario: A goal no criterion measures
    Given the plan has:
      """
      goals:
        - {id: G5, title: Fewer devices per user, description: Consolidate devices, business_value: Lower cost}
      """
    When the plan is checked
    Then rule "CRITERIA-PER-GOAL" fires on gate "pilot-limited" about "goals[G5]"
    And the gate "pilot-limited" is GO-WITH-RISKS

  Scenario: A criterion without a target
    Given the plan has no "success_criteria[SC1].target"
    When the plan is checked
    Then rule "CRITERIA-SMART" fires on gate "pilot-limited" about "success_criteria[SC1]"

  Scenario: A criterion that is not time-bound
    Given the plan has no "success_criteria[SC3].due"
    When the plan is checked
    Then rule "CRITERIA-SMART" fires on gate "pilot-limited" about "success_criteria[SC3]"

  Scenario: No criterion is measurable
    Given the plan has no "success_criteria[SC1].target"
    And the plan has no "success_criteria[SC2].target"
    And the plan has no "success_criteria[SC3].target"
    When the plan is checked
    Then rule "CRITERIA-MEASURABLE" fires on gate "pilot-limited"
    And the gate "pilot-limited" is NO-GO

  Scenario: Before the pilot ends its results are pending
    When the plan is checked
    Then rule "PILOT-EXIT-CRITERIA-PENDING" fires on gate "prod-1" about "phases[pilot-limited].exit_criteria[SC1]"
    And rule "PILOT-EXIT-CRITERIA-MET" does not fire

  Scenario: Pilot results under target keep the production rollout closed
    Given the plan has:
      """
      results:
        measurements:
          - {criterion: SC1, value: 0.72, measured_on: 2027-08-06}
          - {criterion: SC2, value: 4.4, measured_on: 2027-08-06}
          - {criterion: SC3, value: 0.1, measured_on: 2027-08-06}
        assessments:
          - {criterion: SC4, met: true, evidence: Feedback sessions}
        completed_phases: [pilot-limited, pilot-expanded]
      """
    When the plan is checked as of 2027-08-10
    Then rule "PILOT-EXIT-CRITERIA-MET" fires on gate "prod-1" about "phases[pilot-expanded].exit_criteria[SC1]"
    And rule "PILOT-EXIT-CRITERIA-PENDING" does not fire
    And the gate "prod-1" is NO-GO

  Scenario: A pilot that met its targets, across the organization
    Given the plan has:
      """
      phases:
        - id: pilot-expanded
          cohorts:
            - {group: it, users: 20, enrollment: self-service}
            - {group: it-managers, users: 10, enrollment: assisted}
            - {group: sales-marketing, users: 60, enrollment: self-service}
            - {group: retail, users: 40, enrollment: self-service}
        - id: prod-3
          cohorts:
            - {group: hr, users: 50, enrollment: self-service}
            - {group: finance, users: 40, enrollment: self-service}
            - {group: executives, users: 30, enrollment: assisted}
            - {group: it, users: 180, enrollment: self-service}   # the rest of IT
      results:
        measurements:
          - {criterion: SC1, value: 0.94, measured_on: 2027-08-06}
          - {criterion: SC2, value: 4.4, measured_on: 2027-08-06}
          - {criterion: SC3, value: 0.1, measured_on: 2027-08-06}
        assessments:
          - {criterion: SC4, met: true, evidence: Feedback sessions}
        completed_phases: [pilot-limited, pilot-expanded]
      """
    And "phases[prod-1].cohorts[0].users" is 1940   # the rest after the pilot's
    And "phases[prod-2].cohorts[0].users" is 960
    When the plan is checked as of 2027-08-10
    Then rule "PILOT-EXIT-CRITERIA-MET" does not fire
    And rule "PILOT-EXIT-CRITERIA-PENDING" does not fire
    And rule "CRITERIA-BOTH-KINDS" does not fire
    And the gate "prod-1" is GO

  Scenario: The limited pilot's results do not stand in for the expanded pilot's
    Given the plan has:
      """
      results:
        measurements:
          - {criterion: SC1, value: 0.94, measured_on: 2027-07-23}
          - {criterion: SC3, value: 0.1, measured_on: 2027-07-23}
          - {criterion: SC2, value: 4.4, measured_on: 2027-08-06}
        assessments:
          - {criterion: SC4, met: true, evidence: Feedback sessions}
        completed_phases: [pilot-limited, pilot-expanded]
      """
    When the plan is checked as of 2027-08-10
    Then rule "PILOT-EXIT-CRITERIA-MET" fires 2 times
    And rule "PILOT-EXIT-CRITERIA-MET" fires on gate "prod-1" about "phases[pilot-expanded].exit_criteria[SC1]"
    And rule "PILOT-EXIT-CRITERIA-MET" fires on gate "prod-1" about "phases[pilot-expanded].exit_criteria[SC3]"
    And the gate "prod-1" is NO-GO

  Scenario: A result that no target can judge does not open the gate
    Given the plan has no "success_criteria[SC1].target"
    And the plan has:
      """
      phases:
        - id: pilot-expanded
          cohorts:
            - {group: it, users: 20, enrollment: self-service}
            - {group: it-managers, users: 10, enrollment: assisted}
            - {group: sales-marketing, users: 60, enrollment: self-service}
            - {group: retail, users: 40, enrollment: self-service}
      results:
        measurements:
          - {criterion: SC1, value: 0.0, measured_on: 2027-08-06}
          - {criterion: SC2, value: 4.4, measured_on: 2027-08-06}
          - {criterion: SC3, value: 0.1, measured_on: 2027-08-06}
        assessments:
          - {criterion: SC4, met: true, evidence: Feedback sessions}
        completed_phases: [pilot-limited, pilot-expanded]
      """
    When the plan is checked as of 2027-08-10
    Then rule "PILOT-EXIT-CRITERIA-MET" fires on gate "prod-1" about "phases[pilot-expanded].exit_criteria[SC1]"
    And the gate "prod-1" is NO-GO

  Scenario: A result dated after the assessment date was not known yet
    Given the plan has:
      """
      results:
        measurements:
          - {criterion: SC1, value: 0.94, measured_on: 2027-08-06}
          - {criterion: SC3, value: 0.1, measured_on: 2027-08-06}
      """
    When the plan is checked as of 2027-08-02
    Then rule "PILOT-EXIT-CRITERIA-MET" fires 2 times
    And rule "PILOT-EXIT-CRITERIA-MET" fires on gate "prod-1" about "phases[pilot-limited].exit_criteria[SC1]"
    And rule "PILOT-EXIT-CRITERIA-MET" fires on gate "prod-1" about "phases[pilot-limited].exit_criteria[SC3]"

  Scenario: The pilot ended and nothing was measured
    When the plan is checked as of 2027-08-10
    Then rule "PILOT-EXIT-CRITERIA-MET" fires on gate "prod-1" about "phases[pilot-limited].exit_criteria[SC3]"

  Scenario: A production measurement is not the pilots' result
    Given the plan has:
      """
      phases:
        - id: pilot-expanded
          cohorts:
            - {group: it, users: 20, enrollment: self-service}
            - {group: it-managers, users: 10, enrollment: assisted}
            - {group: sales-marketing, users: 60, enrollment: self-service}
            - {group: retail, users: 40, enrollment: self-service}
        - id: prod-3
          cohorts:
            - {group: hr, users: 50, enrollment: self-service}
            - {group: finance, users: 40, enrollment: self-service}
            - {group: executives, users: 30, enrollment: assisted}
            - {group: it, users: 180, enrollment: self-service}   # the rest of IT
      results:
        measurements:
          - {criterion: SC1, value: 0.94, measured_on: 2027-08-06}
          - {criterion: SC2, value: 4.4, measured_on: 2027-08-06}
          - {criterion: SC3, value: 0.1, measured_on: 2027-08-06}
          - {criterion: SC1, value: 0.45, measured_on: 2027-08-31}
          - {criterion: SC3, value: 0.6, measured_on: 2027-08-31}
        assessments:
          - {criterion: SC4, met: true, evidence: Feedback sessions}
        completed_phases: [pilot-limited, pilot-expanded, prod-1]
      """
    And "phases[prod-1].cohorts[0].users" is 1940   # the rest after the pilot's
    And "phases[prod-2].cohorts[0].users" is 960
    When the plan is checked as of 2027-09-06
    Then rule "PILOT-EXIT-CRITERIA-MET" does not fire
    And rule "PHASE-EXIT-CRITERIA-MET" fires 2 times
    And rule "PHASE-EXIT-CRITERIA-MET" fires on gate "prod-2" about "phases[prod-1].exit_criteria[SC1]"
    And rule "PHASE-EXIT-CRITERIA-MET" fires on gate "prod-2" about "phases[prod-1].exit_criteria[SC3]"
    And the gate "prod-1" is GO
    And the gate "prod-2" is NO-GO

  Scenario: A production phase that met its targets opens the next
    Given the plan has:
      """
      results:
        measurements:
          - {criterion: SC1, value: 0.93, measured_on: 2027-08-31}
          - {criterion: SC3, value: 0.1, measured_on: 2027-08-31}
        completed_phases: [pilot-limited, pilot-expanded, prod-1]
      """
    When the plan is checked as of 2027-09-06
    Then rule "PHASE-EXIT-CRITERIA-MET" does not fire

  Scenario: A production phase that ended unmeasured keeps the next one closed
    When the plan is checked as of 2027-09-06
    Then rule "PHASE-EXIT-CRITERIA-MET" fires 2 times
    And rule "PHASE-EXIT-CRITERIA-MET" fires on gate "prod-2" about "phases[prod-1].exit_criteria[SC3]"

  Scenario: A running production phase's results are not due yet
    When the plan is checked as of 2027-08-20
    Then rule "PHASE-EXIT-CRITERIA-MET" does not fire
    And rule "PHASE-EXIT-CRITERIA-PENDING" fires on gate "prod-2" about "phases[prod-1].exit_criteria[SC1]"
    And rule "PHASE-EXIT-CRITERIA-PENDING" fires on gate "prod-3" about "phases[prod-2].exit_criteria[SC3]"
    And rule "PHASE-EXIT-CRITERIA-PENDING" fires 4 times
    And the gate "prod-2" is GO

  Scenario: A production result recorded, or a phase ended, is no longer pending
    Given the plan has:
      """
      results:
        measurements:
          - {criterion: SC1, value: 0.93, measured_on: 2027-08-20}
      """
    When the plan is checked as of 2027-08-20
    Then rule "PHASE-EXIT-CRITERIA-PENDING" fires 3 times
    And rule "PHASE-EXIT-CRITERIA-PENDING" fires on gate "prod-2" about "phases[prod-1].exit_criteria[SC3]"
    When the plan is checked as of 2027-09-06
    Then rule "PHASE-EXIT-CRITERIA-PENDING" fires 2 times
    And rule "PHASE-EXIT-CRITERIA-PENDING" fires on gate "prod-3" about "phases[prod-2].exit_criteria[SC1]"
    And rule "PHASE-EXIT-CRITERIA-MET" fires on gate "prod-2" about "phases[prod-1].exit_criteria[SC3]"
    When the plan is checked as of 2027-11-01
    Then rule "PHASE-EXIT-CRITERIA-PENDING" does not fire

  Scenario: Overlapping waves leave nothing pending between them
    Given "phases[prod-2].start" is 2027-08-30
    When the plan is checked as of 2027-08-20
    Then rule "PHASE-EXIT-CRITERIA-PENDING" fires 2 times
    And rule "PHASE-EXIT-CRITERIA-PENDING" fires on gate "prod-3" about "phases[prod-2].exit_criteria[SC1]"

  Scenario: A measurement taken once the next phase started does not count for the one before
    Given the plan has:
      """
      results:
        measurements:
          - {criterion: SC1, value: 0.93, measured_on: 2027-09-14}
          - {criterion: SC3, value: 0.1, measured_on: 2027-09-14}
      """
    When the plan is checked as of 2027-09-20
    Then rule "PHASE-EXIT-CRITERIA-MET" fires 2 times
    And rule "PHASE-EXIT-CRITERIA-MET" fires on gate "prod-2" about "phases[prod-1].exit_criteria[SC1]"

  Scenario: Overlapping waves do not decide each other
    Given "phases[prod-2].start" is 2027-08-30
    When the plan is checked as of 2027-11-06
    Then rule "PHASE-EXIT-CRITERIA-MET" fires 2 times
    And rule "PHASE-EXIT-CRITERIA-MET" fires on gate "prod-3" about "phases[prod-2].exit_criteria[SC1]"
    And rule "PHASE-EXIT-CRITERIA-MET" fires on gate "prod-3" about "phases[prod-2].exit_criteria[SC3]"

  Scenario: A dated production assessment does not re-close the pilots' gate
    Given "phases[prod-1].exit_criteria" is [SC1, SC3, SC4]
    And the plan has:
      """
      phases:
        - id: pilot-expanded
          cohorts:
            - {group: it, users: 20, enrollment: self-service}
            - {group: it-managers, users: 10, enrollment: assisted}
            - {group: sales-marketing, users: 60, enrollment: self-service}
            - {group: retail, users: 40, enrollment: self-service}
      results:
        measurements:
          - {criterion: SC1, value: 0.94, measured_on: 2027-08-06}
          - {criterion: SC2, value: 4.4, measured_on: 2027-08-06}
          - {criterion: SC3, value: 0.1, measured_on: 2027-08-06}
          - {criterion: SC1, value: 0.93, measured_on: 2027-08-31}
          - {criterion: SC3, value: 0.1, measured_on: 2027-08-31}
        assessments:
          - {criterion: SC4, met: true, evidence: Pilot feedback sessions, assessed_on: 2027-08-06}
          - {criterion: SC4, met: false, evidence: prod-1 feedback sessions, assessed_on: 2027-08-31}
        completed_phases: [pilot-limited, pilot-expanded, prod-1]
      """
    When the plan is checked as of 2027-09-06
    Then rule "PILOT-EXIT-CRITERIA-MET" does not fire
    And rule "PHASE-EXIT-CRITERIA-MET" fires once
    And rule "PHASE-EXIT-CRITERIA-MET" fires on gate "prod-2" about "phases[prod-1].exit_criteria[SC4]"

  Scenario: A wave measured on its last day, the day the next one starts
    Given "phases[prod-1].end" is 2027-09-13
    And the plan has:
      """
      results:
        measurements:
          - {criterion: SC1, value: 0.45, measured_on: 2027-09-13}
          - {criterion: SC3, value: 0.1, measured_on: 2027-09-13}
        completed_phases: [pilot-limited, pilot-expanded, prod-1]
      """
    When the plan is checked as of 2027-09-13
    Then rule "PHASE-EXIT-CRITERIA-MET" fires once
    And rule "PHASE-EXIT-CRITERIA-MET" fires on gate "prod-2" about "phases[prod-1].exit_criteria[SC1]"

  Scenario: A pilot measured on its last day, the day production starts
    Given "phases[pilot-expanded].end" is 2027-08-16
    And the plan has:
      """
      phases:
        - id: pilot-expanded
          cohorts:
            - {group: it, users: 20, enrollment: self-service}
            - {group: it-managers, users: 10, enrollment: assisted}
            - {group: sales-marketing, users: 60, enrollment: self-service}
            - {group: retail, users: 40, enrollment: self-service}
      results:
        measurements:
          - {criterion: SC1, value: 0.94, measured_on: 2027-08-16}
          - {criterion: SC2, value: 4.4, measured_on: 2027-08-16}
          - {criterion: SC3, value: 0.1, measured_on: 2027-08-16}
        assessments:
          - {criterion: SC4, met: true, assessed_on: 2027-08-16}
        completed_phases: [pilot-limited, pilot-expanded]
      """
    When the plan is checked as of 2027-08-16
    Then rule "PILOT-EXIT-CRITERIA-MET" fires 2 times
    And rule "PILOT-EXIT-CRITERIA-MET" fires on gate "prod-1" about "phases[pilot-limited].exit_criteria[SC1]"
    And rule "PILOT-EXIT-CRITERIA-MET" fires on gate "prod-1" about "phases[pilot-limited].exit_criteria[SC3]"

  Scenario: Only quantitative criteria
    Given the plan has no "success_criteria[SC4]"
    And "phases[pilot-expanded].exit_criteria" is [SC1, SC2, SC3]
    When the plan is checked
    Then rule "CRITERIA-BOTH-KINDS" fires on gate "prod-1" about "success_criteria"
    And the gate "prod-1" is NO-GO

  Scenario: The example measures numbers and asks its users
    When the plan is checked
    Then rule "CRITERIA-BOTH-KINDS" does not fire

  Scenario: Every phase of the example has exit criteria that say how they are measured
    When the plan is checked
    Then rule "CRITERIA-PHASE-EXIT" does not fire
    And rule "CRITERIA-PILOT-MEASUREMENT" does not fire
    And rule "CRITERIA-USER-EXPERIENCE" does not fire
    And a manual check asks about "SC-2"

  Scenario: A production phase that measures nothing
    Given "phases[prod-2].exit_criteria" is []
    When the plan is checked
    Then rule "CRITERIA-PHASE-EXIT" fires on gate "prod-2" about "phases[prod-2]"
    And the gate "prod-2" is GO-WITH-RISKS
    And the gate "prod-3" is GO

  Scenario: A pilot without exit criteria is caught on its own gate
    Given "phases[pilot-limited].exit_criteria" is []
    When the plan is checked
    Then rule "CRITERIA-PHASE-EXIT" fires on gate "pilot-limited" about "phases[pilot-limited]"
    And rule "CRITERIA-PILOT-MEASUREMENT" does not fire

  Scenario: A qualitative pilot criterion that says nothing about how it is judged
    Given the plan has no "success_criteria[SC4].measured_by"
    When the plan is checked
    Then rule "CRITERIA-PILOT-MEASUREMENT" fires on gate "pilot-limited" about "phases[pilot-expanded]"
    And the gate "pilot-limited" is GO-WITH-RISKS

  Scenario: A pilot metric without a target
    Given the plan has no "success_criteria[SC3].target"
    When the plan is checked
    Then rule "CRITERIA-PILOT-MEASUREMENT" fires on gate "pilot-limited" about "phases[pilot-limited]"
    And rule "CRITERIA-PILOT-MEASUREMENT" fires on gate "pilot-limited" about "phases[pilot-expanded]"

  Scenario: An incomplete criterion no pilot uses does not weaken the pilot plan
    Given the plan has:
      """
      success_criteria:
        - {id: SC5, goal: G4, kind: quantitative, category: cost, metric: licence_cost_per_user,
           phase: prod-3}
      """
    When the plan is checked
    Then rule "CRITERIA-SMART" fires on gate "pilot-limited" about "success_criteria[SC5]"
    And rule "CRITERIA-PILOT-MEASUREMENT" does not fire

  Scenario: No criterion confirms the user experience
    Given "success_criteria[SC2].category" is adoption
    And "success_criteria[SC4].category" is other
    When the plan is checked
    Then rule "CRITERIA-USER-EXPERIENCE" fires on gate "pilot-limited" about "success_criteria"
    And the gate "pilot-limited" is GO-WITH-RISKS

  Scenario: Without success criteria the user experience cannot be assessed
    Given the plan has:
      """
      success_criteria: []
      phases:
        - {id: pilot-limited, exit_criteria: []}
        - {id: pilot-expanded, exit_criteria: []}
        - {id: prod-1, exit_criteria: []}
        - {id: prod-2, exit_criteria: []}
        - {id: prod-3, exit_criteria: []}
      """
    When the plan is checked
    Then rule "CRITERIA-USER-EXPERIENCE" cannot assess
