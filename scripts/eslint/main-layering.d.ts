import type { ESLint } from 'eslint';

/** Per folder directly under main/: the other folders of main it may import. */
export declare const MAIN_LAYERS: Readonly<Record<string, readonly string[]>>;
/** Folders whose other files are internal: the rest of main imports only these modules of them. */
export declare const MAIN_PUBLIC_ENTRIES: Readonly<Record<string, readonly string[]>>;
export declare const mainLayering: ESLint.Plugin;
/** What one capability may use of another (the wiring and the transports are not bound by it). */
export declare const MAIN_CAPABILITY_API: Readonly<Record<string, readonly string[]>>;
