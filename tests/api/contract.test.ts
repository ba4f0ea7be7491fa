import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { api, type MethodName } from '../../main/api/contract';
import { ERROR_CODES } from '../../main/api/errors';
import { tempDir } from '../helpers/core';
import { fingerprint, makeWorld, validArgs, type World } from '../helpers/world';

const methods = Object.keys(api) as MethodName[];
const WRONG_TYPES: unknown[] = [12345, 'teks', true, null, [], { nested: 1 }, -1.5];
const HUGE = 'a'.repeat(100_000);

function tokenFor(w: World, name: MethodName): string {
  switch (api[name].role) {
    case 'anyone':
      return w.core.newSession();
    case 'operator':
      return w.operator;
    default:
      return w.tokenA;
  }
}

function shapeOf(name: MethodName): Record<string, z.ZodType> {
  const input = api[name].input as unknown as z.ZodObject;
  return input.shape;
}

describe('the API contract', () => {
  let w: World;
  let args: ReturnType<typeof validArgs>;
  const tmp = tempDir();
  beforeAll(async () => {
    w = await makeWorld(tmp.dir);
    args = validArgs(w);
  });
  afterAll(() => {
    w.close();
    tmp.cleanup();
  });

  it('has valid example arguments for every method (so the bad-input cases below mean something)', () => {
    expect(Object.keys(args).sort()).toEqual([...methods].sort());
    for (const name of methods) {
      const parsed = (api[name].input as z.ZodType).safeParse(args[name]);
      expect(parsed.success, `${name}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it('answers an unknown method with UNKNOWN_METHOD and never throws on junk', async () => {
    // A method name nested 100,000 deep (valid JSON over HTTP) once overflowed the stack in the message.
    const deep: unknown = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    for (const junk of ['nope', 'constructor', '__proto__', 'toString', 42, null, { a: 1 }, deep]) {
      const r = await w.core.call(w.core.newSession(), junk, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    }
    const r = await w.core.call('no-such-session', 'system.ping', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  for (const name of methods) {
    describe(name, () => {
      const expectRefused = async (token: string, input: unknown, code: string, what: string) => {
        const before = fingerprint(w);
        const r = await w.core.call(token, name, input);
        expect(r.ok, `${name} ${what} should be refused`).toBe(false);
        if (!r.ok) {
          expect(r.error.code, `${name} ${what}: ${r.error.message}`).toBe(code);
          expect(ERROR_CODES).toContain(r.error.code);
          expect(typeof r.error.message).toBe('string');
        }
        expect(fingerprint(w), `${name} ${what} wrote to the database`).toBe(before);
      };

      it('refuses non-object arguments and unknown fields', async () => {
        const token = tokenFor(w, name);
        for (const bad of [42, 'teks', [], true])
          await expectRefused(token, bad, 'BAD_INPUT', JSON.stringify(bad));
        await expectRefused(token, { ...args[name], unexpected: 1 }, 'BAD_INPUT', 'extra field');
      });

      it('refuses each field with a wrong type, too long, or missing', async () => {
        const token = tokenFor(w, name);
        const shape = shapeOf(name);
        const valid = args[name] as Record<string, unknown>;
        for (const [field, schema] of Object.entries(shape)) {
          for (const wrong of WRONG_TYPES.filter((v) => !schema.safeParse(v).success)) {
            await expectRefused(
              token,
              { ...valid, [field]: wrong },
              'BAD_INPUT',
              `${field}=${JSON.stringify(wrong)}`,
            );
          }
          if (!schema.safeParse(HUGE).success || typeof valid[field] === 'string') {
            await expectRefused(token, { ...valid, [field]: HUGE }, 'BAD_INPUT', `${field} oversized`);
          }
          if (!schema.safeParse(undefined).success) {
            const rest = { ...valid };
            delete rest[field];
            await expectRefused(token, rest, 'BAD_INPUT', `${field} missing`);
          }
        }
      });

      if (api[name].role !== 'anyone') {
        it('refuses every role that may not call it', async () => {
          await expectRefused(w.core.newSession(), args[name], 'UNAUTHENTICATED', 'as no one');
          const role = api[name].role;
          if (role === 'operator') {
            await expectRefused(w.tokenA, args[name], 'FORBIDDEN', 'as a learner');
            await expectRefused(w.tokenB, args[name], 'FORBIDDEN', 'as another learner');
          }
          if (role === 'learner')
            await expectRefused(
              w.pureOperator,
              args[name],
              'FORBIDDEN',
              'as an operator who is not a learner',
            );
        });
      }
    });
  }
});
