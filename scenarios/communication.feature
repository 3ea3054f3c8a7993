Feature: Communication waves
  A kickoff reaches everyone before the rollout (COM-2), and every group gets
  its enrollment message with somewhere to turn for help (COM-4). Every
  message says what, how, to whom and when (COM-1); each group hears of its
  turn before its phase (COM-3) and is asked for feedback after it (COM-5);
  the channels fit the waves (COM-6) and are several (COM-7); the plan is
  written by administrators, support and communications together (COM-8),
  the sponsor sends the first message and emails ask for action (COM-9),
  groups that need it get their own messages and every message an owner
  (COM-10), production hears of the pilot's successes (COM-11), and user
  documentation and feedback surveys are in the plan (COM-12).

  Background:
    Given the example plan

  Scenario: The plan has no kickoff
    Given the plan has no "communications[kickoff]"
    When the plan is checked
    Then rule "COMMS-KICKOFF-BEFORE-START" fires on gate "pilot-limited" about "communications"
    And the gate "pilot-limited" is NO-GO
    And rule "COMMS-KICKOFF-MEETING" does not fire

  Scenario: The kickoff comes after the pilot started
    Given "communications[kickoff].date" is 2027-07-14
    When the plan is checked
    Then rule "COMMS-KICKOFF-BEFORE-START" fires on gate "pilot-limited"

  Scenario: A kickoff for IT only is no kickoff for everyone
    Given "communications[kickoff].audience" is [it]
    When the plan is checked
    Then rule "COMMS-KICKOFF-BEFORE-START" fires on gate "pilot-limited"

  Scenario: A kickoff that names every group reaches everyone
    Given "communications[kickoff].audience" is [it, it-managers, sales-marketing, retail, hr, finance, executives]
    When the plan is checked
    Then rule "COMMS-KICKOFF-BEFORE-START" does not fire

  Scenario: A kickoff to every phase reaches everyone
    Given "communications[kickoff].audience" is [pilot-limited, pilot-expanded, prod-1, prod-2, prod-3]
    When the plan is checked
    Then rule "COMMS-KICKOFF-BEFORE-START" does not fire

  Scenario: A kickoff to every phase but the last misses its groups
    Given "communications[kickoff].audience" is [pilot-limited, pilot-expanded, prod-1, prod-2]
    When the plan is checked
    Then rule "COMMS-KICKOFF-BEFORE-START" fires on gate "pilot-limited"

  Scenario: A kickoff over two weeks that reaches every group in the end
    Given "communications[kickoff].audience" is [it, it-managers]
    And the plan has:
      """
      communications:
        - {id: kickoff-business, wave: kickoff, audience: [sales-marketing, retail, hr, finance, executives],
           channels: [meeting], date: 2027-07-05, sender: sponsor, content: [what, why, plan]}
      """
    When the plan is checked
    Then rule "COMMS-KICKOFF-BEFORE-START" does not fire

  Scenario: A kickoff over two weeks whose last part comes too late
    Given "communications[kickoff].audience" is [it, it-managers]
    And the plan has:
      """
      communications:
        - {id: kickoff-business, wave: kickoff, audience: [sales-marketing, retail, hr, finance, executives],
           channels: [meeting], date: 2027-07-13, sender: sponsor, content: [what, why, plan]}
      """
    When the plan is checked
    Then rule "COMMS-KICKOFF-BEFORE-START" fires on gate "pilot-limited" about "communications"

  Scenario: A kickoff in parts that leaves a group out
    Given "communications[kickoff].audience" is [it, it-managers]
    And the plan has:
      """
      communications:
        - {id: kickoff-business, wave: kickoff, audience: [sales-marketing, retail, hr, finance],
           channels: [meeting], date: 2027-07-05, sender: sponsor, content: [what, why, plan]}
      """
    When the plan is checked
    Then rule "COMMS-KICKOFF-BEFORE-START" fires on gate "pilot-limited" about "communications"

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

  Scenario: One enrollment message to everyone at the start calls only the groups next in turn
    Given the plan has no "communications[pilot-expanded-enroll]"
    And the plan has no "communications[prod-1-enroll]"
    And the plan has no "communications[prod-2-enroll]"
    And the plan has no "communications[prod-3-enroll]"
    And "communications[pilot-limited-enroll].audience" is [all]
    When the plan is checked
    Then rule "COMMS-ENROLLMENT-WAVE" fires 5 times
    And rule "COMMS-ENROLLMENT-WAVE" fires on gate "prod-1" about "phases[prod-1].cohorts[0]"
    And rule "COMMS-ENROLLMENT-WAVE" fires on gate "prod-3" about "phases[prod-3].cohorts[2]"

  Scenario: An enrollment message sent once the phase before has started
    Given "communications[prod-2-enroll].date" is 2027-08-16
    When the plan is checked
    Then rule "COMMS-ENROLLMENT-WAVE" does not fire

  Scenario: An enrollment message sent before the phase before has started
    Given "communications[prod-2-enroll].date" is 2027-08-13
    When the plan is checked
    Then rule "COMMS-ENROLLMENT-WAVE" fires on gate "prod-2" about "phases[prod-2].cohorts[0]"

  Scenario: Two phases that start on the same day are in turn together
    Given "phases[prod-3].start" is 2027-09-13
    And "phases[prod-3].end" is 2027-09-30
    And "communications[prod-2-enroll].audience" is [prod-2, prod-3]
    And "communications[prod-2-enroll].date" is 2027-09-10
    And the plan has no "communications[prod-3-enroll]"
    When the plan is checked
    Then rule "COMMS-ENROLLMENT-WAVE" does not fire

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

  Scenario: The example follows the communication guidance
    When the plan is checked
    Then rule "COMMS-PLAN-COMPLETE" does not fire
    And rule "COMMS-PRE-ENROLLMENT-WAVE" does not fire
    And rule "COMMS-POST-ENROLLMENT-FEEDBACK" does not fire
    And rule "COMMS-KICKOFF-MEETING" does not fire
    And rule "COMMS-EMAIL-FOR-USER-WAVES" does not fire
    And rule "COMMS-INTRANET-PER-PHASE" does not fire
    And rule "COMMS-AWARENESS-SOCIAL-POSTERS" does not fire
    And rule "COMMS-SEVERAL-CHANNELS" does not fire
    And rule "COMMS-OWNERS-COVER-ROLES" does not fire
    And rule "COMMS-SPONSOR-SENDS-FIRST" does not fire
    And rule "COMMS-EMAIL-CALL-TO-ACTION" does not fire
    And rule "COMMS-TARGETED-GROUPS" does not fire
    And rule "COMMS-OWNER-NAMED" does not fire
    And rule "COMMS-USER-DOCUMENTATION" does not fire
    And rule "COMMS-FEEDBACK-SURVEYS" does not fire
    And the gate "pilot-limited" is GO

  Scenario: A message without a date is never sent
    Given the plan has no "communications[prod-2-pre2].date"
    When the plan is checked
    Then rule "COMMS-PLAN-COMPLETE" fires on gate "pilot-limited" about "communications[prod-2-pre2]"
    And the gate "pilot-limited" is GO-WITH-RISKS

  Scenario: A message with no content and no channel
    Given "communications[prod-3-post].content" is []
    And "communications[prod-3-post].channels" is []
    When the plan is checked
    Then rule "COMMS-PLAN-COMPLETE" fires on gate "pilot-limited" about "communications[prod-3-post]"

  Scenario: A wave with no pre-enrollment messages
    Given the plan has no "communications[prod-2-pre1]"
    And the plan has no "communications[prod-2-pre2]"
    When the plan is checked
    Then rule "COMMS-PRE-ENROLLMENT-WAVE" fires on gate "prod-2" about "phases[prod-2].cohorts[0]"
    And the gate "prod-2" is GO-WITH-RISKS

  Scenario: The only pre-enrollment message arrives on the first day of the phase
    Given the plan has no "communications[prod-3-pre1]"
    And "communications[prod-3-pre2].date" is 2027-10-11
    When the plan is checked
    Then rule "COMMS-PRE-ENROLLMENT-WAVE" fires on gate "prod-3" about "phases[prod-3].cohorts[2]"

  Scenario: One broad pre-enrollment message to everyone reaches every group in time
    Given the plan has no "communications[prod-2-pre1]"
    And the plan has no "communications[prod-2-pre2]"
    And the plan has:
      """
      communications:
        - {id: pre-all, wave: pre-enrollment, audience: [all], channels: [email, intranet], date: 2027-07-02,
           sender: IT, content: [resources, timeline], call_to_action: true, owners: [communications]}
      """
    When the plan is checked
    Then rule "COMMS-PRE-ENROLLMENT-WAVE" does not fire

  Scenario: The post-enrollment mail asks for no feedback
    Given "communications[prod-1-post].feedback_survey" is false
    When the plan is checked
    Then rule "COMMS-POST-ENROLLMENT-FEEDBACK" fires on gate "prod-1" about "phases[prod-1].cohorts[0]"

  Scenario: A post-enrollment survey sent before anyone enrolled
    Given "communications[prod-2-post].date" is 2027-09-10
    When the plan is checked
    Then rule "COMMS-POST-ENROLLMENT-FEEDBACK" fires on gate "prod-2" about "phases[prod-2].cohorts[0]"
    And the gate "prod-2" is GO-WITH-RISKS

  Scenario: A kickoff by intranet and posters only
    Given "communications[kickoff].channels" is [intranet, social, poster]
    When the plan is checked
    Then rule "COMMS-KICKOFF-MEETING" fires on gate "pilot-limited" about "communications"
    And the gate "pilot-limited" is GO

  Scenario: An enrollment message on posters and the intranet only
    Given "communications[prod-2-enroll].channels" is [intranet, poster]
    When the plan is checked
    Then rule "COMMS-EMAIL-FOR-USER-WAVES" fires on gate "prod-2" about "communications[prod-2-enroll]"
    And the gate "prod-2" is GO

  Scenario: A phase whose groups never see the intranet
    Given "communications[kickoff].channels" is [meeting, online-meeting, social, poster]
    And "communications[prod-2-pre1].channels" is [email]
    And "communications[prod-2-enroll].channels" is [email]
    When the plan is checked
    Then rule "COMMS-INTRANET-PER-PHASE" fires on gate "prod-2" about "phases[prod-2]"
    And rule "COMMS-AWARENESS-SOCIAL-POSTERS" does not fire

  Scenario: Awareness without social channels or posters
    Given "communications[kickoff].channels" is [meeting, intranet]
    When the plan is checked
    Then rule "COMMS-AWARENESS-SOCIAL-POSTERS" fires on gate "pilot-limited" about "communications"
    And rule "COMMS-KICKOFF-MEETING" does not fire

  Scenario: A campaign by email alone
    Given "communications" is [{id: kickoff, wave: kickoff, audience: [all], channels: [email], date: 2027-07-01, sender: sponsor, content: [what, why, plan], call_to_action: true, owners: [admin, support, communications]}]
    When the plan is checked
    Then rule "COMMS-SEVERAL-CHANNELS" fires on gate "pilot-limited" about "communications"

  Scenario: An organization that wants more channels than the example uses
    When the plan is checked with awareness_min_channels set to 7
    Then rule "COMMS-SEVERAL-CHANNELS" fires on gate "pilot-limited"
    And the gate "pilot-limited" is GO-WITH-RISKS

  Scenario: Support is left out of writing the communication plan
    Given the plan has:
      """
      communications:
        - {id: kickoff, owners: [admin, communications]}
        - {id: pilot-limited-enroll, owners: [admin]}
        - {id: pilot-expanded-enroll, owners: [admin]}
        - {id: prod-1-enroll, owners: [admin]}
        - {id: prod-2-enroll, owners: [admin]}
        - {id: prod-3-enroll, owners: [admin]}
      """
    When the plan is checked
    Then rule "COMMS-OWNERS-COVER-ROLES" fires on gate "pilot-limited" about "communications"

  Scenario: Owners named by their teams' own names
    Given the plan has:
      """
      communications:
        - {id: kickoff, owners: [IT administrators, Service desk, Corporate communications]}
        - {id: pilot-limited-enroll, owners: [IT administrators]}
        - {id: pilot-expanded-enroll, owners: [IT administrators]}
        - {id: prod-1-enroll, owners: [IT administrators]}
        - {id: prod-2-enroll, owners: [IT administrators]}
        - {id: prod-3-enroll, owners: [IT administrators]}
      """
    When the plan is checked
    Then rule "COMMS-OWNERS-COVER-ROLES" does not fire

  Scenario: IT sends the kickoff
    Given "communications[kickoff].sender" is IT
    When the plan is checked
    Then rule "COMMS-SPONSOR-SENDS-FIRST" fires on gate "pilot-limited" about "communications[kickoff]"
    And the gate "pilot-limited" is GO-WITH-RISKS

  Scenario: An IT email goes out before the sponsor's kickoff
    Given "communications[pilot-limited-pre1].date" is 2027-06-28
    When the plan is checked
    Then rule "COMMS-SPONSOR-SENDS-FIRST" fires on gate "pilot-limited" about "communications[pilot-limited-pre1]"

  Scenario: A news post on the day of the sponsor's kickoff meeting
    Given the plan has:
      """
      communications:
        - {id: kickoff-news, wave: kickoff, audience: [all], channels: [intranet, poster], date: 2027-07-01,
           sender: Corporate communications, content: [what, why, plan]}
      """
    When the plan is checked
    Then rule "COMMS-SPONSOR-SENDS-FIRST" does not fire

  Scenario: Two kickoffs on the first day, neither from the sponsor
    Given "communications[kickoff].sender" is "IT"
    And the plan has:
      """
      communications:
        - {id: kickoff-news, wave: kickoff, audience: [all], channels: [intranet, poster], date: 2027-07-01,
           sender: Corporate communications, content: [what, why, plan]}
      """
    When the plan is checked
    Then rule "COMMS-SPONSOR-SENDS-FIRST" fires 2 times

  Scenario: The sponsor named in person sends the kickoff
    Given "communications[kickoff].sender" is Eva Lind
    When the plan is checked
    Then rule "COMMS-SPONSOR-SENDS-FIRST" does not fire
    And a manual check asks about "COM-9"

  Scenario: The sponsor named with her title sends the kickoff
    Given "communications[kickoff].sender" is "Eva Lind (CIO)"
    When the plan is checked
    Then rule "COMMS-SPONSOR-SENDS-FIRST" does not fire

  Scenario: Someone else with a similar name sends the kickoff
    Given "communications[kickoff].sender" is Eva Lindqvist
    When the plan is checked
    Then rule "COMMS-SPONSOR-SENDS-FIRST" fires on gate "pilot-limited" about "communications[kickoff]"

  Scenario: An email that asks nothing of its reader
    Given "communications[prod-1-pre1].call_to_action" is false
    When the plan is checked
    Then rule "COMMS-EMAIL-CALL-TO-ACTION" fires on gate "pilot-limited" about "communications[prod-1-pre1]"
    And the gate "pilot-limited" is GO-WITH-RISKS

  Scenario: An email that does not say whether it asks for action
    Given the plan has no "communications[prod-1-pre2].call_to_action"
    When the plan is checked
    Then rule "COMMS-EMAIL-CALL-TO-ACTION" fires on gate "pilot-limited" about "communications[prod-1-pre2]"

  Scenario: The executives' phase only hears the messages to everyone
    Given "communications[prod-3-pre1].audience" is [all]
    And "communications[prod-3-pre2].audience" is [all]
    And "communications[prod-3-enroll].audience" is [all]
    When the plan is checked
    Then rule "COMMS-TARGETED-GROUPS" fires on gate "pilot-limited" about "phases[prod-3].cohorts[2]"
    And rule "COMMS-ENROLLMENT-WAVE" does not fire

  Scenario: A message written for the executives themselves
    Given "communications[prod-3-pre1].audience" is [all]
    And "communications[prod-3-pre2].audience" is [executives]
    And "communications[prod-3-enroll].audience" is [all]
    When the plan is checked
    Then rule "COMMS-TARGETED-GROUPS" does not fire

  Scenario: A message nobody owns
    Given "communications[prod-2-post].owners" is []
    When the plan is checked
    Then rule "COMMS-OWNER-NAMED" fires on gate "pilot-limited" about "communications[prod-2-post]"

  Scenario: Production messages say nothing of the pilot
    When the plan is checked
    Then rule "COMMS-PILOT-STORIES" fires on gate "prod-1" about "communications"
    And a manual check asks about "COM-11"

  Scenario: The first production wave tells the pilot users' stories
    Given "communications[prod-1-pre1].content" is [resources, timeline, why, pilot experiences]
    When the plan is checked
    Then rule "COMMS-PILOT-STORIES" does not fire

  Scenario: Pilot stories told in Swedish compounds count
    Given "communications[prod-1-pre1].content" is [resurser, tidsplan, erfarenheter från testpiloterna]
    When the plan is checked
    Then rule "COMMS-PILOT-STORIES" does not fire

  Scenario: Windows Autopilot and Microsoft 365 Copilot are no pilot stories
    Given "communications[prod-1-pre1].content" is [resources, timeline, why, Windows Autopilot, Microsoft 365 Copilot]
    When the plan is checked
    Then rule "COMMS-PILOT-STORIES" fires on gate "prod-1" about "communications"

  Scenario: No user documentation
    Given "support.user_documentation" is false
    When the plan is checked
    Then rule "COMMS-USER-DOCUMENTATION" fires on gate "pilot-limited" about "support.user_documentation"
    And the gate "pilot-limited" is GO-WITH-RISKS

  Scenario: User documentation not mentioned
    Given the plan has no "support.user_documentation"
    When the plan is checked
    Then rule "COMMS-USER-DOCUMENTATION" fires on gate "pilot-limited"

  Scenario: Without a support plan documentation cannot be assessed
    Given the plan has no "support"
    When the plan is checked
    Then rule "COMMS-USER-DOCUMENTATION" cannot assess

  Scenario: No feedback surveys anywhere
    Given the plan has:
      """
      communications:
        - {id: pilot-limited-post, feedback_survey: false}
        - {id: pilot-expanded-post, feedback_survey: false}
        - {id: prod-1-post, feedback_survey: false}
        - {id: prod-2-post, feedback_survey: false}
        - {id: prod-3-post, feedback_survey: false}
      """
    When the plan is checked
    Then rule "COMMS-FEEDBACK-SURVEYS" fires on gate "pilot-limited" about "communications"
    And rule "COMMS-POST-ENROLLMENT-FEEDBACK" fires on gate "prod-3" about "phases[prod-3].cohorts[0]"
