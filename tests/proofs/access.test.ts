import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type MethodName } from '../../main/api/contract';
import type { Role } from '../../main/api/define';
import { sql } from '../../main/core/db/sql';
import { earnCertificate } from '../helpers/certified';
import { openTestCore, tempDir, type TestKiosk } from '../helpers/core';
import { allowedOnHub } from '../../main/core/dispatch/modes';
import { makeWorld, validArgs, type World } from '../helpers/world';

/**
 * The access matrix (`npm run proof:access`): every API method called as no one, as learner A, as learner B,
 * as an operator who also learns and as an operator who does not, each in a fresh village, with the valid
 * arguments of tests/helpers/world.ts (aimed at learner A's data). It prints what each caller got and fails
 * on any leak:
 * - a caller whose role the method does not allow got an answer other than UNAUTHENTICATED / FORBIDDEN
 *   (methods of the set-up screen answer ALREADY_SET_UP on a kiosk that is set up);
 * - a caller who is not A (and not an operator) got an answer naming A's account or attempt, or changed
 *   anything stored about A;
 * - any call answered INTERNAL.
 */

type Caller = 'none' | 'learnerA' | 'learnerB' | 'operator' | 'pureOperator';
const CALLERS: Caller[] = ['none', 'learnerB', 'pureOperator', 'learnerA', 'operator'];

/** Who the role lets in. `operator` is the set-up operator, who also learns. */
const ALLOWED: Record<Role, Caller[]> = {
  anyone: ['none', 'learnerA', 'learnerB', 'operator', 'pureOperator'],
  session: ['learnerA', 'learnerB', 'operator', 'pureOperator'],
  learner: ['learnerA', 'learnerB', 'operator'],
  operator: ['operator', 'pureOperator'],
};

/** Methods that answer A's id to anyone by design: the login cards, and logging in with A's own PIN. */
const NAMES_A_BY_DESIGN = new Set<MethodName>(['auth.roster', 'auth.login']);
/** Methods whose valid arguments carry A's PIN or id, so a call may rightly count towards A's lockout. */
const COUNTS_A_PIN = new Set<MethodName>(['auth.login']);

function rowsOfA(w: World, ignorePins: boolean): string {
  const db = w.core.services.db;
  const a = w.learnerA;
  const account = db.get<Record<string, unknown>>(sql`SELECT * FROM accounts WHERE id = ${a}`) ?? {};
  if (ignorePins) {
    delete account.failed_pins;
    delete account.last_login_at;
  }
  return JSON.stringify([
    account,
    db.all(sql`SELECT * FROM lesson_progress WHERE learner_id = ${a}`),
    db.all(sql`SELECT * FROM quiz_attempts WHERE learner_id = ${a}`),
    db.all(sql`SELECT * FROM resume_points WHERE account_id = ${a}`),
    db.all(sql`SELECT * FROM outbox WHERE learner_id = ${a}`),
    db.all(sql`SELECT * FROM certificates WHERE learner_id = ${a}`),
  ]);
}

async function tokenFor(w: World, caller: Caller): Promise<string> {
  switch (caller) {
    case 'none':
      return w.core.newSession();
    case 'learnerA':
      return w.loginAs(w.learnerA, '172839');
    case 'learnerB':
      return w.loginAs(w.learnerB, '283940');
    case 'operator':
      return w.loginAs(w.operatorId, '246813');
    case 'pureOperator':
      return w.loginAs(w.pureOperatorId, '394051');
  }
}

interface Cell {
  outcome: string;
  leak: string | null;
}

async function probe(w: World, name: MethodName, caller: Caller, token: string): Promise<Cell> {
  const role = api[name].role;
  const ignorePins = COUNTS_A_PIN.has(name);
  const before = rowsOfA(w, ignorePins);
  const r = await w.core.call(token, name, validArgs(w)[name]);
  const outcome = r.ok ? 'ok' : r.error.code;
  const leaks: string[] = [];
  if (outcome === 'INTERNAL') leaks.push('INTERNAL');
  const allowed = ALLOWED[role].includes(caller);
  if (!allowed && !['UNAUTHENTICATED', 'FORBIDDEN'].includes(outcome))
    leaks.push(`role ${role} let ${caller} through (${outcome})`);
  const isA = caller === 'learnerA' || caller === 'operator' || caller === 'pureOperator';
  if (!isA) {
    const answer = JSON.stringify(r);
    if (answer.includes(w.attemptA)) leaks.push("answer holds A's attempt");
    if (answer.includes(w.learnerA) && !NAMES_A_BY_DESIGN.has(name)) leaks.push("answer names A's account");
    if (rowsOfA(w, ignorePins) !== before) leaks.push("changed A's data");
  }
  return { outcome, leak: leaks.length ? leaks.join('; ') : null };
}

