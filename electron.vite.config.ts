import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { META_CONTENT_SECURITY_POLICY } from './main/window/security';

/**
 * One Vite-based build for the three processes (electron-vite): main and preload for Node/Electron,
 * the renderer for the browser. Output in out/{main,preload,renderer}; browser mode serves out/renderer.
 */
export default defineConfig({
  main: {
    // The service address built into this version (main/app/build-config.ts): BEHEERCONSOLE_SERVICE_URL=https://… npm run dist.
    define: { __BEHEERCONSOLE_SERVICE_URL__: JSON.stringify(process.env['BEHEERCONSOLE_SERVICE_URL'] ?? '') },
    build: {
      outDir: 'out/main',
      // index: the Electron main process; cli: the headless CLI (node out/main/cli.js); browser: browser mode
      // (node out/main/browser.js, what `npm run start:browser` and the end-to-end tests start); the EDEXML worker thread.
      rollupOptions: {
        input: {
          index: resolve('main/index.ts'),
          cli: resolve('main/cli/start.ts'),
          browser: resolve('main/browser/start.ts'),
          'edexml-worker': resolve('main/imports/worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can only require('electron'): bundle zod and shared/ into one CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('renderer'),
    plugins: [react(), contentSecurityPolicy()],
    build: {
      outDir: resolve('out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});

/**
 * Writes the one policy from main/window/security.ts into index.html's meta tag (the HTTP header carries the
 * same policy). The dev server injects inline scripts and styles for hot reload: only while serving are they
 * allowed; the build, and so every shipped or tested page, keeps the strict policy.
 */
function contentSecurityPolicy(): Plugin {
  let serving = false;
  return {
    name: 'beheerconsole-csp',
    configResolved(config) {
      serving = config.command === 'serve';
    },
    transformIndexHtml(html) {
      const policy = serving
        ? META_CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
            .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
            .replace("connect-src 'self'", "connect-src 'self' ws:")
        : META_CONTENT_SECURITY_POLICY;
      if (!html.includes('%CONTENT_SECURITY_POLICY%')) throw new Error('renderer/index.html lost its CSP placeholder');
      return html.replace('%CONTENT_SECURITY_POLICY%', policy);
    },
  };
}

