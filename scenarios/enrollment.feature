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
