// Village bundles for the hub-import bench: many kiosks, each with its own device key, whose learning is
// recorded by the kiosk's Recorder and exported with the kiosk's bundle builder. The plan (who learns what,
// when) is the seeded plan of the hub's tests (tests/helpers/hub-gen-plan.ts); the kiosks are made here
// because tests/helpers/hub-gen-kiosk.ts reaches vitest through tests/helpers/core.ts. No ground truth is
// kept: the bench checks counts, not report numbers (tests/core/hub/kabupaten.test.ts does that).
import { randomUUID } from 'node:crypto';
import {
  copyFileSync,
  createWriteStream,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { JABATAN_CODES } from '../../main/api/jabatan';
import { createCore, type Core } from '../../main/core/app';
import { buildBundle, deviceSigningKey } from '../../main/core/bundles/build';
import { bundleFileName, desaFolder } from '../../main/core/bundles/names';
import type { HubSigner } from '../../main/core/bundles/receipt';
import { makeEnrolment } from '../../main/core/bundles/receipt';
import { markDelivered, maxSeq, recordExport } from '../../main/core/bundles/store';
import { certificateNumber, encodeCertificate, nameHash } from '../../main/core/certificates/payload';
import { isoWithOffset, type Clock } from '../../main/core/clock';
import { courseManifestSchema } from '../../main/core/courses/manifest';
import { enrol, registrationFor } from '../../main/core/courses/progress';
import type { InstalledCourse } from '../../main/core/courses/store';
import { generateEd25519, publicKeyRaw } from '../../main/core/crypto/keys';
import { Db } from '../../main/core/db/database';
import { DB_FILE } from '../../main/core/db/file';
import { sql } from '../../main/core/db/sql';
import { silentLogger } from '../../main/core/log';
import { keyIdOf } from '../../main/core/packages/keys';
import { drawQuestions, isCorrect, scoreAttempt, type FrozenQuestion } from '../../main/core/quiz/draw';
import { ACTIVITY_TYPES, activityIds, EXTENSIONS } from '../../main/core/recorder/profile';
import type { LearningEvent } from '../../main/core/recorder/recorder';
import { Regions } from '../../main/core/regions/regions';
import { readKiosk } from '../../main/core/setup/kiosk';
import { DEVICE_KEY_FILE } from '../../main/core/setup/setup';
import {
  planKabupaten,
  rng,
  type LearnerPlan,
  type Rng,
  type Step,
  type VillagePlan,
} from '../../tests/helpers/hub-gen-plan';
import { REPO_ROOT, RESOURCES_DIR } from './balai';

const STARTER = ['perencanaan-pembangunan-desa', 'pengelolaan-keuangan-desa', 'mengenal-apbdes'];
const STATEMENT_GAP_MS = 20_000;
const DAY_MS = 86_400_000;

export interface VillagesOptions {
  seed: number;
  /** Kabupaten/kota codes whose desa the villages are drawn from (real codes from resources/regions). */
  kabupaten: readonly string[];
  villages: number;
  /** Each village gets at least this many learners (plans merged until it has them: about +2 on average). */
  minLearners: number;
  nowMs: number;
  outDir: string;
  workDir: string;
  /** The hub whose receipt the two-bundle villages applied between their exports (roster sealed to it). */
  hub: HubSigner & { encryptionKey: string };
  /** Called after each village. */
  onVillage?: (done: number, total: number) => void;
}

export interface GeneratedVillages {
  bundles: number;
  statements: number;
  learners: number;
  certificates: number;
  /** Bytes of the bundle files. */
  bytes: number;
  desa: string[];
}

/** Every desa (not kelurahan) of a region, from the region tree. */
export function desaCodesOf(regions: Regions, code: string): string[] {
  return regions
    .childrenOf(code)
    .flatMap((child) => (child.level === 'desa' ? [child.code] : desaCodesOf(regions, child.code)));
}

function starterCourses(): Map<string, InstalledCourse> {
  return new Map(
    STARTER.map((id) => {
      const dir = join(REPO_ROOT, 'content', 'courses', id);
      const manifest = courseManifestSchema.parse(JSON.parse(readFileSync(join(dir, 'course.json'), 'utf8')));
      const course: InstalledCourse = {
        id: manifest.id,
        version: manifest.version,
        title: manifest.title,
        publisher: manifest.publisher,
        dir,
        sizeBytes: 0,
        installedAt: '2026-01-01T00:00:00.000+07:00',
        manifest,
      };
      return [id, course];
    }),
  );
}

const OTHER_JABATAN = JABATAN_CODES.filter((j) => j !== 'kepala_desa' && j !== 'sekretaris_desa');

/**
 * The tests' seeded plan has 2–7 learners per village; for about 20, the plans of further seeds over the
 * same desa are merged in (every desa is planned by each, in code order), their learners becoming the
 * village's other officials (one kepala desa, one sekretaris-operator per village).
 */
function plans(
  options: VillagesOptions,
  desa: string[],
  courses: Map<string, InstalledCourse>,
): VillagePlan[] {
  const plan = (seed: number) =>
    planKabupaten({
      seed,
      desa,
      villages: desa.length,
      nowMs: options.nowMs,
      courses: [...courses.values()].map((c) => c.manifest),
      secondBundleShare: 0.2,
    });
  const base = plan(options.seed);
  const r = rng(options.seed ^ 0x1ea4);
  for (let k = 1; base.some((v) => v.learners.length < options.minLearners); k++) {
    const more = plan(options.seed + k);
    for (const [i, v] of base.entries()) {
      if (v.learners.length >= options.minLearners) continue;
      const extra = more[i]!;
      if (extra.desaCode !== v.desaCode) throw new Error('plans of one desa list differ in order');
      v.learners.push(
        ...extra.learners.map((l): LearnerPlan => ({
          ...l,
          jabatan:
            l.jabatan === 'kepala_desa' || l.jabatan === 'sekretaris_desa'
              ? r.pick(OTHER_JABATAN)
              : l.jabatan,
          isOperator: false,
        })),
      );
    }
  }
  return base;
}

/** The village's clock: every reading moves it on by 20 s, so each statement has its own time. */
class SteppingClock implements Clock {
  private t: number;
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

interface Context {
  regions: Regions;
  courses: ReadonlyMap<string, InstalledCourse>;
  outDir: string;
  workDir: string;
  hub: VillagesOptions['hub'];
  template: string;
}

/**
 * One kiosk, recording as the kiosk's handlers record (courses/handlers.ts, quiz/handlers.ts,
 * certificates/issue.ts: the same events through the same Recorder) and exporting with `buildBundle`.
 */
class VillageKiosk {
  readonly core: Core;
  readonly clock: SteppingClock;
  readonly deviceId = randomUUID();
  readonly keys = generateEd25519();
  readonly publicKey = publicKeyRaw(this.keys.publicKeyPem);
  readonly dataDir: string;
  private readonly pretestQuestions = new Map<string, Set<string>>();
  private readonly lessonsOpened = new Set<string>();
  private readonly lessonsDone = new Set<string>();
  private readonly completed = new Set<string>();

  constructor(
    readonly plan: VillagePlan,
    readonly ctx: Context,
    readonly r: Rng,
  ) {
    this.dataDir = join(ctx.workDir, plan.desaCode);
    mkdirSync(this.dataDir, { recursive: true });
    writeFileSync(join(this.dataDir, DEVICE_KEY_FILE), this.keys.privateKeyPem, { mode: 0o600 });
    copyFileSync(ctx.template, join(this.dataDir, DB_FILE));
    this.clock = new SteppingClock(plan.startMs);
    this.core = createCore({
      dataDir: this.dataDir,
      resourcesDir: RESOURCES_DIR,
      appVersion: '0.1.0',
      shell: 'browser',
      clock: this.clock,
      log: silentLogger,
    });
    // A generated kiosk: no fsync per statement.
    this.core.services.db.raw.pragma('synchronous = OFF');
  }

  get db() {
    return this.core.services.db;
  }

  setUp(): void {
    const place = this.ctx.regions.desa(this.plan.desaCode);
    if (!place) throw new Error(`not a desa: ${this.plan.desaCode}`);
    const created = isoWithOffset(new Date(this.plan.startMs - 3 * DAY_MS));
    this.db
      .run(sql`INSERT INTO kiosk (id, device_id, desa_code, desa_name, kecamatan_name, kabupaten_name, provinsi_name,
                                  region_dataset, public_key, recovery_hash, created_at)
               VALUES (1, ${this.deviceId}, ${this.plan.desaCode}, ${place.desa.name}, ${place.kecamatan.name},
                       ${place.kabupaten.name}, ${place.provinsi.name}, ${this.ctx.regions.dataset},
                       ${this.publicKey}, 'x', ${created})`);
    for (const l of this.plan.learners)
      this.db
        .run(sql`INSERT INTO accounts (id, full_name, jabatan, nik, email, is_operator, is_learner, pin_hash,
                                       created_at, updated_at)
                 VALUES (${l.id}, ${l.fullName}, ${l.jabatan}, ${l.nik}, ${l.email}, ${l.isOperator}, 1, 'x',
                         ${created}, ${created})`);
    if (this.plan.pureOperator)
      this.db
        .run(sql`INSERT INTO accounts (id, full_name, jabatan, is_operator, is_learner, pin_hash, created_at, updated_at)
                 VALUES (${randomUUID()}, 'Operator Saja', 'staf_desa', 1, 0, 'x', ${created}, ${created})`);
  }

  private course(id: string): InstalledCourse {
    const course = this.ctx.courses.get(id);
    if (!course) throw new Error(`no course ${id}`);
    return course;
  }

  private record(
    learnerId: string,
    course: InstalledCourse,
    make: (registration: string) => LearningEvent[],
  ) {
    const { services } = this.core;
    const { registration, launched } = enrol(services, learnerId, course);
    services.recorder.record([...launched, ...make(registration)], () => undefined);
  }

  step(learnerId: string, step: Step): void {
    const course = this.course(step.courseId);
    if (step.kind === 'quiz') return this.quiz(learnerId, course, step);
    const ext = { [EXTENSIONS.courseVersion]: course.version };
    const parent = { id: activityIds.course(course.id), type: ACTIVITY_TYPES.course };
    const lesson = course.manifest.modules.flatMap((m) => m.lessons).find((l) => l.id === step.lessonId)!;
    const object = {
      id: activityIds.lesson(course.id, lesson.id),
      type: ACTIVITY_TYPES.lesson,
      name: lesson.title,
    };
    const key = `${learnerId} ${course.id} ${lesson.id}`;
    if (!this.lessonsOpened.has(key)) {
      this.lessonsOpened.add(key);
      this.record(learnerId, course, (registration) => [
        { learnerId, verb: 'experienced', object, registration, parents: [parent], extensions: ext },
      ]);
    }
    if (step.complete && !this.lessonsDone.has(key)) {
      this.lessonsDone.add(key);
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
    }
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
    if (quiz.kind !== 'post' || !passed || this.completed.has(pretestKey)) return;
    const lessons = course.manifest.modules.flatMap((m) => m.lessons);
    if (!lessons.every((l) => this.lessonsDone.has(`${learnerId} ${course.id} ${l.id}`))) return;
    this.completed.add(pretestKey);
    this.certify(learnerId, course, attemptId, score);
  }

  /** As certificates/issue.ts: the row with its signed code, then "course completed" and "certificate issued". */
  private certify(learnerId: string, course: InstalledCourse, attemptId: string, post: number): void {
    const { services } = this.core;
    const pre =
      this.db.get<{ score: number | null }>(
        sql`SELECT score FROM quiz_attempts WHERE learner_id = ${learnerId} AND course_id = ${course.id}
            AND quiz_kind = 'pre' AND submitted_at IS NOT NULL ORDER BY submitted_at LIMIT 1`,
      )?.score ?? null;
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
      if (l.erased)
        this.db
          .run(sql`UPDATE accounts SET full_name = NULL, jabatan = NULL, nik = NULL, phone = NULL, email = NULL,
                               pin_hash = NULL, is_operator = 0, disabled = 1, erased_at = ${now}, updated_at = ${now}
                        WHERE id = ${l.id}`);
      else if (l.disabled) this.db.run(sql`UPDATE accounts SET disabled = 1 WHERE id = ${l.id}`);
    }
  }

  /**
   * The kiosk's bundle builder (`buildBundle`: the manifest, files and signature `exportBundle` writes), zipped
   * straight into the folder and recorded as the export records it (no temp file, fsync or XLSX summary).
   */
  async export(): Promise<{ statements: number; certificates: number; bytes: number }> {
    const { services } = this.core;
    const kiosk = readKiosk(this.db)!;
    const createdAt = isoWithOffset(this.clock.now());
    const built = await buildBundle(services, kiosk, deviceSigningKey(services, kiosk), createdAt);
    const m = built.manifest;
    const fileName = bundleFileName(kiosk.desa_name, createdAt, m.bundleSeq);
    const file = join(this.ctx.outDir, ...`${desaFolder(kiosk.desa_code)}/${fileName}`.split('/'));
    mkdirSync(dirname(file), { recursive: true });
    const zip = new yazl.ZipFile();
    for (const entry of built.entries)
      zip.addBuffer(Buffer.concat(entry.chunks), entry.name, {
        mtime: new Date(Date.parse(createdAt)),
        mode: 0o100644,
      });
    zip.end();
    await pipeline(zip.outputStream, createWriteStream(file));
    const bytes = statSync(file).size;
    recordExport(this.db, {
      bundle_seq: m.bundleSeq,
      file_name: fileName,
      created_at: createdAt,
      statements: m.counts.statements,
      from_seq: m.statements.fromSeq,
      to_seq: m.statements.toSeq,
      manifest_sha256: built.bundleSha256,
      size_bytes: bytes,
      sealed_roster: m.roster.personalData === 'sealed' ? 1 : 0,
    });
    return { statements: m.counts.statements, certificates: m.counts.certificates, bytes };
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

async function realizeVillage(plan: VillagePlan, ctx: Context, r: Rng): Promise<GeneratedVillages> {
  const kiosk = new VillageKiosk(plan, ctx, r);
  const made: GeneratedVillages = {
    bundles: 0,
    statements: 0,
    learners: plan.learners.length,
    certificates: 0,
    bytes: 0,
    desa: [plan.desaCode],
  };
  const exported = async () => {
    const b = await kiosk.export();
    made.bundles++;
    made.statements += b.statements;
    made.certificates = b.certificates; // the index lists every certificate so far
    made.bytes += b.bytes;
  };
  try {
    kiosk.setUp();
    const events = timeline(plan, r);
    const cut = plan.bundles === 2 ? Math.floor(events.length * 0.55) : events.length;
    const gap = (plan.endMs - plan.startMs) / Math.max(1, events.length);
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
      await exported();
      kiosk.clock.advance(60 * 60_000);
      kiosk.applyReceipt();
      learn(cut, events.length);
    }
    kiosk.finishLearners();
    kiosk.clock.set(Math.max(kiosk.clock.peek(), plan.endMs) + 60 * 60_000);
    await exported();
    return made;
  } finally {
    kiosk.core.close();
    rmSync(kiosk.dataDir, { recursive: true, force: true });
  }
}

/**
 * Writes the bundles of `villages` desa drawn (seeded) from the given kabupaten into `outDir`
 * (`BalaiBelajar/<desa>/…`, as sticks carry them). A fifth of the villages export twice, the second time after
 * the hub's receipt, so their second roster is sealed to the hub.
 */
export async function generateVillages(options: VillagesOptions): Promise<GeneratedVillages> {
  const regions = new Regions(join(RESOURCES_DIR, 'regions'));
  const courses = starterCourses();
  const all = options.kabupaten.flatMap((k) => desaCodesOf(regions, k));
  if (all.length < options.villages)
    throw new Error(
      `${options.kabupaten.join(' + ')} have ${all.length} desa, fewer than ${options.villages}`,
    );
  const pick = rng(options.seed);
  const chosen = new Set<string>();
  while (chosen.size < options.villages) chosen.add(pick.pick(all));
  const desa = [...chosen].sort();
  const villagePlans = plans(options, desa, courses);
  mkdirSync(options.outDir, { recursive: true });
  mkdirSync(options.workDir, { recursive: true });
  const template = join(options.workDir, 'template.sqlite');
  Db.open(template).close();
  const ctx: Context = {
    regions,
    courses,
    outDir: options.outDir,
    workDir: options.workDir,
    hub: options.hub,
    template,
  };
  const r = rng(options.seed ^ 0x5eed);
  const total: GeneratedVillages = {
    bundles: 0,
    statements: 0,
    learners: 0,
    certificates: 0,
    bytes: 0,
    desa,
  };
  for (const [i, plan] of villagePlans.entries()) {
    const v = await realizeVillage(plan, ctx, r);
    total.bundles += v.bundles;
    total.statements += v.statements;
    total.learners += v.learners;
    total.certificates += v.certificates;
    total.bytes += v.bytes;
    options.onVillage?.(i + 1, villagePlans.length);
  }
  return total;
}
