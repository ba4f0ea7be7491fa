import { randomUUID } from 'node:crypto';
import { copyFileSync, createWriteStream, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { buildBundle, deviceSigningKey } from '../../main/core/bundles/build';
import { bundleFileName, desaFolder } from '../../main/core/bundles/names';
import { DB_FILE } from '../../main/core/db/file';
import { readKiosk } from '../../main/core/setup/kiosk';
import { exportBundle, folderTarget } from '../../main/core/bundles/export';
import type { HubSigner } from '../../main/core/bundles/receipt';
import { makeEnrolment } from '../../main/core/bundles/receipt';
import { markDelivered, maxSeq, recordExport } from '../../main/core/bundles/store';
import { certificateNumber, encodeCertificate, nameHash } from '../../main/core/certificates/payload';
import { createCore, type Core } from '../../main/core/app';
import { isoWithOffset, type Clock } from '../../main/core/clock';
import { enrol, registrationFor } from '../../main/core/courses/progress';
import type { InstalledCourse } from '../../main/core/courses/store';
import { generateEd25519, publicKeyRaw } from '../../main/core/crypto/keys';
import { sql } from '../../main/core/db/sql';
import { silentLogger } from '../../main/core/log';
import { keyIdOf } from '../../main/core/packages/keys';
import { drawQuestions, isCorrect, scoreAttempt, type FrozenQuestion } from '../../main/core/quiz/draw';
import { ACTIVITY_TYPES, activityIds, EXTENSIONS } from '../../main/core/recorder/profile';
import type { LearningEvent } from '../../main/core/recorder/recorder';
import type { Regions } from '../../main/core/regions/regions';
import { DEVICE_KEY_FILE } from '../../main/core/setup/setup';
import { RESOURCES } from './core';
import type { Rng, Step, VillagePlan } from './hub-gen-plan';

/**
 * A planned village made real: a kiosk data folder with the kiosk's own database, device key and recorder,
 * each step recorded as the kiosk's handlers record it (courses/handlers.ts, quiz/handlers.ts,
 * certificates/issue.ts: the same events through the same Recorder), then exported with the kiosk's own
 * `exportBundle`. What the generator did is kept as its ground truth.
 */

export interface TruthCourse {
  lessons: Set<string>;
  preTenths: number | null;
  postTenths: number | null;
  completed: boolean;
  certificates: number;
}

export interface TruthLearner {
  id: string;
  desaCode: string;
  fullName: string | null;
  jabatan: string | null;
  nik: string | null;
  email: string | null;
  /** What the hub can know of the name: from a clear roster, a roster sealed to it, or nothing (erased). */
  personal: 'clear' | 'sealed' | 'erased';
  lastActivityMs: number | null;
  courses: Map<string, TruthCourse>;
}

export interface TruthVillage {
  desaCode: string;
  desaName: string;
  deviceId: string;
  devicePublicKey: string;
  devicePrivateKeyPem: string;
  /** Every bundle exported: path relative to the output folder and the kiosk's creation time. */
  bundles: { path: string; createdAt: string; createdMs: number; bundleSeq: number; statements: number }[];
  learners: TruthLearner[];
  statements: number;
  /** Time spent in the kiosk's export (the rest is set-up and recording). */
  exportMs: number;
}

export interface RealizeContext {
  regions: Regions;
  courses: ReadonlyMap<string, InstalledCourse>;
  /** Where the bundles go (a folder standing in for the sticks the villages bring). */
  outDir: string;
  /** Where the kiosks' data folders are made. */
  workDir: string;
  /** The hub whose receipt a two-bundle village applied between its exports. */
  hub: HubSigner & { encryptionKey: string };
  /** An empty, migrated database file copied into each kiosk's data folder (migrating 300 times is slow). */
  template: string;
}

const STATEMENT_GAP_MS = 20_000;

/**
 * The village's clock: every reading moves it on by 20 s, so each statement of a step (the recorder reads the
 * clock once per statement) has its own time, as when a learner answers question after question.
 */
class SteppingClock implements Clock {
  private t: number;
  /** The last time read: the time of the latest statement. */
  last: number;

  constructor(start: number) {
    this.t = start;
    this.last = start;
  }
  now(): Date {
    this.last = this.t;
    this.t += STATEMENT_GAP_MS;
    return new Date(this.last);
  }
  peek(): number {
    return this.t;
  }
  set(ms: number): void {
    this.t = ms;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

class VillageKiosk {
  readonly core: Core;
  readonly clock: SteppingClock;
  readonly truth = new Map<string, TruthLearner>();
  readonly deviceId = randomUUID();
  readonly keys = generateEd25519();
  readonly publicKey = publicKeyRaw(this.keys.publicKeyPem);
  private readonly pretestQuestions = new Map<string, Set<string>>();
  private readonly lessonsOpened = new Set<string>();

  constructor(
    readonly plan: VillagePlan,
    readonly ctx: RealizeContext,
    readonly r: Rng,
  ) {
    const dataDir = join(ctx.workDir, plan.desaCode);
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, DEVICE_KEY_FILE), this.keys.privateKeyPem, { mode: 0o600 });
    copyFileSync(ctx.template, join(dataDir, DB_FILE));
    this.clock = new SteppingClock(plan.startMs);
    this.core = createCore({
      dataDir,
      resourcesDir: RESOURCES,
      appVersion: '0.1.0',
      shell: 'browser',
      clock: this.clock,
      log: silentLogger,
    });
    // A generated kiosk, not a real one: no fsync per statement, so 300 villages take seconds.
    this.core.services.db.raw.pragma('synchronous = OFF');
  }

  get db() {
    return this.core.services.db;
  }

  setUp(): string {
    const place = this.ctx.regions.desa(this.plan.desaCode);
    if (!place) throw new Error(`not a desa: ${this.plan.desaCode}`);
    const created = isoWithOffset(new Date(this.plan.startMs - 3 * 86_400_000));
    this.db
      .run(sql`INSERT INTO kiosk (id, device_id, desa_code, desa_name, kecamatan_name, kabupaten_name, provinsi_name,
                                       region_dataset, public_key, recovery_hash, created_at)
                    VALUES (1, ${this.deviceId}, ${this.plan.desaCode}, ${place.desa.name}, ${place.kecamatan.name},
                            ${place.kabupaten.name}, ${place.provinsi.name}, ${this.ctx.regions.dataset},
                            ${this.publicKey}, 'x', ${created})`);
    for (const l of this.plan.learners) {
      this.db
        .run(sql`INSERT INTO accounts (id, full_name, jabatan, nik, email, is_operator, is_learner, pin_hash,
                                            created_at, updated_at)
                      VALUES (${l.id}, ${l.fullName}, ${l.jabatan}, ${l.nik}, ${l.email}, ${l.isOperator}, 1, 'x',
                              ${created}, ${created})`);
      this.truth.set(l.id, {
        id: l.id,
        desaCode: this.plan.desaCode,
        fullName: l.fullName,
        jabatan: l.jabatan,
        nik: l.nik,
        email: l.email,
        personal: 'clear',
        lastActivityMs: null,
        courses: new Map(),
      });
    }
    if (this.plan.pureOperator)
      this.db
        .run(sql`INSERT INTO accounts (id, full_name, jabatan, is_operator, is_learner, pin_hash, created_at, updated_at)
                      VALUES (${randomUUID()}, 'Operator Saja', 'staf_desa', 1, 0, 'x', ${created}, ${created})`);
    return place.desa.name;
  }

  private course(id: string): InstalledCourse {
    const course = this.ctx.courses.get(id);
    if (!course) throw new Error(`no course ${id}`);
    return course;
  }

  private truthCourse(learnerId: string, courseId: string): TruthCourse {
    const learner = this.truth.get(learnerId)!;
    let c = learner.courses.get(courseId);
    if (!c) {
      c = { lessons: new Set(), preTenths: null, postTenths: null, completed: false, certificates: 0 };
      learner.courses.set(courseId, c);
    }
    return c;
  }

  /** Records events as the handlers do: the learner's registration (and `launched`) first, then the events. */
  private record(
    learnerId: string,
    course: InstalledCourse,
    make: (registration: string) => LearningEvent[],
  ): void {
    const { services } = this.core;
    const { registration, launched } = enrol(services, learnerId, course);
    services.recorder.record([...launched, ...make(registration)], () => undefined);
    const t = this.truth.get(learnerId)!;
    t.lastActivityMs = Math.max(t.lastActivityMs ?? 0, this.clock.last);
  }

  step(learnerId: string, step: Step): void {
    const course = this.course(step.courseId);
    const ext = { [EXTENSIONS.courseVersion]: course.version };
    const parent = { id: activityIds.course(course.id), type: ACTIVITY_TYPES.course };
    if (step.kind === 'lesson') {
      const lesson = course.manifest.modules.flatMap((m) => m.lessons).find((l) => l.id === step.lessonId)!;
      const object = {
        id: activityIds.lesson(course.id, lesson.id),
        type: ACTIVITY_TYPES.lesson,
        name: lesson.title,
      };
      const opened = `${learnerId} ${course.id} ${lesson.id}`;
      if (!this.lessonsOpened.has(opened)) {
        this.lessonsOpened.add(opened);
        this.record(learnerId, course, (registration) => [
          { learnerId, verb: 'experienced', object, registration, parents: [parent], extensions: ext },
        ]);
      }
      if (step.complete && !this.truthCourse(learnerId, course.id).lessons.has(lesson.id)) {
        this.record(learnerId, course, (registration) => [
          {
            learnerId,
            verb: 'completed',
            object,
            result: { completion: true },
            registration,
            parents: [parent],
            extensions: ext,
          },
        ]);
        this.truthCourse(learnerId, course.id).lessons.add(lesson.id);
      }
      return;
    }
    this.quiz(learnerId, course, step);
  }

  private quiz(learnerId: string, course: InstalledCourse, step: Extract<Step, { kind: 'quiz' }>): void {
    const quiz = course.manifest.quizzes.find((q) => q.id === step.quizId)!;
    const pretestKey = `${learnerId} ${course.id}`;
    const exclude =
      quiz.kind === 'post' ? (this.pretestQuestions.get(pretestKey) ?? new Set<string>()) : new Set<string>();
    const seed = this.r.int(0, 2 ** 31 - 1);
    const questions = drawQuestions(quiz, course.manifest.questions, seed, exclude);
    if (quiz.kind === 'pre') this.pretestQuestions.set(pretestKey, new Set(questions.map((q) => q.id)));
    const rightIds = new Set(
      [...questions]
        .sort(() => this.r.next() - 0.5)
        .slice(0, step.right)
        .map((q) => q.id),
    );
    const answers: Record<string, string[]> = {};
    for (const q of questions) answers[q.id] = rightIds.has(q.id) ? [...q.correct] : [wrongOption(q)];
    const score = scoreAttempt(questions, answers);
    const passed = score >= quiz.passMark;
    const attemptId = randomUUID();
    const quizExt = {
      [EXTENSIONS.quizKind]: quiz.kind,
      [EXTENSIONS.attemptId]: attemptId,
      [EXTENSIONS.courseVersion]: course.version,
    };
    const quizObject = {
      id: activityIds.quiz(course.id, quiz.id),
      type: ACTIVITY_TYPES.assessment,
      name: quiz.title,
    };
    const parent = { id: activityIds.course(course.id), type: ACTIVITY_TYPES.course };
    this.db
      .run(sql`INSERT INTO quiz_attempts (id, learner_id, course_id, course_version, quiz_id, quiz_kind, seed,
                                               questions, started_at, pass_mark)
                    VALUES (${attemptId}, ${learnerId}, ${course.id}, ${course.version}, ${quiz.id}, ${quiz.kind},
                            ${seed}, ${JSON.stringify(questions)}, ${isoWithOffset(new Date(this.clock.peek()))}, ${quiz.passMark})`);
    this.record(learnerId, course, (registration) => [
      {
        learnerId,
        verb: 'attempted',
        object: quizObject,
        registration,
        parents: [parent],
        extensions: quizExt,
      },
    ]);
    this.record(learnerId, course, (registration) =>
      questions.map((q): LearningEvent => {
        const chosen = answers[q.id]!;
        return {
          learnerId,
          verb: 'answered',
          object: {
            id: activityIds.question(course.id, q.id),
            type: ACTIVITY_TYPES.question,
            name: q.prompt.slice(0, 200),
            interaction: { choices: q.options.map((o) => ({ id: o.id, text: o.text })), correct: q.correct },
          },
          result: { response: chosen.join('[,]'), success: isCorrect(q, chosen) },
          registration,
          parents: [{ id: quizObject.id, type: ACTIVITY_TYPES.assessment }],
          extensions: quizExt,
        };
      }),
    );
    this.record(learnerId, course, (registration) => [
      {
        learnerId,
        verb: passed ? 'passed' : 'failed',
        object: quizObject,
        result: {
          score: { scaled: score / 100, raw: score, min: 0, max: 100 },
          success: passed,
          completion: true,
        },
        registration,
        parents: [parent],
        extensions: quizExt,
      },
    ]);
    this.db
      .run(sql`UPDATE quiz_attempts SET submitted_at = ${isoWithOffset(new Date(this.clock.last))}, score = ${score},
                      passed = ${passed} WHERE id = ${attemptId}`);
    const t = this.truthCourse(learnerId, course.id);
    const tenths = Math.round(score * 10);
    if (quiz.kind === 'pre' && t.preTenths === null) t.preTenths = tenths;
    if (quiz.kind === 'post') {
      t.postTenths = Math.max(t.postTenths ?? 0, tenths);
      const lessons = course.manifest.modules.flatMap((m) => m.lessons);
      if (passed && !t.completed && lessons.every((l) => t.lessons.has(l.id))) {
        this.certify(learnerId, course, attemptId, t.preTenths === null ? null : t.preTenths / 10, score);
        t.completed = true;
        t.certificates++;
      }
    }
  }

  /** As certificates/issue.ts: the row with its signed code, then "course completed" and "certificate issued". */
  private certify(
    learnerId: string,
    course: InstalledCourse,
    attemptId: string,
    pre: number | null,
    post: number,
  ) {
    const { services } = this.core;
    const now = new Date(this.clock.peek());
    const date = isoWithOffset(now).slice(0, 10);
    const number = certificateNumber(this.plan.desaCode, date);
    const learner = this.plan.learners.find((l) => l.id === learnerId)!;
    const payload = {
      v: 1 as const,
      no: number,
      lid: learnerId,
      nh: nameHash(learner.fullName),
      c: course.id,
      cv: course.version,
      pre,
      post,
      d: date,
      dev: this.deviceId,
      desa: this.plan.desaCode,
      pk: this.publicKey,
    };
    const code = encodeCertificate(payload, this.keys.privateKeyPem);
    const { registration } = registrationFor(services, learnerId, course.id);
    const ext = { [EXTENSIONS.courseVersion]: course.version };
    const issuedAt = isoWithOffset(now);
    services.db.transaction(() => {
      services.recorder.record(
        [
          {
            learnerId,
            verb: 'completed',
            object: { id: activityIds.course(course.id), type: ACTIVITY_TYPES.course, name: course.title },
            result: {
              completion: true,
              success: true,
              score: { scaled: post / 100, raw: post, min: 0, max: 100 },
            },
            registration,
            extensions: ext,
          },
          {
            learnerId,
            verb: 'certified',
            object: {
              id: activityIds.certificate(number),
              type: ACTIVITY_TYPES.certificate,
              name: `Sertifikat ${course.title}`,
            },
            registration,
            parents: [{ id: activityIds.course(course.id), type: ACTIVITY_TYPES.course }],
            extensions: { ...ext, [EXTENSIONS.certificateNumber]: number },
          },
        ],
        () =>
          services.db
            .run(sql`INSERT INTO certificates (number, learner_id, course_id, course_version, attempt_id,
                                                        pre_score, post_score, issued_at, payload, signature)
                              VALUES (${number}, ${learnerId}, ${course.id}, ${course.version}, ${attemptId}, ${pre},
                                      ${post}, ${issuedAt}, ${JSON.stringify(payload)}, ${code})`),
      );
    });
    const t = this.truth.get(learnerId)!;
    t.lastActivityMs = Math.max(t.lastActivityMs ?? 0, this.clock.last);
  }

  /** The hub's receipt, as apply.ts applies it: the hub pinned with its enrolment, everything so far delivered. */
  applyReceipt(): void {
    const now = isoWithOffset(new Date(this.clock.peek()));
    const hub = this.ctx.hub;
    const enrolment = makeEnrolment(
      hub,
      { deviceId: this.deviceId, desaCode: this.plan.desaCode, devicePublicKey: this.publicKey },
      now,
    );
    this.db.transaction(() => {
      this.db
        .run(sql`INSERT INTO pinned_hub (id, hub_id, name, region_code, key_id, public_key, encryption_key,
                                              pinned_at, enrolment, enrolled_at)
                      VALUES (1, ${hub.id}, ${hub.name}, ${hub.regionCode}, ${keyIdOf(hub.key.publicKey)},
                              ${hub.key.publicKey}, ${hub.encryptionKey}, ${now}, ${JSON.stringify(enrolment)}, ${now})`);
      markDelivered(this.db, { from: 1, to: maxSeq(this.db) }, 'hub', now, randomUUID());
    });
  }

  finishLearners(): void {
    const now = isoWithOffset(new Date(this.clock.peek()));
    for (const l of this.plan.learners) {
      if (l.erased) {
        this.db
          .run(sql`UPDATE accounts SET full_name = NULL, jabatan = NULL, nik = NULL, phone = NULL, email = NULL,
                          pin_hash = NULL, is_operator = 0, disabled = 1, erased_at = ${now}, updated_at = ${now}
                        WHERE id = ${l.id}`);
        Object.assign(this.truth.get(l.id)!, {
          fullName: null,
          jabatan: null,
          nik: null,
          email: null,
          personal: 'erased',
        });
      } else if (l.disabled) this.db.run(sql`UPDATE accounts SET disabled = 1 WHERE id = ${l.id}`);
    }
  }

  exportMs = 0;

  /**
   * The kiosk's own `exportBundle` (temp file, fsync, read-back check, XLSX summary), or, to keep 300 villages
   * fast, the same builder it uses (`buildBundle`: the same manifest, files and signature) zipped straight to
   * the folder and recorded as the export records it.
   */
  async export(how: 'kiosk' | 'builder'): Promise<TruthVillage['bundles'][number]> {
    const started = performance.now();
    try {
      if (how === 'kiosk') {
        const result = await exportBundle(this.core.services, folderTarget(this.ctx.outDir));
        if (!result.ok) throw new Error(`export failed: ${result.error.message}`);
        const v = result.value;
        return {
          path: v.path,
          createdAt: v.createdAt,
          createdMs: Date.parse(v.createdAt),
          bundleSeq: v.bundleSeq,
          statements: v.statements.count,
        };
      }
      const { services } = this.core;
      const kiosk = readKiosk(this.db)!;
      const createdAt = isoWithOffset(this.clock.now());
      const built = await buildBundle(services, kiosk, deviceSigningKey(services, kiosk), createdAt);
      const m = built.manifest;
      const fileName = bundleFileName(kiosk.desa_name, createdAt, m.bundleSeq);
      const path = `${desaFolder(kiosk.desa_code)}/${fileName}`;
      const file = join(this.ctx.outDir, ...path.split('/'));
      mkdirSync(dirname(file), { recursive: true });
      const zip = new yazl.ZipFile();
      for (const entry of built.entries)
        zip.addBuffer(Buffer.concat(entry.chunks), entry.name, {
          mtime: new Date(Date.parse(createdAt)),
          mode: 0o100644,
        });
      zip.end();
      await pipeline(zip.outputStream, createWriteStream(file));
      recordExport(this.db, {
        bundle_seq: m.bundleSeq,
        file_name: fileName,
        created_at: createdAt,
        statements: m.counts.statements,
        from_seq: m.statements.fromSeq,
        to_seq: m.statements.toSeq,
        manifest_sha256: built.bundleSha256,
        size_bytes: statSync(file).size,
        sealed_roster: m.roster.personalData === 'sealed' ? 1 : 0,
      });
      return {
        path,
        createdAt,
        createdMs: Date.parse(createdAt),
        bundleSeq: m.bundleSeq,
        statements: m.counts.statements,
      };
    } finally {
      this.exportMs += performance.now() - started;
    }
  }
}

function wrongOption(q: FrozenQuestion): string {
  return q.options.find((o) => !q.correct.includes(o.id))?.id ?? q.options[0]!.id;
}

/** Interleaves the learners' steps (each learner's in order), as a village's days at the kiosk go. */
function timeline(plan: VillagePlan, r: Rng): { learnerId: string; step: Step }[] {
  const queues = plan.learners.map((l) => ({ id: l.id, steps: [...l.steps] }));
  const out: { learnerId: string; step: Step }[] = [];
  for (;;) {
    const open = queues.filter((q) => q.steps.length > 0);
    if (open.length === 0) return out;
    const q = r.pick(open);
    out.push({ learnerId: q.id, step: q.steps.shift()! });
  }
}

export async function realizeVillage(
  plan: VillagePlan,
  ctx: RealizeContext,
  r: Rng,
  how: 'kiosk' | 'builder',
): Promise<TruthVillage> {
  const kiosk = new VillageKiosk(plan, ctx, r);
  try {
    const desaName = kiosk.setUp();
    const events = timeline(plan, r);
    const cut = plan.bundles === 2 ? Math.floor(events.length * 0.55) : events.length;
    const gap = (plan.endMs - plan.startMs) / Math.max(1, events.length);
    const bundles: TruthVillage['bundles'] = [];
    // Each stretch between exports in one transaction: the same rows as step by step, far fewer commits.
    const learn = (from: number, to: number) =>
      kiosk.db.transaction(() => {
        for (let i = from; i < to; i++) {
          const at = plan.startMs + i * gap;
          if (kiosk.clock.peek() < at) kiosk.clock.set(at);
          kiosk.step(events[i]!.learnerId, events[i]!.step);
        }
      });
    learn(0, cut);
    if (plan.bundles === 2) {
      kiosk.clock.advance(30 * 60_000);
      bundles.push(await kiosk.export(how));
      kiosk.clock.advance(60 * 60_000);
      kiosk.applyReceipt();
      learn(cut, events.length);
    }
    kiosk.finishLearners();
    kiosk.clock.set(Math.max(kiosk.clock.peek(), plan.endMs) + 60 * 60_000);
    bundles.push(await kiosk.export(how));
    if (plan.bundles === 2)
      for (const t of kiosk.truth.values()) if (t.personal === 'clear') t.personal = 'sealed';
    const statements = kiosk.db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM outbox`)!.n;
    return {
      desaCode: plan.desaCode,
      desaName,
      deviceId: kiosk.deviceId,
      devicePublicKey: kiosk.publicKey,
      devicePrivateKeyPem: kiosk.keys.privateKeyPem,
      bundles,
      learners: [...kiosk.truth.values()],
      statements,
      exportMs: kiosk.exportMs,
    };
  } finally {
    kiosk.core.close();
  }
}
