Feature: Operations
  The pilot exercises operations before the broad rollout (OPS-1), and someone
  owns documenting the lessons learned (OPS-2).

  Background:
    Given the example plan

  Scenario: The example verified operations in the pilot and owns its lessons
    When the plan is checked
    Then rule "OPS-PILOT-CHECKLIST" does not fire
    And rule "OPS-PILOT-CHECKLIST-PENDING" does not fire
    And rule "OPS-LESSONS-LEARNED-OWNER" does not fire
    And a manual check asks about "OPS-2"

  Scenario: Escalation and daily tasks not verified when the pilots have ended
    Given "operations.daily_tasks_verified" is false
    And the plan has no "operations.escalation_verified"
    When the plan is checked as of 2027-08-10
    Then rule "OPS-PILOT-CHECKLIST" fires on gate "prod-1" about "operations"
    And rule "OPS-PILOT-CHECKLIST-PENDING" does not fire
    And the gate "pilot-limited" is GO

  Scenario: While the pilots run, open operations items are still to be verified
    Given "operations.daily_tasks_verified" is false
    When the plan is checked as of 2027-07-20
    Then rule "OPS-PILOT-CHECKLIST-PENDING" fires on gate "prod-1" about "operations"
    And rule "OPS-PILOT-CHECKLIST" does not fire

  Scenario: Pilots listed as completed have ended, whatever the date
    Given "operations.daily_tasks_verified" is false
    And "results.completed_phases" is [pilot-limited, pilot-expanded]
    When the plan is checked as of 2027-08-01
    Then rule "OPS-PILOT-CHECKLIST" fires on gate "prod-1" about "operations"

  Scenario: Without an operations section the pilot's operations cannot be assessed
    Given the plan has no "operations"
    When the plan is checked
    Then rule "OPS-PILOT-CHECKLIST" cannot assess

  Scenario: No owner for lessons learned
    Given the plan has no "governance.lessons_learned_owner"
    When the plan is checked
    Then rule "OPS-LESSONS-LEARNED-OWNER" fires on gate "prod-1" about "governance.lessons_learned_owner"
    And the gate "pilot-expanded" is GO
