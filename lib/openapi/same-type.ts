// Compile-time proof that a documented response schema describes exactly the type the handler
// returns: `export type Check = Assert<SameType<z.output<typeof viewSchema>, View>>` fails
// `npm run typecheck` when a field is added, removed or retyped on either side.

export type SameType<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

export type Assert<T extends true> = T;

/** An intersection as one object type (`A & B` and its merged form are the same shape). */
export type Flatten<T> = { [K in keyof T]: T[K] };
