/**
 * The terms the screens repeat, written once so they cannot drift (issue 15, point 11). The seeds' own spelling:
 * "Brin6-code"; Dutch capitalises language names (Nederlands, Engels), not other subjects (wiskunde).
 */
export const GLOSSARY = Object.freeze({
  brin6Code: 'Brin6-code',
  klas: 'klas',
  klassen: 'klassen',
  clustergroep: 'clustergroep',
  clustergroepen: 'clustergroepen',
  subject: Object.freeze({ nederlands: 'Nederlands', engels: 'Engels', wiskunde: 'wiskunde' }),
});

export function vakdocentLabel(subject: keyof typeof GLOSSARY.subject): string {
  return `Vakdocent ${GLOSSARY.subject[subject]}`;
}
