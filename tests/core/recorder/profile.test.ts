/**
 * The xAPI profile (docs/xapi-profile.md) against the statements a whole learner journey really records:
 * pretest → lessons → posttest passed → certificate, plus a second learner who only begins. Every statement
 * in the outbox passes Learning Locker's xAPI 1.0.3 validator, carries no personal data, and follows the
 * profile (actor, registration, extensions, sequence, verbs); the doc's example statements have the same
 * shape as the real ones. `XAPI_EXAMPLES_OUT=file` writes one real statement per verb for the doc.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import xapiValidation from '@learninglocker/xapi-validation';
import { describe, expect, it } from 'vitest';
import type { AttemptView } from '../../../main/api/courses';
import { sql } from '../../../main/core/db/sql';
import { readKiosk } from '../../../main/core/setup/kiosk';
import type { Statement } from '../../../main/core/recorder/recorder';
import {
  ACTIVITY_TYPES,
  activityIds,
  EXTENSIONS,
  PROFILE_ID,
  VERBS,
} from '../../../main/core/recorder/profile';
import { useTempDirs } from '../../helpers/core';
import { writeAssessmentCourse } from '../../helpers/course-fixture';
import { makeWorld, type World } from '../../helpers/world';

const DOC = resolve(import.meta.dirname, '..', '..', '..', 'docs', 'xapi-profile.md');
const C = 'uji-lengkap';
const NIK = '3302051234567890';
const PHONE = '0812-3456-7890';
const EMAIL = 'ani@example.id';
const NAMES = ['Ani Pertama', 'Bambang Kedua', 'Operator Uji', 'Operator Saja'];

// The package is CommonJS with `exports.default`: imported natively, the function sits one level down.
type Validate = (statement: unknown) => { path: string[]; message: string; name: string }[];
const validate: Validate = (xapiValidation as unknown as { default?: Validate }).default ?? xapiValidation;

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface Row {
  seq: number;
  id: string;
  verb: string;
  learner_id: string;
  statement: string;
}

/** What a statement looks like regardless of its values: every key path, plus the profile's fixed IRIs. */
function shape(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => shape(v, `${path}[]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => {
      const p = path ? `${path}.${k}` : k;
      const fixed =
        p === 'verb.id' || p.endsWith('definition.type') || p === 'object.definition.interactionType'
          ? [`${p}=${String(v)}`]
          : [];
      return [...fixed, ...shape(v, p)];
    });
  }
  return [`${path}:${typeof value}`];
}
const shapeKey = (s: unknown) => [...new Set(shape(s))].sort().join('\n');

async function answerAll(w: World, token: string, attempt: AttemptView, right: number): Promise<void> {
  for (const [i, q] of attempt.questions.entries()) {
    w.clock.advance(40_000);
    await w.must(token, 'quiz.answer', {
      attemptId: attempt.attemptId,
      questionId: q.id,
      optionIds: [i < right ? 'a' : 'b'],
    });
  }
}

describe('the xAPI profile', () => {
  const tempDir = useTempDirs();

  it('every statement of a whole learner journey is valid xAPI 1.0.3 and follows docs/xapi-profile.md', async () => {
    const dir = tempDir();
    const w = await makeWorld(dir);
    const installed = w.core.services.courses.installFolder(
      writeAssessmentCourse(join(`${dir}-sticks`, 'src'), { id: C }),
    );
    if (!installed.ok) throw new Error(installed.reason);
    const db = w.core.services.db;
    const kiosk = readKiosk(db)!;
    const before = db.get<{ n: number }>(sql`SELECT COALESCE(MAX(seq), 0) AS n FROM outbox`)!.n;
    // Learner A (who has a NIK, a phone number and an email) goes all the way; the events they cause:
    const caused: Record<string, number> = {};
    const cause = (verb: keyof typeof VERBS, n = 1) => (caused[verb] = (caused[verb] ?? 0) + n);
    const t = w.tokenA;

    const { attempt: pre } = await w.must(t, 'quiz.start', { courseId: C, quizId: 'pretest' });
    cause('launched');
    cause('attempted');
    await answerAll(w, t, pre, 1);
    cause('answered', pre.questions.length);
    // Changing an answer is an event too.
    await w.must(t, 'quiz.answer', {
      attemptId: pre.attemptId,
      questionId: pre.questions[3]!.id,
      optionIds: ['c'],
    });
    cause('answered');
    expect((await w.must(t, 'quiz.submit', { attemptId: pre.attemptId })).result.passed).toBe(false);
    cause('failed');

    for (const lessonId of ['l1', 'l2']) {
      w.clock.advance(60_000);
      await w.must(t, 'lessons.open', { courseId: C, lessonId });
      cause('experienced');
      w.clock.advance(60_000);
      await w.must(t, 'lessons.progress', { courseId: C, lessonId, position: 50, completed: false });
      await w.must(t, 'lessons.progress', { courseId: C, lessonId, position: 100, completed: true });
      cause('completed');
      // Opening a lesson again and reporting it complete again records nothing new.
      await w.must(t, 'lessons.open', { courseId: C, lessonId });
      await w.must(t, 'lessons.progress', { courseId: C, lessonId, position: 100, completed: true });
    }

    const { attempt: post } = await w.must(t, 'quiz.start', { courseId: C, quizId: 'posttest' });
    cause('attempted');
    await answerAll(w, t, post, 4);
    cause('answered', post.questions.length);
    const passed = (await w.must(t, 'quiz.submit', { attemptId: post.attemptId })).result;
    expect(passed).toMatchObject({ passed: true, score: 100 });
    expect(passed.certificateNumber).not.toBeNull();
    cause('passed');
    cause('completed'); // the course
    cause('certified');

    // Learner B only begins: a pretest with one answer, in a registration of their own.
    const { attempt: preB } = await w.must(w.tokenB, 'quiz.start', { courseId: C, quizId: 'pretest' });
    await w.must(w.tokenB, 'quiz.answer', {
      attemptId: preB.attemptId,
      questionId: preB.questions[0]!.id,
      optionIds: ['a'],
    });

    const rows = db.all<Row>(sql`SELECT seq, id, verb, learner_id, statement FROM outbox ORDER BY seq`);
    const all = rows.map((r) => ({ row: r, s: JSON.parse(r.statement) as Statement }));
    expect(all.length).toBeGreaterThan(25);

    // The counts of A's journey are the events the test caused, verb by verb.
    const journeyA = all.filter((x) => x.row.seq > before && x.row.learner_id === w.learnerA);
    const counted: Record<string, number> = {};
    for (const x of journeyA) counted[x.row.verb] = (counted[x.row.verb] ?? 0) + 1;
    expect(counted).toEqual(caused);
    expect(journeyA.map((x) => x.row.verb)).toEqual([
      'launched',
      'attempted',
      ...Array<string>(5).fill('answered'),
      'failed',
      'experienced',
      'completed',
      'experienced',
      'completed',
      'attempted',
      ...Array<string>(4).fill('answered'),
      'passed',
      'completed',
      'certified',
    ]);
    expect(
      all.filter((x) => x.row.seq > before && x.row.learner_id === w.learnerB).map((x) => x.row.verb),
    ).toEqual(['launched', 'attempted', 'answered']);

    // The sequence: 1, 2, 3, … across the whole outbox, in the column and in the statement alike.
    expect(all.map((x) => x.row.seq)).toEqual(all.map((_, i) => i + 1));
    expect(all.map((x) => x.s.context.extensions[EXTENSIONS.sequence])).toEqual(all.map((_, i) => i + 1));

    const verbIds = new Set<string>(Object.values(VERBS).map((v) => v.id));
    const registrations = new Map<string, string>();
    const learners = new Set([w.learnerA, w.learnerB]);
    const validatorSaid: string[] = [];
    for (const { row, s } of all) {
      const text = row.statement;
      // Valid xAPI 1.0.3: the validator's list of problems is empty (it has no "optional" level: each is an error).
      const problems = validate(s);
      for (const p of problems) validatorSaid.push(`${row.verb} ${p.name} at ${p.path.join('.')}`);
      expect(problems, `${row.verb}: ${problems.map((p) => p.path.join('.')).join(', ')}`).toEqual([]);

      // No personal data of any learner, whatever the spelling.
      const lower = text.toLowerCase();
      for (const name of NAMES) expect(lower).not.toContain(name.toLowerCase());
      expect(text).not.toContain(NIK);
      expect(text.replace(/\D/g, '')).not.toContain(NIK);
      expect(text).not.toContain(PHONE);
      expect(text.replace(/\D/g, '')).not.toContain(PHONE.replace(/\D/g, ''));
      expect(lower).not.toContain(EMAIL);
      expect(lower).not.toContain('@');
      expect(lower).not.toContain('mailto');

      expect(s.id).toMatch(UUID);
      expect(s.id).toBe(row.id);
      expect(s.version).toBe('1.0.0');
      expect(s.actor).toEqual({
        objectType: 'Agent',
        account: {
          homePage: `https://w3id.org/balai-belajar/xapi/kiosk/${kiosk.device_id}`,
          name: row.learner_id,
        },
      });
      expect(learners.has(s.actor.account.name)).toBe(true);
      expect(Object.keys(s.actor).sort()).toEqual(['account', 'objectType']);
      expect(s.timestamp).toMatch(TIMESTAMP);
      expect(verbIds.has(s.verb.id)).toBe(true);
      expect(s.verb.id).toBe(VERBS[row.verb as keyof typeof VERBS].id);

      const ctx = s.context;
      expect(ctx.registration).toMatch(UUID);
      expect(ctx.extensions[EXTENSIONS.desaCode]).toBe(kiosk.desa_code);
      expect(ctx.extensions[EXTENSIONS.deviceId]).toBe(kiosk.device_id);
      expect(ctx.contextActivities.category).toEqual([
        {
          objectType: 'Activity',
          id: PROFILE_ID,
          definition: { type: 'http://adlnet.gov/expapi/activities/profile' },
        },
      ]);
      const courseId =
        /\/course\/([^/"]+)/.exec(s.object.id)?.[1] ?? /\/course\/([^/"]+)/.exec(JSON.stringify(ctx))?.[1];
      expect(courseId).toBeTruthy();
      // One registration per learner per course, and never shared between two.
      const key = `${row.learner_id} ${courseId}`;
      if (!registrations.has(key)) registrations.set(key, ctx.registration!);
      expect(ctx.registration, key).toBe(registrations.get(key));
    }
    expect(new Set(registrations.values()).size).toBe(registrations.size);
    expect(registrations.size).toBe(3); // A in uji-dasar (made by makeWorld), A and B in uji-lengkap
    expect(validatorSaid).toEqual([]);

    // Pretest and posttest statements tell themselves apart by the quiz-kind extension (and the attempt id).
    const kindOf = (x: (typeof all)[number]) => x.s.context.extensions[EXTENSIONS.quizKind];
    const ofQuiz = (quizId: string) =>
      journeyA.filter(
        (x) =>
          x.s.object.id === activityIds.quiz(C, quizId) ||
          x.s.context.contextActivities.parent?.some((p) => p.id === activityIds.quiz(C, quizId)),
      );
    const preStatements = ofQuiz('pretest');
    const postStatements = ofQuiz('posttest');
    expect(preStatements.map((x) => x.row.verb)).toEqual([
      'attempted',
      ...Array<string>(5).fill('answered'),
      'failed',
    ]);
    expect(postStatements.map((x) => x.row.verb)).toEqual([
      'attempted',
      ...Array<string>(4).fill('answered'),
      'passed',
    ]);
    expect(new Set(preStatements.map(kindOf))).toEqual(new Set(['pre']));
    expect(new Set(postStatements.map(kindOf))).toEqual(new Set(['post']));
    expect(new Set(preStatements.map((x) => x.s.context.extensions[EXTENSIONS.attemptId]))).toEqual(
      new Set([pre.attemptId]),
    );
    expect(new Set(postStatements.map((x) => x.s.context.extensions[EXTENSIONS.attemptId]))).toEqual(
      new Set([post.attemptId]),
    );
    // Statements that are not about a quiz carry no quiz kind.
    expect(journeyA.filter((x) => kindOf(x) !== undefined)).toHaveLength(
      preStatements.length + postStatements.length,
    );

    // Scores on passed/failed and on the course's completion; the answer and its correctness on answered.
    const failed = journeyA.find((x) => x.row.verb === 'failed')!.s;
    expect(failed.result).toEqual({
      score: { scaled: 0.25, raw: 25, min: 0, max: 100 },
      success: false,
      completion: true,
    });
    const passedS = journeyA.find((x) => x.row.verb === 'passed')!.s;
    expect(passedS.result).toEqual({
      score: { scaled: 1, raw: 100, min: 0, max: 100 },
      success: true,
      completion: true,
    });
    const courseDone = journeyA.find(
      (x) => x.row.verb === 'completed' && x.s.object.definition.type === ACTIVITY_TYPES.course,
    )!.s;
    expect(courseDone.object.id).toBe(activityIds.course(C));
    expect(courseDone.result).toMatchObject({ completion: true, success: true, score: { raw: 100 } });
    const certified = journeyA.find((x) => x.row.verb === 'certified')!.s;
    expect(certified.object.id).toBe(activityIds.certificate(passed.certificateNumber!));
    expect(certified.context.extensions[EXTENSIONS.certificateNumber]).toBe(passed.certificateNumber);
    const answered = journeyA.filter((x) => x.row.verb === 'answered').map((x) => x.s);
    expect(answered.map((s) => s.result?.response)).toEqual(['a', 'b', 'b', 'b', 'c', 'a', 'a', 'a', 'a']);
    expect(answered.map((s) => s.result?.success)).toEqual([
      true,
      false,
      false,
      false,
      false,
      true,
      true,
      true,
      true,
    ]);
    // The question as an xAPI choice interaction (its options in the order the attempt shows them).
    const definition = answered[0]!.object.definition;
    expect(definition).toMatchObject({ interactionType: 'choice', correctResponsesPattern: ['a'] });
    expect([...definition.choices!].sort((x, y) => x.id.localeCompare(y.id))).toEqual([
      { id: 'a', description: { 'id-ID': 'Benar' } },
      { id: 'b', description: { 'id-ID': 'Salah satu' } },
      { id: 'c', description: { 'id-ID': 'Salah dua' } },
    ]);

    const out = process.env.XAPI_EXAMPLES_OUT;
    if (out) {
      const pick = (verb: string, type?: string) =>
        journeyA.find((x) => x.row.verb === verb && (!type || x.s.object.definition.type === type))!.s;
      writeFileSync(
        out,
        JSON.stringify(
          {
            launched: pick('launched'),
            attempted: pick('attempted'),
            answered: pick('answered'),
            failed: pick('failed'),
            experienced: pick('experienced'),
            lessonCompleted: pick('completed', ACTIVITY_TYPES.lesson),
            passed: pick('passed'),
            courseCompleted: pick('completed', ACTIVITY_TYPES.course),
            certified: pick('certified'),
          },
          null,
          2,
        ),
      );
    }

    // The doc: every verb, activity type and extension in use is written down, and each example statement
    // there has exactly the shape of a real one of its verb and activity type (and is valid xAPI itself).
    const doc = readFileSync(DOC, 'utf8');
    const examples = [...doc.matchAll(/```json\n([\s\S]*?)\n```/g)]
      .map((m) => JSON.parse(m[1]!) as Statement)
      .filter((s) => s.verb !== undefined);
    const realShapes = new Map<string, Set<string>>();
    for (const { s } of all) {
      const k = `${s.verb.id} ${s.object.definition.type}`;
      if (!realShapes.has(k)) realShapes.set(k, new Set());
      realShapes.get(k)!.add(shapeKey(s));
    }
    const documented = new Set<string>();
    for (const e of examples) {
      const k = `${e.verb.id} ${e.object.definition.type}`;
      expect(validate(e), `doc example ${k}`).toEqual([]);
      expect(realShapes.get(k), `doc example ${k} has no real counterpart`).toBeDefined();
      expect([...realShapes.get(k)!], `doc example ${k} differs in shape from the real statements`).toContain(
        shapeKey(e),
      );
      documented.add(k);
    }
    expect([...realShapes.keys()].filter((k) => !documented.has(k))).toEqual([]);
    for (const iri of [
      ...Object.values(VERBS).map((v) => v.id),
      ...Object.values(ACTIVITY_TYPES),
      ...Object.values(EXTENSIONS),
      PROFILE_ID,
    ])
      expect(doc, iri).toContain(iri);

    w.close();
  });

  it('the validator is not a formality: it rejects what the profile must never send', () => {
    const good = {
      actor: {
        objectType: 'Agent',
        account: { homePage: 'https://w3id.org/balai-belajar/xapi/kiosk/x', name: 'y' },
      },
      verb: { id: VERBS.passed.id },
      object: { objectType: 'Activity', id: activityIds.course(C) },
      timestamp: '2026-11-01T08:00:00.000+07:00',
    };
    expect(validate(good)).toEqual([]);
    expect(validate({ ...good, context: { registration: 'not-a-uuid' } })).not.toEqual([]);
    expect(validate({ ...good, actor: { objectType: 'Agent', account: { name: 'y' } } })).not.toEqual([]);
    expect(validate({ ...good, result: { score: { scaled: 2 } } })).not.toEqual([]);
    expect(validate({ ...good, verb: { id: 'passed' } })).not.toEqual([]);
    expect(validate({ ...good, timestamp: 'yesterday' })).not.toEqual([]);
  });
});
