/**
 * "Hoe werkt deze stap?" (issue 15, help): per step the seed's own words (seeds/000, the instruction for one school
 * location) and the places it names. Closed by default on every step screen. Plain data, so a test can check that
 * every step has help and that every link is one the seeds give.
 */
import type { StepId } from './steps';

export interface HelpLink {
  readonly label: string;
  readonly href: string;
}

export interface StepHelp {
  readonly text: readonly string[];
  readonly links: readonly HelpLink[];
}

const GEBRUIKERSBEHEER: HelpLink = { label: 'Gebruikersbeheer (gebruikersbeheer.cito.nl)', href: 'https://gebruikersbeheer.cito.nl' };
const PORTAL: HelpLink = { label: 'Cito Portal (portal.cito.nl)', href: 'https://portal.cito.nl' };
const KLANTENSERVICE: HelpLink = { label: 'Klantenservice: klantenservice@cito.nl', href: 'mailto:klantenservice@cito.nl' };

export const STEP_HELP: Readonly<Record<StepId, StepHelp>> = Object.freeze({
  'sign-in': {
    text: [
      'Meld je aan met je Cito Portal-accountgegevens behorend bij de Brin van jouw schoollocatie (bijvoorbeeld 99ZX10).',
      'Beheer je meer locaties? Log na stap 5 uit en herhaal stap 1 t/m 5 met de Brin6 van de volgende locatie, met haar eigen account.',
    ],
    links: [GEBRUIKERSBEHEER],
  },
  import: {
    text: ['Upload de EDEXML met alle klassen en alle leerlingen behorend bij de Brin van jouw schoollocatie (bijvoorbeeld 99ZX10).'],
    links: [],
  },
  'confirm-school': {
    text: ['Controleer en bevestig de schoolgegevens: de schoolidentificatie (BRIN-nummer of schoolkey) en het schooljaar. Als iets niet klopt, mail dan naar klantenservice@cito.nl.'],
    links: [KLANTENSERVICE],
  },
  'load-planner': {
    text: [
      'De leerlingen en klassen uit de EDEXML worden na stap 3 automatisch geladen in de digitale planner en de module voor het bestellen van antwoordbladen in de Cito Portal.',
      'Ga naar de Cito Portal en meld je aan met je Cito Portal-accountgegevens behorend bij de Brin van jouw schoollocatie.',
    ],
    links: [PORTAL],
  },
  'check-availability': {
    text: ['Controleer in de digitale planner (digitale afname) en/of bij het bestellen van de antwoordbladen (papieren afname) of alle klassen en alle leerlingen behorend bij de Brin van jouw schoollocatie beschikbaar zijn.'],
    links: [PORTAL, KLANTENSERVICE],
  },
  'add-users': {
    text: [
      'Wil je bestaande gebruikers toegang geven, ga dan door naar stap 7.',
      'Nieuwe gebruikers: vul de gegevens van jezelf en andere gebruikers in en sla op.',
    ],
    links: [GEBRUIKERSBEHEER],
  },
  'assign-roles': {
    text: [
      'Selecteer per gebruiker, inclusief jezelf, rollen en klassen. Vink ‘Toegang tot applicatie’ aan en wijs een rol toe.',
      'Geef jezelf de rol van kwaliteitsmedewerker.',
    ],
    links: [],
  },
  invite: {
    text: [
      'Stuur per persoon een uitnodiging. Let op! Stuur jezelf als beheerder ook een uitnodiging. Dan kun je ook je eigen toegang tot de rapportage regelen.',
      'De collega klikt op de link in de activatiemail en logt in bij Entree (wie al is ingelogd, wordt automatisch doorgestuurd).',
    ],
    links: [],
  },
});
