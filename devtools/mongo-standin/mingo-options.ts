import type { Options } from "mingo/types";

// Server-side JavaScript ($where, $function, $accumulator) stays off: this server listens on TCP.
export const MINGO_OPTIONS: Partial<Options> = { scriptEnabled: false };
