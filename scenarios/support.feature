Feature: Helpdesk readiness
  Support readiness is in scope (SUP-1) and the helpdesk is trained before
  each wave of new users arrives (SUP-2). Every platform has an enrollment
  guide (SUP-3), the helpdesk can report back to the design team (SUP-4),
  each pilot phase has hypercare (SUP-5), and users know where to find help
  themselves (SUP-6).

  Background:
    Given the example plan

  Scenario: No helpdesk training at all
    Given the plan has:
      """
      support:
        helpdesk_trainings: []
      """
    And the plan has no "training.sessions[0]"
    When the plan is checked
    Then rule "SUPPORT-HELPDESK-TRAINING" fires on gate "pilot-limited" about "support.helpdesk_trainings"
    And the gate "pilot-limited" is NO-GO
    And the gate "prod-3" is NO-GO

  Scenario: A training session for the helpdesk is helpdesk training, for no phase in particular
    Given the plan has:
      """
      support:
        helpdesk_trainings: []
      """
    When the plan is checked
    Then rule "SUPPORT-HELPDESK-TRAINING" does not fire
    And rule "SUPPORT-TRAINED-BEFORE-PHASE" fires 5 times

  Scenario: A training session for the helpdesk that names phases covers them
    Given the plan has:
      """
      support:
        helpdesk_trainings: []
      training:
        sessions:
          - {date: 2027-07-05, audience: [helpdesk, pilot-limited, pilot-expanded], method: instructor-led}
          - {date: 2027-08-09, audience: [helpdesk, prod-1, prod-2], method: instructor-led}
      """
    When the plan is checked
    Then rule "SUPPORT-TRAINED-BEFORE-PHASE" fires once
    And rule "SUPPORT-TRAINED-BEFORE-PHASE" fires on gate "prod-3" about "phases[prod-3]"

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

  Scenario: The example's support plan covers guides, escalation, hypercare and self-help
    When the plan is checked
    Then rule "SUPPORT-ENROLLMENT-GUIDES" does not fire
    And rule "SUPPORT-ESCALATION-TO-DESIGN" does not fire
    And rule "SUPPORT-PILOT-HYPERCARE" does not fire
    And rule "SUPPORT-SELF-HELP" does not fire
    And a manual check asks about "SUP-3"

  Scenario: The executives enrol Macs but there is no macOS guide
    Given "support.enrollment_guides" is [windows, ios, android]
    When the plan is checked
    Then rule "SUPPORT-ENROLLMENT-GUIDES" fires on gate "prod-3" about "phases[prod-3].cohorts[2]"
    And the gate "prod-3" is GO-WITH-RISKS
    And the gate "prod-2" is GO

  Scenario: No Android guide touches every wave with Android devices
    Given "support.enrollment_guides" is [windows, ios, macos]
    When the plan is checked
    Then rule "SUPPORT-ENROLLMENT-GUIDES" fires on gate "pilot-limited" about "phases[pilot-limited].cohorts[0]"
    And rule "SUPPORT-ENROLLMENT-GUIDES" fires on gate "prod-2" about "phases[prod-2].cohorts[0]"

  Scenario: Without a support plan the guides cannot be assessed
    Given the plan has no "support"
    When the plan is checked
    Then rule "SUPPORT-ENROLLMENT-GUIDES" cannot assess
    And rule "SUPPORT-PILOT-HYPERCARE" cannot assess
    And rule "SUPPORT-ESCALATION-TO-DESIGN" cannot assess

  Scenario: The helpdesk has no way back to the design team
    Given "support.escalation_to_design_team" is false
    When the plan is checked
    Then rule "SUPPORT-ESCALATION-TO-DESIGN" fires on gate "pilot-limited" about "support.escalation_to_design_team"
    And the gate "pilot-limited" is GO-WITH-RISKS

  Scenario: The expanded pilot has no hypercare
    Given "support.hypercare" is [{phase: pilot-limited, days: 10}]
    When the plan is checked
    Then rule "SUPPORT-PILOT-HYPERCARE" fires on gate "pilot-expanded" about "phases[pilot-expanded]"
    And the gate "pilot-expanded" is GO-WITH-RISKS
    And the gate "pilot-limited" is GO

  Scenario: A hypercare period of zero days is none
    Given "support.hypercare[0].days" is 0
    When the plan is checked
    Then rule "SUPPORT-PILOT-HYPERCARE" fires on gate "pilot-limited" about "phases[pilot-limited]"

  Scenario: Production phases need no hypercare
    Given "support.hypercare" is [{phase: pilot-limited, days: 10}, {phase: pilot-expanded, days: 5}]
    When the plan is checked
    Then rule "SUPPORT-PILOT-HYPERCARE" does not fire

  Scenario: A wave never told where to find help for themselves
    Given "communications[prod-2-pre1].content" is [timeline, why]
    And "communications[prod-2-pre2].content" is [timeline]
    When the plan is checked
    Then rule "SUPPORT-SELF-HELP" fires on gate "prod-2" about "phases[prod-2].cohorts[0]"
    And the gate "prod-2" is GO-WITH-RISKS

  Scenario: Self-help resources named in the enrollment mail are in time
    Given "communications[prod-2-pre1].content" is [timeline, why]
    And "communications[prod-2-pre2].content" is [timeline]
    And "communications[prod-2-enroll].content" is [instructions, FAQ and user guide]
    When the plan is checked
    Then rule "SUPPORT-SELF-HELP" does not fire
