# language: sv
Egenskap: Projektteamet
  Planeringsteamet har samordnade arbetsströmmar med ägare (TEAM-1), håller
  regelbundna möten och rapporterar status (TEAM-2), och pilotanvändarna får
  höra tidslinjen (TEAM-3).

  Bakgrund:
    Givet exempelplanen

  Scenario: Exempelplanens team och styrning följer vägledningen
    När planen kontrolleras
    Så slår regeln "TEAM-WORKSTREAMS" inte till
    Och regeln "TEAM-STATUS-MEETINGS" slår inte till
    Och regeln "TEAM-STATUS-REPORT" slår inte till
    Och regeln "TEAM-PILOT-TIMELINE-COMMUNICATED" slår inte till
    Och finns en manuell kontroll för "TEAM-3"

  Scenario: Ingen äger användarupplevelsen
    Givet att planen saknar "team.workstreams[2].owner"
    När planen kontrolleras
    Så slår regeln "TEAM-WORKSTREAMS" till på grinden "pilot-limited" för "team.workstreams"
    Och grinden "pilot-limited" är GO-WITH-RISKS

  Scenario: Ett team med bara teknik
    Givet att "team.workstreams" är [{name: technology, owner: Intune architect}]
    När planen kontrolleras
    Så slår regeln "TEAM-WORKSTREAMS" till på grinden "pilot-limited"

  Scenario: Utan team kan arbetsströmmarna inte bedömas
    Givet att planen saknar "team"
    När planen kontrolleras
    Så kan regeln "TEAM-WORKSTREAMS" inte bedömas

  Scenario: Inga regelbundna möten
    Givet att planen saknar "governance.status_meetings"
    När planen kontrolleras
    Så slår regeln "TEAM-STATUS-MEETINGS" till på grinden "pilot-limited" för "governance.status_meetings"
    Och regeln "TEAM-STATUS-REPORT" slår inte till

  Scenario: Ingen statusrapport
    Givet att "governance.status_report" är false
    När planen kontrolleras
    Så slår regeln "TEAM-STATUS-REPORT" till på grinden "pilot-limited" för "governance.status_report"
    Och grinden "pilot-limited" är GO-WITH-RISKS

  Scenario: Utan styrning kan möten och rapporter inte bedömas
    Givet att planen saknar "governance"
    När planen kontrolleras
    Så kan regeln "TEAM-STATUS-MEETINGS" inte bedömas
    Och kan regeln "TEAM-STATUS-REPORT" inte bedömas
    Och kan regeln "OPS-LESSONS-LEARNED-OWNER" inte bedömas

  Scenario: Den begränsade piloten får aldrig veta tidslinjen
    Givet att "communications[pilot-limited-pre1].content" är [resources, why]
    Och att "communications[pilot-limited-pre2].content" är [resources]
    När planen kontrolleras
    Så slår regeln "TEAM-PILOT-TIMELINE-COMMUNICATED" till på grinden "pilot-limited" för "phases[pilot-limited].cohorts[0]"
    Och grinden "pilot-limited" är GO

  Scenario: Produktionsgrupper omfattas inte av pilotens information
    Givet att "communications[prod-1-pre1].content" är [resources, why]
    Och att "communications[prod-1-pre2].content" är [resources]
    När planen kontrolleras
    Så slår regeln "TEAM-PILOT-TIMELINE-COMMUNICATED" inte till
