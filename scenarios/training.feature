Feature: Training
  Pilot users and support representatives are trained before the pilot, with
  several training options (TRN-1); the training plan uses several methods
  (TRN-2); its material is built from the pilot's feedback and kept up to
  date (TRN-3).

  Background:
    Given the example plan

  Scenario: The example trains the pilot and the helpdesk in time, in several ways
    When the plan is checked
    Then rule "TRAINING-PILOT-USERS-BEFORE-START" does not fire
    And rule "TRAINING-HELPDESK-BEFORE-PILOT" does not fire
    And rule "TRAINING-PILOT-OPTIONS" does not fire
    And rule "TRAINING-SEVERAL-METHODS" does not fire
    And rule "TRAINING-USES-PILOT-FEEDBACK" does not fire
    And rule "TRAINING-MATERIAL-UPDATES" does not fire
    And a manual check asks about "TRN-2"

  Scenario: The expanded pilot is trained after it started
    Given "training.sessions[2].date" is 2027-07-27
    When the plan is checked
    Then rule "TRAINING-PILOT-USERS-BEFORE-START" fires on gate "pilot-expanded" about "phases[pilot-expanded].cohorts[0]"
    And rule "TRAINING-PILOT-USERS-BEFORE-START" fires on gate "pilot-expanded" about "phases[pilot-expanded].cohorts[1]"
    And the gate "pilot-expanded" is GO-WITH-RISKS
    And the gate "pilot-limited" is GO

  Scenario: The IT managers joining the expanded pilot get no training of their own
    Given "training.sessions[2].audience" is [it]
    When the plan is checked
    Then rule "TRAINING-PILOT-USERS-BEFORE-START" fires on gate "pilot-expanded" about "phases[pilot-expanded].cohorts[1]"

  Scenario: Production groups are trained later, not before the pilot
    Given "training.sessions" is [{date: 2027-07-06, audience: [helpdesk], method: instructor-led}, {date: 2027-07-08, audience: [pilot-limited], method: instructor-led}, {date: 2027-07-21, audience: [pilot-expanded], method: video}, {date: 2027-09-01, audience: [retail], method: tech-fair}]
    When the plan is checked
    Then rule "TRAINING-PILOT-USERS-BEFORE-START" does not fire

  Scenario: Without a training plan the pilot's training cannot be assessed
    Given the plan has no "training"
    When the plan is checked
    Then rule "TRAINING-PILOT-USERS-BEFORE-START" cannot assess
    And rule "TRAINING-SEVERAL-METHODS" cannot assess
    And rule "TRAINING-HELPDESK-BEFORE-PILOT" does not fire

  Scenario: Neither the training plan nor the support plan trains the helpdesk before the pilot
    Given "training.sessions[0].audience" is [pilot-limited]
    And "support.helpdesk_trainings[0].date" is 2027-07-13
    When the plan is checked
    Then rule "TRAINING-HELPDESK-BEFORE-PILOT" fires on gate "pilot-limited" about "phases[pilot-limited]"
    And the gate "pilot-limited" is NO-GO

  Scenario: The support plan's helpdesk training is enough
    Given "training.sessions[0].audience" is [pilot-limited]
    When the plan is checked
    Then rule "TRAINING-HELPDESK-BEFORE-PILOT" does not fire

  Scenario: Every pilot session is instructor-led
    Given "training.sessions[2].method" is instructor-led
    When the plan is checked
    Then rule "TRAINING-PILOT-OPTIONS" fires on gate "pilot-limited" about "training.sessions"
    And rule "TRAINING-SEVERAL-METHODS" does not fire
    And the gate "pilot-limited" is GO-WITH-RISKS

  Scenario: A rollout without a pilot has no pilot training to judge
    Given "phases[pilot-limited].kind" is production
    And "phases[pilot-expanded].kind" is production
    When the plan is checked
    Then rule "TRAINING-PILOT-OPTIONS" does not fire

  Scenario: One training method for everyone
    Given "training.methods" is [instructor-led]
    And "training.sessions" is [{date: 2027-07-06, audience: [helpdesk], method: instructor-led}, {date: 2027-07-08, audience: [pilot-limited], method: instructor-led}, {date: 2027-07-21, audience: [pilot-expanded], method: instructor-led}]
    When the plan is checked
    Then rule "TRAINING-SEVERAL-METHODS" fires on gate "pilot-limited" about "training.methods"
    And rule "TRAINING-PILOT-OPTIONS" fires on gate "pilot-limited"

  Scenario: Methods used by sessions count even when not listed
    Given "training.methods" is []
    When the plan is checked
    Then rule "TRAINING-SEVERAL-METHODS" does not fire

  Scenario: Training material written without the pilot's feedback
    Given "training.uses_pilot_feedback" is false
    When the plan is checked
    Then rule "TRAINING-USES-PILOT-FEEDBACK" fires on gate "prod-1" about "training.uses_pilot_feedback"
    And the gate "pilot-limited" is GO

  Scenario: No process keeps the material up to date
    Given the plan has no "training.material_update_process"
    When the plan is checked
    Then rule "TRAINING-MATERIAL-UPDATES" fires on gate "prod-1" about "training.material_update_process"
