Feature: Goals, objectives and challenges
  The plan starts from its deployment goals, each with a description and a
  business value (GOAL-1), the objectives that reach them (GOAL-2), the
  challenges with their solutions (GOAL-3), and carries the value proposition
  into the awareness campaign (GOAL-4).

  Background:
    Given the example plan

  Scenario: The example names goals, objectives and challenges, completely
    When the plan is checked
    Then rule "GOALS-DEFINED" does not fire
    And rule "GOALS-DESCRIBED" does not fire
    And rule "GOALS-OBJECTIVES-DEFINED" does not fire
    And rule "GOALS-OBJECTIVE-COMPLETE" does not fire
    And rule "GOALS-CHALLENGES-DEFINED" does not fire
    And rule "GOALS-CHALLENGE-SOLUTION" does not fire
    And rule "GOALS-VALUE-IN-KICKOFF" does not fire
    And a manual check asks about "GOAL-4"

  Scenario: A plan without goals
    Given the plan has:
      """
      goals: []
      objectives: []
      success_criteria:
        - {id: SC1, goal: null}
        - {id: SC2, goal: null}
        - {id: SC3, goal: null}
        - {id: SC4, goal: null}
      """
    When the plan is checked
    Then rule "GOALS-DEFINED" fires on gate "pilot-limited" about "goals"
    And rule "GOALS-OBJECTIVES-DEFINED" does not fire
    And the gate "pilot-limited" is GO-WITH-RISKS

  Scenario: A goal without its business value
    Given the plan has no "goals[G4].business_value"
    When the plan is checked
    Then rule "GOALS-DESCRIBED" fires on gate "pilot-limited" about "goals[G4]"
    And the gate "pilot-limited" is GO-WITH-RISKS

  Scenario: A goal with only a title
    Given the plan has:
      """
      goals:
        - {id: G5, title: Fewer devices per user}
      success_criteria:
        - {id: SC5, goal: G5, kind: qualitative, measured_by: Asset inventory review, due: 2027-10-29,
           owner: Service owner}
      """
    When the plan is checked
    Then rule "GOALS-DESCRIBED" fires on gate "pilot-limited" about "goals[G5]"

  Scenario: Goals but no objectives
    Given "objectives" is []
    When the plan is checked
    Then rule "GOALS-OBJECTIVES-DEFINED" fires on gate "pilot-limited" about "objectives"
    And rule "GOALS-OBJECTIVE-COMPLETE" does not fire
    And the gate "pilot-limited" is GO-WITH-RISKS

  Scenario: An objective that says neither how nor what for
    Given the plan has:
      """
      objectives:
        - {id: O5, title: Retire the old MDM servers}
      """
    When the plan is checked
    Then rule "GOALS-OBJECTIVE-COMPLETE" fires on gate "pilot-limited" about "objectives[O5]"

  Scenario: An objective tied to no goal
    Given the plan has no "objectives[O2].goal"
    When the plan is checked
    Then rule "GOALS-OBJECTIVE-COMPLETE" fires on gate "pilot-limited" about "objectives[O2]"

  Scenario: No challenges on record
    Given "challenges" is []
    When the plan is checked
    Then rule "GOALS-CHALLENGES-DEFINED" fires on gate "pilot-limited" about "challenges"
    And rule "GOALS-CHALLENGE-SOLUTION" does not fire

  Scenario: A challenge nobody has solved
    Given the plan has no "challenges[C3].solution"
    When the plan is checked
    Then rule "GOALS-CHALLENGE-SOLUTION" fires on gate "pilot-limited" about "challenges[C3]"
    And the gate "pilot-limited" is GO-WITH-RISKS

  Scenario: A kickoff that says what, but not why
    Given "communications[kickoff].content" is [what, plan]
    When the plan is checked
    Then rule "GOALS-VALUE-IN-KICKOFF" fires on gate "pilot-limited" about "communications[kickoff]"
    And the gate "pilot-limited" is GO-WITH-RISKS

  Scenario: A kickoff that presents the benefits, in its own words
    Given "communications[kickoff].content" is ["what Intune is", "benefits for you", "high-level plan"]
    When the plan is checked
    Then rule "GOALS-VALUE-IN-KICKOFF" does not fire

  Scenario: A kickoff that gives the benefits in Swedish
    Given "communications[kickoff].content" is [vad, fördelar, plan]
    When the plan is checked
    Then rule "GOALS-VALUE-IN-KICKOFF" does not fire

  Scenario: A kickoff that states its purpose
    Given "communications[kickoff].content" is ["what Intune is", "the purpose", "high-level plan"]
    When the plan is checked
    Then rule "GOALS-VALUE-IN-KICKOFF" does not fire

  Scenario: A target group is no goal
    Given "communications[kickoff].content" is [vad, målgrupp, plan]
    When the plan is checked
    Then rule "GOALS-VALUE-IN-KICKOFF" fires on gate "pilot-limited" about "communications[kickoff]"

  Scenario: A second kickoff session without the value proposition
    Given the plan has:
      """
      communications:
        - {id: kickoff-stores, wave: kickoff, audience: [retail], channels: [poster], date: 2027-07-05,
           sender: sponsor, content: [what, timeline]}
      """
    When the plan is checked
    Then rule "GOALS-VALUE-IN-KICKOFF" fires on gate "pilot-limited" about "communications[kickoff-stores]"

  Scenario: Without a communication plan the kickoff's content cannot be assessed
    Given "communications" is []
    When the plan is checked
    Then rule "GOALS-VALUE-IN-KICKOFF" cannot assess
