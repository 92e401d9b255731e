// Types for bin/compiled.js (plain JavaScript: the bin runs before anything is compiled).
export declare const STAMP: string;
export declare function compiledState(root: string): "fresh" | "stale" | "absent";
