# language: sv
Egenskap: Registreringsmetoder
  Chefer och grupper som behöver mer hjälp registreras med assisterad metod (ENR-2).

  Bakgrund:
    Givet exempelplanen

  Scenario: Cheferna registrerar sig själva
    Givet att "phases[prod-3].cohorts[2].enrollment" är self-service
    När planen kontrolleras
    Så slår regeln "ENROLL-ASSISTED-FOR-EXECUTIVES" till på grinden "prod-3" för "phases[prod-3].cohorts[2]"
    Och grinden "prod-3" är GO-WITH-RISKS

  Scenario: IT-cheferna, som behöver hjälp, på en teknikmässa
    Givet att "phases[pilot-expanded].cohorts[1].enrollment" är tech-fair
    När planen kontrolleras
    Så slår regeln "ENROLL-ASSISTED-FOR-EXECUTIVES" till på grinden "pilot-expanded"

  Scenario: Exempelplanen registrerar chefer med assisterad metod
    När planen kontrolleras
    Så slår regeln "ENROLL-ASSISTED-FOR-EXECUTIVES" inte till
    Och ingen avvikelse hänvisar till "ENR-2"

  # ENR-1: varje grupp har en registreringsmetod (GRP-1: och en tidsram).
  Scenario: Återförsäljningen saknar registreringsmetod
    Givet att planen saknar "phases[prod-2].cohorts[0].enrollment"
    När planen kontrolleras
    Så slår regeln "ENROLL-APPROACH-CHOSEN" till på grinden "prod-2" för "phases[prod-2].cohorts[0]"
    Och grinden "prod-2" är NO-GO
    Och grinden "prod-3" är GO

  Scenario: Varje kohort i exempelplanen har en registreringsmetod
    När planen kontrolleras
    Så slår regeln "ENROLL-APPROACH-CHOSEN" inte till
    Och ingen avvikelse hänvisar till "ENR-1"

  # ENR-3: en IT-teknikmässa hjälper särskilt i tidiga faser (bara information).
  Scenario: Den första produktionsfasen, 2000 användare med självbetjäning, får förslaget
    När planen kontrolleras
    Så slår regeln "ENROLL-TECH-FAIR-EARLY" till på grinden "prod-1" för "phases[prod-1]"
    Och grinden "prod-2" är GO

  Scenario: En teknikmässa för en del av försäljningen
    Givet att planen har:
      """
      phases:
        - id: prod-1
          cohorts:
            - {group: sales-marketing, users: 1700, enrollment: self-service}
            - {group: sales-marketing, users: 300, enrollment: tech-fair}
      """
    När planen kontrolleras
    Så slår regeln "ENROLL-TECH-FAIR-EARLY" inte till

  Scenario: Två tidiga faser räknas när organisationen vill det
    När planen kontrolleras med tech_fair_early_phases satt till 2
    Så slår regeln "ENROLL-TECH-FAIR-EARLY" till på grinden "prod-2" för "phases[prod-2]"

  Scenario: En liten tidig fas behöver ingen teknikmässa
    När planen kontrolleras med tech_fair_min_users satt till 2500
    Så slår regeln "ENROLL-TECH-FAIR-EARLY" inte till
