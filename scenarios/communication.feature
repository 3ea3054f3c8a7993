Feature: Communication waves
  A kickoff reaches everyone before the rollout (COM-2), and every group gets
  its enrollment message with somewhere to turn for help (COM-4).

  Background:
    Given the example plan

  Scenario: The plan has no kickoff
    Given the plan has no "communications[kickoff]"
    When the plan is checked
    Then rule "COMMS-KICKOFF-BEFORE-START" fires on gate "pilot-limited" about "communications"
    And the gate "pilot-limited" is NO-GO

  Scenario: The kickoff comes after the pilot started
    Given "communications[kickoff].date" is 2027-07-14
    When the plan is checked
    Then rule "COMMS-KICKOFF-BEFORE-START" fires on gate "pilot-limited"

  Scenario: A kickoff for IT only is no kickoff for everyone
    Given "communications[kickoff].audience" is [it]
    When the plan is checked
    Then rule "COMMS-KICKOFF-BEFORE-START" fires on gate "pilot-limited"

  Scenario: The example's waves reach every group in time
    When the plan is checked
    Then rule "COMMS-KICKOFF-BEFORE-START" does not fire
    And rule "COMMS-ENROLLMENT-WAVE" does not fire

  Scenario: A wave without its enrollment mail
    Given the plan has no "communications[prod-2-enroll]"
    When the plan is checked
    Then rule "COMMS-ENROLLMENT-WAVE" fires on gate "prod-2" about "phases[prod-2].cohorts[0]"
    And the gate "prod-2" is NO-GO

  Scenario: An enrollment mail with no help contact
    Given the plan has no "communications[prod-1-enroll].help_contact"
    When the plan is checked
    Then rule "COMMS-ENROLLMENT-WAVE" fires on gate "prod-1" about "phases[prod-1].cohorts[0]"

  Scenario: An enrollment mail that arrives after the start
    Given "communications[prod-3-enroll].date" is 2027-10-12
    When the plan is checked
    Then rule "COMMS-ENROLLMENT-WAVE" fires on gate "prod-3" about "phases[prod-3].cohorts[2]"

  Scenario: A group addressed directly rather than through its phase
    Given "communications[prod-2-enroll].audience" is [retail]
    When the plan is checked
    Then rule "COMMS-ENROLLMENT-WAVE" does not fire

  Scenario: No communication plan at all cannot be assessed
    Given "communications" is []
    When the plan is checked
    Then rule "COMMS-ENROLLMENT-WAVE" cannot assess
    And rule "COMMS-KICKOFF-BEFORE-START" cannot assess
    And the gate "pilot-limited" is NO-GO
