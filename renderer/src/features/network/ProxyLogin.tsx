import { useRef, useState } from 'react';
import { useModal } from '../../hooks/useModal';
import type { FormEvent } from 'react';
import { useAction } from '../../hooks/useAction';
import { call, useShell } from '../../store';
import { TextField } from '../../components/form';
import { ErrorNotice } from '../../components/ui';

/**
 * The school's proxy wants a user name and password (407, issue 30): asked here, in Dutch, when main says so
 * (`network:proxy-login`). The answer goes to main once and is kept there in memory only — never saved, never logged.
 */
export function ProxyLoginDialog() {
  const request = useShell((s) => s.proxyLogin);
  const proxyLoginDone = useShell((s) => s.proxyLoginDone);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { dialog: ref } = useModal(request !== null);
  const form = useRef<HTMLFormElement>(null);
  const action = useAction();

  const done = (answered: string) => {
    setPassword('');
    action.setError(null);
    proxyLoginDone(answered);
  };
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!request) return;
    const answered = await action.run(() => call('network:answer-proxy-login', { id: request.id, username, password }), { form });
    if (answered) done(request.id);
  }
  async function cancel() {
    if (!request) return;
    await call('network:cancel-proxy-login', { id: request.id });
    done(request.id);
  }

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="proxy-login-title" onCancel={(e) => (e.preventDefault(), void cancel())} data-testid="proxy-login">
      {request && (
        <form ref={form} onSubmit={(e) => void submit(e)} noValidate>
          <h2 id="proxy-login-title">Aanmelden bij de proxy van het schoolnetwerk</h2>
          <div className="dialog-body">
            <p>
              De proxy <span className="code">{request.proxy}</span>
              {request.realm ? ` (${request.realm})` : ''} vraagt om je gebruikersnaam en wachtwoord voordat de console de centrale dienst kan bereiken.
              {request.attempt > 1 && <strong> De proxy weigerde de vorige gegevens; probeer het opnieuw.</strong>}
            </p>
            <p className="hint">Meestal zijn dit je gegevens voor het schoolnetwerk. De console onthoudt ze alleen tot je haar sluit en bewaart ze nergens.</p>
            <ErrorNotice error={action.error} onDismiss={() => action.setError(null)} />
            <TextField id="proxy-username" path="username" label="Gebruikersnaam" value={username} onChange={setUsername} autoComplete="username" error={action.fieldError('username')} />
            <TextField id="proxy-password" path="password" label="Wachtwoord" type="password" value={password} onChange={setPassword} autoComplete="current-password" error={action.fieldError('password')} />
          </div>
          <div className="actions">
            <button type="button" className="button" onClick={() => void cancel()}>
              Annuleren
            </button>
            <button type="submit" className="button button-primary" disabled={action.busy}>
              Aanmelden bij de proxy
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
