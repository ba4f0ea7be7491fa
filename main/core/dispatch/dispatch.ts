import type { z } from 'zod';
import { api, isMethodName, type Api, type MethodName } from '../../api/contract';
import type { Role } from '../../api/define';
import { err, type Result } from '../../api/result';
import { getAccount, isActive, type AccountRow } from '../auth/accounts';
import type { AnyCtx, HandlerMap, Services } from '../context';
import type { Session } from '../session/store';
import { installationMode } from '../hub/identity';
import { allowedOnHub } from './modes';

export type ApiHandlers = HandlerMap<Api>;

/** Calls one API method for one session: name and args arrive as `unknown` from a transport. Never throws. */
export type CallFn = (token: string, name: unknown, args: unknown) => Promise<Result<unknown>>;

/** Joins feature handler maps into one; a name registered twice is a programming error and throws. */
export function joinHandlers(...maps: Record<string, unknown>[]): ApiHandlers {
  const all: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [name, fn] of Object.entries(map)) {
      if (Object.hasOwn(all, name)) throw new Error(`handler registered twice: ${name}`);
      all[name] = fn;
    }
  }
  const missing = Object.keys(api).filter((name) => !Object.hasOwn(all, name));
  if (missing.length > 0) throw new Error(`no handler for: ${missing.join(', ')}`);
  const extra = Object.keys(all).filter((name) => !isMethodName(name));
  if (extra.length > 0) throw new Error(`handler for a method not in the contract: ${extra.join(', ')}`);
  return all as ApiHandlers;
}

/** Calls one API method in a given session (a kept one, or a transient one for an anonymous call). Never throws. */
export type SessionCallFn = (
  session: Session | undefined,
  name: unknown,
  args: unknown,
) => Promise<Result<unknown>>;

export function createDispatcher(services: Services, handlers: ApiHandlers): SessionCallFn {
  return async (session, name, args) => {
    try {
      if (!isMethodName(name)) return err('UNKNOWN_METHOD', `unknown method: ${nameOf(name)}`);
      if (services.data.replacing) return err('BUSY', 'the app is restoring a backup; try again in a moment');
      if (!session) return err('UNAUTHENTICATED', 'no session');
      const account = currentAccount(services, session.accountId);
      if (session.accountId && !account) services.sessions.bind(session, null);

      const spec = api[name];
      const denied = checkRole(spec.role, account);
      if (denied) return denied;
      if (!allowedOnHub(name) && installationMode(services.db) === 'hub')
        return err('FORBIDDEN', `${name} is for a village kiosk, not an office hub`, { reason: 'hub' });

      const parsed = (spec.input as z.ZodType).safeParse(args ?? {});
      if (!parsed.success) {
        const issues = parsed.error.issues
          .slice(0, 10)
          .map((i) => ({ path: i.path.join('.'), message: i.message }));
        return err(
          'BAD_INPUT',
          `invalid input for ${name}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
          {
            issues,
          },
        );
      }
      if (account && spec.role !== 'anyone') services.sessions.touch(session);
      const ctx: AnyCtx = { services, session, account };
      const handler = handlers[name] as (
        input: unknown,
        ctx: AnyCtx,
      ) => Result<unknown> | Promise<Result<unknown>>;
      return await handler(parsed.data, ctx);
    } catch (error) {
      services.log.error('api call failed', { method: nameOf(name), error: describe(error) });
      return err('INTERNAL', 'internal error; see the log');
    }
  };
}

function currentAccount(services: Services, id: string | null): AccountRow | null {
  if (!id) return null;
  const row = getAccount(services.db, id);
  return row && isActive(row) ? row : null;
}

function checkRole(role: Role, account: AccountRow | null): Result<never> | null {
  if (role === 'anyone') return null;
  if (!account) return err('UNAUTHENTICATED', 'login required');
  if (role === 'learner' && account.is_learner !== 1) return err('FORBIDDEN', 'learners only');
  if (role === 'operator' && account.is_operator !== 1) return err('FORBIDDEN', 'operators only');
  return null;
}

/**
 * A method name for a message or the log, whatever arrived: `String()` of a deeply nested array (valid
 * JSON from the HTTP host) overflows the stack, so only a string is shown as itself.
 */
function nameOf(name: unknown): string {
  if (typeof name === 'string') return name.slice(0, 80);
  return Array.isArray(name) ? '(an array)' : `(${name === null ? 'null' : typeof name})`;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
}

export type { MethodName };
