Feature: Helpdesk readiness
  Support readiness is in scope (SUP-1) and the helpdesk is trained before
  each wave of new users arrives (SUP-2).

  Background:
    Given the example plan

  Scenario: No helpdesk training at all
    Given the plan has:
      """
      support:
        helpdesk_trainings: []
      """
    When the plan is checked
    Then rule "SUPPORT-HELPDESK-TRAINING" fires on gate "pilot-limited" about "support.helpdesk_trainings"
    And the gate "pilot-limited" is NO-GO
    And the gate "prod-3" is NO-GO

  Scenario: The example trains the helpdesk before every phase
    When the plan is checked
    Then rule "SUPPORT-HELPDESK-TRAINING" does not fire
    And rule "SUPPORT-TRAINED-BEFORE-PHASE" does not fire

  Scenario: The production training comes after the first wave started
    Given "support.helpdesk_trainings[1].date" is 2027-08-20
    When the plan is checked
    Then rule "SUPPORT-TRAINED-BEFORE-PHASE" fires on gate "prod-1" about "phases[prod-1]"
    And the gate "prod-1" is NO-GO
    And the gate "prod-2" is GO

  Scenario: A phase no training covers
    Given "support.helpdesk_trainings[1].phases" is [prod-1, prod-2]
    When the plan is checked
    Then rule "SUPPORT-TRAINED-BEFORE-PHASE" fires on gate "prod-3"

  Scenario: A training on the morning of the start is too late
    Given "support.helpdesk_trainings[0].date" is 2027-07-12
    When the plan is checked
    Then rule "SUPPORT-TRAINED-BEFORE-PHASE" fires on gate "pilot-limited"
