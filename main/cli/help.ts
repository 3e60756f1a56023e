import type { CliIo } from './common';
import { cliName } from './common';

/** The Dutch help of every command (`--help`). */
export const helpText = (io: CliIo) => `Beheerconsole — opdrachtregel

Gebruik: ${cliName(io)} <opdracht> [opties]

Opdrachten:
  version                         Toont de versie van de console en van het gegevensbestand.
  check                           Controleert de lokale gegevens (database, instellingen).
  locations list                  De schoollocaties in deze console (met --json: {"locations": [...]}).
  locations add X --name NAAM [--username GEBRUIKER]
                                  Voegt locatie X toe, zoals "Locatie toevoegen" in het venster (met logboekregel).
  locations remove X [--force]    Verwijdert locatie X met alles wat de console ervan bewaart. Wachten er nog wijzigingen
                                  op verzending, dan alleen met --force (anders afsluitcode 1 met het aantal).
  validate BESTAND [--brin6 X]    Controleert een EDEXML-bestand zoals het officiële schema (XSD) en de console dat doen.
  import BESTAND --brin6 X [--confirm] [--allow-removals] [--allow-other-year]
                                  Leest het bestand in voor locatie X (stap 2); met --confirm ook bevestigen (stap 3).
                                  Locatie X moet in deze console staan (locations add). Verdwijnen er veel leerlingen
                                  (meer dan de drempel, standaard 10 %) of is de schoolkey anders, dan wordt niet
                                  bevestigd (afsluitcode 1) tenzij --allow-removals: dat geldt als het intypen van de
                                  bevestiging in stap 3. Is het bestand van een ander schooljaar, dan evenzo tenzij
                                  --allow-other-year (dat geldt als het intypen van dat schooljaar).
  import BESTAND… [--brin6 X] [--confirm] [--allow-removals] [--allow-other-year]
                                  Meerdere bestanden (of één zonder --brin6): elk gaat naar de locatie waarvan het de
                                  BRIN6 noemt; een onbekende BRIN6 wordt overgeslagen met de opdracht om haar toe te
                                  voegen; --brin6 controleert dan alleen. Met --json één object {"files": [...]}.
  export BESTAND --brin6 X        Schrijft de bevestigde gegevens van locatie X als EDEXML 2.1 (alleen lezen; het venster
                                  heeft hier geen knop voor).
  export-kurve --brin6 X --out BESTAND|MAP [--korte-schoolnaam NAAM]
                                  Schrijft het Cito-importbestand voor Kurve (Numo-koppeling, Somtoday-scholen): alleen
                                  wat de koppeling nodig heeft. Met een map als --out: de standaardnaam
                                  <korte-schoolnaam>_<BRIN6>_<schooljaar>.xml. Toont het bericht voor support@kurve.nl.
  history --brin6 X               De bevestigde imports van locatie X, nieuwste eerst (met --json: {"imports": [...]}).
  restore --brin6 X [--import ID] [--confirm] [--allow-removals] [--allow-other-year]
                                  Zet een eerdere import terug (zonder --import: die vóór de huidige) als ingelezen
                                  bestand; met --confirm ook bevestigen, met dezelfde controle als import --confirm.
  rollover --brin6 X [--strategy file,follow,name] [--apply] [--json]
                                  Nieuw schooljaar: het plan voor de klassen van elke collega na het bevestigen van het
                                  bestand van het nieuwe jaar (volgens het bestand, klas volgt leerlingen, zelfde naam
                                  of vervalt), zoals "Nieuw schooljaar" in het venster; met --apply als
                                  één wijziging uitvoeren. --strategy: de volgorde van voorkeur (standaard file,follow).
  status                          Wat per locatie nog naar de centrale dienst moet, en de laatste fout.
  check-connection [--api URL] [--ca-file BESTAND] [--brin6 X]
                                  Test de verbinding met de centrale dienst zoals de synchronisatie haar gebruikt: de
                                  proxy (HTTPS_PROXY, HTTP_PROXY, NO_PROXY), het certificaat dat deze pc te zien krijgt,
                                  het antwoord van /v1/health en, met --brin6 en een aanmelding via de omgeving (zie
                                  sync), het publieke adres dat de dienst ziet. Met --json één object.
  sync [--brin6 X] [--api URL] [--ca-file BESTAND]
                                  Verstuurt de wachtrij (van locatie X; zonder --brin6: de enige locatie). Aanmelden via de omgeving:
                                  BEHEERCONSOLE_TOKEN, of BEHEERCONSOLE_USERNAME en BEHEERCONSOLE_PASSWORD.
                                  Anders dan "Nu synchroniseren" in het venster: de aanmelding geldt alleen voor deze
                                  keer (niets bewaard, geen logboekregel "Aangemeld"), de opdracht wacht tot de wachtrij
                                  leeg is (hoogstens een minuut) en haalt daarna geen gebruikers of leerlingen op.

Elke opdracht die iets wijzigt doet precies wat dezelfde actie in het venster doet (controles, logboek, wachtrij);
waar een opdracht verschilt, staat dat hierboven.
  help                            Toont deze hulp.

Opties:
  --data-dir MAP     Gebruik deze gegevensmap in plaats van de standaardmap.
  --brin6 X          De schoollocatie (BRIN6, bijvoorbeeld 99ZX10).
  --json             Precies één JSON-object op stdout (voor scripts).
  --name NAAM        Voor locations add: de naam van de school of locatie.
  --username NAAM    Voor locations add: de gebruikersnaam van het portaalaccount (mag leeg).
  --out BESTAND|MAP  Waar export-kurve het bestand schrijft.
  --korte-schoolnaam NAAM
                     Voor export-kurve: de korte schoolnaam in Numo, als de Numo-aanmelding nog niet is ingevuld.
  --api URL          Het adres van de centrale dienst voor deze opdracht (anders dat uit de instellingen).
  --ca-file BESTAND  Certificaat van de school (PEM) dat naast die van het systeem wordt vertrouwd, voor een netwerk
                     met TLS-inspectie. De proxy komt uit HTTPS_PROXY / HTTP_PROXY / NO_PROXY (met gebruikersnaam en
                     wachtwoord in het adres als de proxy daarom vraagt).
  --force            Voor locations remove: ook als er nog wijzigingen op verzending wachten.
  --max-mb N         Grootste bestand dat validate/import lezen, in MB (standaard 256; import neemt, net als het
                     venster, hoogstens 256 MB).
  -h, --help         Toont deze hulp.

Afsluitcodes: 0 in orde, 1 een bevinding die je eerst moet oplossen, 2 verkeerd gebruik of een lees-/schrijffout,
3 geen verbinding met de centrale dienst (de melding zegt waarom: netwerk, proxy, certificaat, omgeleid, tijd).
`;

