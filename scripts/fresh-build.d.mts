/** The checkout's root folder. */
export declare const root: string;
/** Whether `built` (a path below the checkout) is newer than every source file of main/, shared/ and package.json. */
export declare function isFreshBuild(built: string): boolean;
