import type { ESLint } from 'eslint';

/** The tiers of main/, lowest first: a folder imports lower tiers, and peers of its own tier where `peers` allows. */
export declare const MAIN_TIERS: ReadonlyArray<{ readonly tier: string; readonly peers: boolean; readonly folders: readonly string[] }>;
/** Per folder directly under main/: the other folders of main it may import (derived from MAIN_TIERS). */
export declare const MAIN_LAYERS: Readonly<Record<string, readonly string[]>>;
/** Folders whose other files are internal: the rest of main imports only these modules of them. */
export declare const MAIN_PUBLIC_ENTRIES: Readonly<Record<string, readonly string[]>>;
export declare const mainLayering: ESLint.Plugin;
/** What one capability may use of another (the wiring and the transports are not bound by it). */
export declare const MAIN_CAPABILITY_API: Readonly<Record<string, readonly string[]>>;
