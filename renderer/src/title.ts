import { steps } from '../../shared/domain/steps';

/** The screens beside the steps, by their name in the side navigation. */
export const EXTRA_SCREENS = {
  'who-sees-what': 'Wie ziet wat',
  audit: 'Logboek',
  numo: 'Numo-koppeling',
  allowlist: 'Toetsbeveiliging: IP-adressen',
  plan: 'Jaarplan Leerling in beeld VO',
  rollover: 'Nieuw schooljaar',
} as const;

/**
 * The window's title (the taskbar, the tab, a screen reader on every change of screen): where the admin is —
 * "Stap 3 · Locatie Noord · Beheerconsole", "Logboek · Locatie Noord · Beheerconsole", "Mijn schoollocaties ·
 * Beheerconsole" — instead of always "Beheerconsole".
 */
export function windowTitle(view: string, location: { readonly name: string } | null): string {
  const step = steps.find((s) => s.id === view);
  const screen = step ? `Stap ${step.number}` : (EXTRA_SCREENS as Record<string, string>)[view];
  if (!location || !screen) return 'Mijn schoollocaties · Beheerconsole';
  return `${screen} · ${location.name} · Beheerconsole`;
}
