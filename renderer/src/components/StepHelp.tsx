import { STEP_HELP } from '../../../shared/domain/step-help';
import type { StepId } from '../../../shared/domain/steps';

/** "Hoe werkt deze stap?": the seed's words for this step, closed by default; links open in the system browser. */
export function StepHelpPanel({ step }: { step: StepId }) {
  const help = STEP_HELP[step];
  return (
    <details className="step-help no-print" data-testid="step-help">
      <summary>Hoe werkt deze stap?</summary>
      {help.text.map((line) => (
        <p key={line}>{line}</p>
      ))}
      {help.links.length > 0 && (
        <ul className="plain-list">
          {help.links.map((link) => (
            <li key={link.href}>
              <a href={link.href} target="_blank" rel="noreferrer noopener">
                {link.label}
              </a>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
