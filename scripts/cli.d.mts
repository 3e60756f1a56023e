/** Types of scripts/cli.mjs (plain JavaScript: `npm run cli` runs it before anything is compiled). */
/** Whether out/main/cli.js exists and is newer than every source file it is built from. */
export declare function useBuilt(): boolean;
