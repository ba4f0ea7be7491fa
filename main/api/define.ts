import type { z } from 'zod';

/**
 * Who may call a method.
 * - `anyone`: no login needed (home screen, set-up, login itself).
 * - `learner`: a logged-in account that is a learner; acts only on that learner's own data.
 * - `operator`: a logged-in account that is an operator (village operator, or the office admin on a hub).
 * - `session`: any logged-in account, whatever its roles (logout, "who am I").
 */
export type Role = 'anyone' | 'session' | 'learner' | 'operator';

/** One method of the contract: its role, its input schema, and (as a phantom type) its output. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O = unknown, R extends Role = Role> {
  readonly role: R;
  readonly input: I;
  /** Phantom: never set at run time; carries the output type. */
  readonly output?: O;
}

export function method<O>() {
  return <R extends Role, I extends z.ZodType>(role: R, input: I): MethodSpec<I, O, R> => ({ role, input });
}

export type SpecMap = Record<string, MethodSpec>;

type MergeAll<T extends SpecMap[]> = T extends [infer H extends SpecMap, ...infer R extends SpecMap[]]
  ? H & MergeAll<R>
  : unknown;

/** Merge feature specs into one map; a name defined twice is a programming error and throws at start-up. */
export function mergeSpecs<T extends SpecMap[]>(...parts: T): MergeAll<T> {
  const all: SpecMap = {};
  for (const part of parts) {
    for (const [name, spec] of Object.entries(part)) {
      if (Object.hasOwn(all, name)) throw new Error(`API method defined twice: ${name}`);
      all[name] = spec;
    }
  }
  return all as MergeAll<T>;
}