describe('access matrix: every method × every caller on a kiosk', () => {
  const tmp = tempDir('balai-access-');
  const rows: { method: MethodName; role: Role; cells: Record<Caller, Cell> }[] = [];
  let n = 0;

  afterAll(() => {
    const pad = (s: string, k: number) => s.padEnd(k);
    const header = `${pad('method', 28)}${pad('role', 10)}${CALLERS.map((c) => pad(c, 20)).join('')}`;
    const lines = rows.map(
      (r) =>
        `${pad(r.method, 28)}${pad(r.role, 10)}${CALLERS.map((c) =>
          pad(r.cells[c].leak ? `LEAK:${r.cells[c].outcome}` : r.cells[c].outcome, 20),
        ).join('')}`,
    );
    const leaks = rows.flatMap((r) =>
      CALLERS.filter((c) => r.cells[c].leak).map((c) => `${r.method} as ${c}: ${r.cells[c].leak}`),
    );
    console.log(
      [
        'access matrix (kiosk): outcome per caller, ok = answered',
        header,
        ...lines,
        `methods ${rows.length}, calls ${rows.length * CALLERS.length}, leaks ${leaks.length}`,
        ...leaks,
      ].join('\n'),
    );
    tmp.cleanup();
  });

  for (const name of Object.keys(api) as MethodName[]) {
    it(name, async () => {
      // A fresh village per method: an operator's erase or a learner's submit must not colour the next row.
      const w = await makeWorld(`${tmp.dir}/v${n++}`);
      try {
        await earnCertificate(w, w.tokenA);
        // Everyone logs in first: an operator's call (disable, erase, new PIN) must not stop a later login.
        const tokens = {} as Record<Caller, string>;
        for (const caller of CALLERS) tokens[caller] = await tokenFor(w, caller);
        const cells = {} as Record<Caller, Cell>;
        for (const caller of CALLERS) cells[caller] = await probe(w, name, caller, tokens[caller]);
        rows.push({ method: name, role: api[name].role, cells });
        const leaks = CALLERS.filter((c) => cells[c].leak).map((c) => `${c}: ${cells[c].leak}`);
        expect(leaks).toEqual([]);
      } finally {
        w.close();
      }
    });
  }
});

/**
 * On an office hub: every method as no one and as the office admin, in one hub (its calls change little:
 * no learners live there). No one gets past the roles; the admin gets no village kiosk's method (learners,
 * lessons, quizzes, bundles, backups: FORBIDDEN with reason `hub`) and no INTERNAL.
 */
describe('access matrix: every method × no one and the admin on a hub', () => {
  const tmp = tempDir('balai-access-hub-');
  const rows: string[] = [];
  const leaks: string[] = [];
  let hub: TestKiosk;
  let adminId: string;
  let w: World;

  beforeAll(async () => {
    // validArgs needs a village's ids; the hub is called with the same arguments.
    w = await makeWorld(`${tmp.dir}/village`);
    hub = openTestCore(`${tmp.dir}/hub`);
    await hub.core.prepare();
    const done = await hub.must(hub.core.newSession(), 'hub.setup', {
      regionCode: '33.02',
      admin: { fullName: 'Admin Dinas', pin: '246810' },
    });
    adminId = done.operatorId;
  });
  afterAll(() => {
    console.log(
      [
        'access matrix (hub): outcome per caller',
        `${'method'.padEnd(28)}${'role'.padEnd(10)}${'none'.padEnd(20)}admin`,
        ...rows,
        `methods ${rows.length}, calls ${rows.length * 2}, leaks ${leaks.length}`,
        ...leaks,
      ].join('\n'),
    );
    hub.close();
    w.close();
    tmp.cleanup();
  });

  it('no one gets past the roles, the admin never reaches a kiosk method, nothing answers INTERNAL', async () => {
    for (const name of Object.keys(api) as MethodName[]) {
      const role = api[name].role;
      const args = validArgs(w)[name];
      const none = await hub.core.call(hub.core.newSession(), name, args);
      // A fresh login per method: the admin's own `auth.logout` must not log out the next row.
      const admin = hub.core.newSession();
      await hub.must(admin, 'auth.login', { accountId: adminId, pin: '246810' });
      const byAdmin = await hub.core.call(admin, name, args);
      const code = (r: typeof none) => (r.ok ? 'ok' : r.error.code);
      const found: string[] = [];
      if (role !== 'anyone' && code(none) !== 'UNAUTHENTICATED') found.push(`none got ${code(none)}`);
      if (code(none) === 'INTERNAL' || code(byAdmin) === 'INTERNAL') found.push('INTERNAL');
      const kioskOnly = !allowedOnHub(name);
      // Refused by role (learner methods: the admin is no learner) or by mode (reason `hub`).
      if (kioskOnly && role !== 'anyone' && code(byAdmin) !== 'FORBIDDEN')
        found.push(`admin reached a kiosk method (${code(byAdmin)})`);
      rows.push(`${name.padEnd(28)}${role.padEnd(10)}${code(none).padEnd(20)}${code(byAdmin)}`);
      leaks.push(...found.map((f) => `${name}: ${f}`));
    }
    expect(leaks).toEqual([]);
  });
});
