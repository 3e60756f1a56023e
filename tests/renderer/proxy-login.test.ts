import { describe, expect, it } from 'vitest';
import type { ProxyLoginRequest } from '../../shared/bridge';
import { useShell } from '../../renderer/src/store';

const request = (id: string, attempt: number): ProxyLoginRequest => ({ id, proxy: 'http://127.0.0.1:3128', realm: null, attempt });

describe('the proxy sign-in dialog', () => {
  it('closes on its answer, but not over the request main asked meanwhile (a wrong password: asked again before the reply)', () => {
    const shell = useShell.getState();
    shell.setProxyLogin(request('a', 1));
    // The coordinator answers "a"; main tries it, the proxy refuses, and main asks again ("b") before the reply to "a".
    useShell.getState().setProxyLogin(request('b', 2));
    useShell.getState().proxyLoginDone('a');
    expect(useShell.getState().proxyLogin).toMatchObject({ id: 'b', attempt: 2 });
    useShell.getState().proxyLoginDone('b');
    expect(useShell.getState().proxyLogin).toBeNull();
  });
});
