Feature: From pilot to enterprise rollout
  Production starts after a pilot has ended (ROL-1), proceeds in phases cut
  by department, geography or platform (ROL-2), none of them a big bang
  (ROL-3); progress is reported (ROL-4) and no group is in two phases at once
  (ROL-5).

  Background:
    Given the example plan

  Scenario: The example rolls out in phases after its pilot
    When the plan is checked
    Then rule "ROLLOUT-PILOT-BEFORE-PRODUCTION" does not fire
    And rule "ROLLOUT-AFTER-PILOT" does not fire
    And rule "ROLLOUT-PHASED" does not fire
    And rule "ROLLOUT-STRATEGY" does not fire
    And rule "ROLLOUT-WAVE-SIZE" does not fire
    And rule "ROLLOUT-PROGRESS-REPORTING" does not fire
    And rule "ROLLOUT-GROUP-OVERLAP" does not fire
    And a manual check asks about "ROL-4"

  Scenario: IT's phases are production phases: the plan has no pilot
    Given "phases[pilot-limited].kind" is production
    And "phases[pilot-expanded].kind" is production
    When the plan is checked
    Then rule "ROLLOUT-PILOT-BEFORE-PRODUCTION" fires on gate "pilot-limited" about "phases"
    And rule "PILOT-FIRST-PHASE" does not fire
    And the gate "pilot-limited" is NO-GO

  Scenario: The first production phase starts while the expanded pilot still runs
    Given "phases[prod-1].start" is 2027-08-02
    When the plan is checked
    Then rule "ROLLOUT-AFTER-PILOT" fires on gate "prod-1" about "phases[prod-1]"
    And the gate "prod-1" is NO-GO

  Scenario: Starting the day after the pilot ends leaves no day to evaluate it
    Given "phases[prod-1].start" is 2027-08-07
    When the plan is checked with pilot_review_days set to 5
    Then rule "ROLLOUT-AFTER-PILOT" fires on gate "prod-1" about "phases[prod-1]"

  Scenario: The day after the pilot ends is after the pilot
    Given "phases[prod-1].start" is 2027-08-07
    When the plan is checked
    Then rule "ROLLOUT-AFTER-PILOT" does not fire

  Scenario: The whole production rollout in one phase
    Given the plan has:
      """
      phases:
        - id: prod-1
          end: 2027-10-29
          cohorts:
            - {group: sales-marketing, users: 2000, enrollment: self-service}
            - {group: retail, users: 1000, enrollment: self-service}
            - {group: hr, users: 50, enrollment: self-service}
            - {group: finance, users: 40, enrollment: self-service}
            - {group: executives, users: 30, enrollment: assisted}
      communications:
        - {id: prod-2-pre1, audience: [prod-1]}
        - {id: prod-2-pre2, audience: [prod-1]}
        - {id: prod-2-enroll, audience: [prod-1]}
        - {id: prod-2-post, audience: [prod-1]}
        - {id: prod-3-pre1, audience: [prod-1]}
        - {id: prod-3-pre2, audience: [prod-1]}
        - {id: prod-3-enroll, audience: [prod-1]}
        - {id: prod-3-post, audience: [prod-1]}
      support:
        hypercare:
          - {phase: pilot-limited, days: 10}
          - {phase: pilot-expanded, days: 10}
          - {phase: prod-1, days: 5}
        helpdesk_trainings:
          - {date: 2027-07-05, phases: [pilot-limited, pilot-expanded], topics: [policies, apps, troubleshooting]}
          - {date: 2027-08-09, phases: [prod-1], topics: [policies, apps, troubleshooting]}
      """
    And the plan has no "phases[prod-3]"
    And the plan has no "phases[prod-2]"
    When the plan is checked
    Then rule "ROLLOUT-PHASED" fires on gate "prod-1" about "phases"
    And rule "ROLLOUT-WAVE-SIZE" fires on gate "prod-1" about "phases[prod-1]"
    And the gate "prod-1" is NO-GO

  Scenario: A production phase that does not say how it is cut
    Given the plan has no "phases[prod-2].strategy"
    When the plan is checked
    Then rule "ROLLOUT-STRATEGY" fires on gate "prod-1" about "phases[prod-2]"

  Scenario: Two departments in one wave make it a big bang
    Given the plan has:
      """
      phases:
        - id: prod-1
          cohorts:
            - {group: sales-marketing, users: 2000, enrollment: self-service}
            - {group: hr, users: 50, enrollment: self-service}
            - {group: finance, users: 40, enrollment: self-service}
        - id: prod-3
          cohorts:
            - {group: executives, users: 30, enrollment: assisted}
      """
    When the plan is checked with wave_max_user_share set to 0.5
    Then rule "ROLLOUT-WAVE-SIZE" fires on gate "prod-1" about "phases[prod-1]"
    And the gate "prod-1" is NO-GO
    And the gate "prod-2" is GO

  Scenario: An expanded pilot that enrols most of the organization is a big bang too
    Given the plan has:
      """
      phases:
        - id: pilot-expanded
          cohorts:
            - {group: it, users: 200, enrollment: self-service}
            - {group: it-managers, users: 10, enrollment: assisted}
            - {group: sales-marketing, users: 2000, enrollment: self-service}
            - {group: hr, users: 50, enrollment: self-service}
      """
    When the plan is checked
    Then rule "ROLLOUT-WAVE-SIZE" fires on gate "pilot-expanded" about "phases[pilot-expanded]"

  Scenario: The guidance's own first wave, 59% of users, is within the default
    When the plan is checked
    Then rule "ROLLOUT-WAVE-SIZE" does not fire
    And the gate "prod-2" is GO

  Scenario: Three production phases on the same dates are one big bang
    Given "phases[prod-2].start" is 2027-08-16
    And "phases[prod-2].end" is 2027-08-31
    And "phases[prod-3].start" is 2027-08-16
    And "phases[prod-3].end" is 2027-08-31
    When the plan is checked
    Then rule "ROLLOUT-WAVE-SIZE" fires 3 times
    And rule "ROLLOUT-WAVE-SIZE" fires on gate "prod-1" about "phases[prod-1]"
    And rule "ROLLOUT-WAVE-SIZE" fires on gate "prod-3" about "phases[prod-3]"

  Scenario: A wave that starts as the one before it ends is staggered
    Given "phases[prod-2].start" is 2027-08-29
    When the plan is checked
    Then rule "ROLLOUT-WAVE-SIZE" does not fire

  Scenario: A long phase counts only the wave beside it on its busiest day
    # prod-1 runs through prod-2 and then prod-3, which follow each other:
    # at most 3,000 users (89%) enrol on one day, not 3,120 (92%).
    Given "phases[prod-1].end" is 2027-10-29
    When the plan is checked with wave_max_user_share set to 0.9
    Then rule "ROLLOUT-WAVE-SIZE" does not fire

  Scenario: Two short waves that hand over on one day beside a long one are not summed
    # prod-2 ends the day prod-3 starts; beside prod-1 at most 2,000 users
    # (59%) enrol on one day, not 2,720.
    Given the plan has:
      """
      phases:
        - id: prod-1
          start: 2027-08-16
          end: 2027-09-30
          cohorts:
            - {group: sales-marketing, users: 1000, enrollment: self-service}
        - id: prod-2
          start: 2027-08-16
          end: 2027-08-31
          cohorts:
            - {group: retail, users: 600, enrollment: self-service}
            - {group: hr, users: 50, enrollment: self-service}
            - {group: finance, users: 40, enrollment: self-service}
            - {group: executives, users: 30, enrollment: assisted}
        - id: prod-3
          start: 2027-08-31
          end: 2027-09-14
          cohorts:
            - {group: sales-marketing, users: 1000, enrollment: self-service}
      """
    When the plan is checked
    Then rule "ROLLOUT-WAVE-SIZE" does not fire

  Scenario: No reporting method for progress against the goals
    Given the plan has no "governance.reporting"
    When the plan is checked
    Then rule "ROLLOUT-PROGRESS-REPORTING" fires on gate "pilot-limited" about "governance.reporting"
    And the gate "pilot-limited" is GO-WITH-RISKS

  Scenario: The expanded pilot starts while IT is still enrolling in the limited pilot
    Given "phases[pilot-expanded].start" is 2027-07-19
    And "communications[pilot-expanded-enroll].date" is 2027-07-19
    When the plan is checked
    Then rule "ROLLOUT-GROUP-OVERLAP" fires on gate "pilot-expanded" about "phases[pilot-expanded].cohorts[0]"
    And the gate "pilot-expanded" is GO-WITH-RISKS

  Scenario: Phases of different groups may run side by side
    Given "phases[prod-3].start" is 2027-09-20
    When the plan is checked
    Then rule "ROLLOUT-GROUP-OVERLAP" does not fire
