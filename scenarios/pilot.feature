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
      """
    When the plan is checked
    Then rule "PILOT-DIVERSITY" does not fire
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
