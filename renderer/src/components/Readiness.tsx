import type { LocationOverview } from '../../../shared/bridge';
import { readinessLabel } from '../../../shared/domain/readiness';
import { steps } from '../../../shared/domain/steps';
import type { StepId } from '../../../shared/domain/steps';
import { useShell } from '../store';
import type { View } from '../store';

/**
 * The one readiness rule on screen (shared/domain/readiness.ts, computed by main for the overview): "Klaar", or
 * every open point naming who or what, each with a link to the step that fixes it. The side navigation, the board
 * table's row detail, the overview cards, step 8 and *Wie ziet wat* all show this list.
 */
export function ReadinessList({ location, only, testId = 'readiness' }: { location: LocationOverview; only?: readonly StepId[]; testId?: string }) {
  const selectLocation = useShell((s) => s.selectLocation);
  // No link to the step on screen: the point is fixed right here.
  const here = useShell((s) => (s.current === location.brin6 ? s.view : null));
  const gaps = location.readiness.gaps.filter((g) => !only || only.includes(g.step));
  if (location.readiness.ready) {
    return (
      <p className="readiness readiness-ready" data-testid={testId} data-ready="true">
        ✓ Klaar: iedereen ziet wat hij moet zien.
      </p>
    );
  }
  if (gaps.length === 0) return null;
  return (
    <div className="readiness" data-testid={testId} data-ready="false">
      <p className="readiness-head">{only ? `${gaps.length === 1 ? '1 punt' : `${gaps.length} punten`} open` : `Nog niet klaar: ${readinessLabel(location.readiness)}`}</p>
      <ul className="readiness-gaps">
        {gaps.map((g) => {
          const step = steps.find((s) => s.id === g.step)!;
          return (
            <li key={`${g.kind}-${g.step}-${g.text}`} data-testid={`gap-${g.kind}`}>
              <span>{g.text}</span>{' '}
              {here !== g.step && (
                <button type="button" className="link-button" onClick={() => selectLocation(location.brin6, g.step as View)}>
                  Naar stap {step.number}
                  <span className="visually-hidden"> ({step.screen})</span>
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** One short word for a location's readiness: "Klaar" or "3 punten open". */
export function ReadinessBadge({ location }: { location: LocationOverview }) {
  return (
    <span className={`readiness-badge ${location.readiness.ready ? 'is-ready' : 'is-open'}`} data-testid="readiness-badge">
      {readinessLabel(location.readiness)}
    </span>
  );
}
