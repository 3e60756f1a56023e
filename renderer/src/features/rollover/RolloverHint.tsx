import { useQuery } from '../../hooks/useQuery';
import { useShell } from '../../store';
import { Notice } from '../../components/ui';

/** Step 3, once a file is confirmed: "Klassen van collega's bijwerken" when the plan would change anyone's classes. */
export function RolloverHint({ brin6 }: { brin6: string }) {
  const go = useShell((s) => s.go);
  const plan = useQuery('rollover:get-plan', { brin6 }).data;
  if (!plan?.available || plan.changes === 0) return null;
  return (
    <Notice level="info" testId="rollover-hint">
      <span>
        Nieuw schooljaar: de klassen van {plan.changes === 1 ? '1 collega' : `${plan.changes} collega's`} kunnen worden bijgewerkt volgens het bestand.{' '}
      </span>
      <button type="button" className="button button-small" onClick={() => go('rollover')}>
        Klassen van collega&apos;s bijwerken
      </button>
    </Notice>
  );
}
