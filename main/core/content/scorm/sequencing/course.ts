import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Services } from '../../../context';
import type { InstalledCourse } from '../../../courses/store';
import { leaves, parseManifest, type Activity } from '../manifest';
import { lastAttempt } from '../state';
import { Sequencer, type NavOutcome, type NavRequest, type ScoResult } from './engine';
import { closedReason, hiddenByRule, type ClosedReason } from './reasons';
import { loadSequencing, saveSequencing, type SequencingKey } from './store';

/** A SCORM 2004 course whose manifest has sequencing: its activity tree and the item ↔ lesson map. */
export interface SequencedCourse {
  root: Activity;
  defs: Map<string, Activity>;
  leaves: string[];
  lessonOf: Map<string, string>;
  itemOf: Map<string, string>;
}

const cache = new Map<string, SequencedCourse | null>();

/**
 * The course's activity tree when the sequencer governs it: SCORM 2004 with at least one `imsss:sequencing`.
 * SCORM 1.2 has no sequencing, and a 2004 package without any is played as a plain list of lessons.
 */
export function sequencedCourse(course: InstalledCourse): SequencedCourse | null {
  const content = course.manifest.content;
  if (content?.type !== 'scorm' || content.edition === '1.2') return null;
  const key = `${course.dir}\u0000${course.version}`;
  if (cache.has(key)) return cache.get(key)!;
  const parsed = parseManifest(readFileSync(join(course.dir, content.manifest), 'utf8'));
  if (!parsed.ok) throw new Error(`installed course ${course.id}: ${parsed.reason}`);
  const defs = new Map<string, Activity>();
  const walk = (a: Activity): void => {
    defs.set(a.identifier, a);
    a.children.forEach(walk);
  };
  walk(parsed.manifest.root);
  const sequenced = [...defs.values()].some((a) => a.sequencing) ? parsed.manifest.root : null;
  const lessons = course.manifest.modules.flatMap((m) => m.lessons).filter((l) => l.sco);
  const out: SequencedCourse | null = sequenced && {
    root: sequenced,
    defs,
    leaves: leaves(sequenced).map((a) => a.identifier),
    lessonOf: new Map(lessons.map((l) => [l.sco!.item, l.id])),
    itemOf: new Map(lessons.map((l) => [l.id, l.sco!.item])),
  };
  cache.set(key, out);
  return out;
}

/** One learner's sequencer for a course, rebuilt from SQLite with the current SCO's last committed CMI. */
function sequencerFor(services: Services, key: SequencingKey, course: SequencedCourse): Sequencer {
  const stored = loadSequencing(services.db, key);
  const current = stored?.snapshot.currentActivity ?? null;
  const row = current ? lastAttempt(services.db, { ...key, item: current }) : undefined;
  const cmi = row ? (JSON.parse(row.cmi) as ScoResult) : null;
  return new Sequencer(course.root, stored?.snapshot ?? null, cmi);
}

const keyOf = (learnerId: string, course: InstalledCourse): SequencingKey => ({
  learnerId,
  courseId: course.id,
  courseVersion: course.version,
});

/**
 * Delivering an item the learner picked (a lesson row, a table-of-contents entry): the item already current
 * goes on; a suspended item resumes (resumeAll); otherwise a choice request, and at the very start of the
 * course a start request that delivers this very item (a flow-only course opens its first lesson).
 */
function deliverItem(make: () => Sequencer, item: string): { sequencer: Sequencer; outcome: NavOutcome } {
  const sequencer = make();
  const current = sequencer.current();
  if (current?.id === item && current.isActive)
    return { sequencer, outcome: { ok: true, deliver: item, ended: false } };
  const snapshot = sequencer.snapshot();
  if (!current && snapshot.suspendedActivity === item)
    return { sequencer, outcome: sequencer.navigate('resumeAll') };
  const chosen = sequencer.navigate('choice', item);
  if (chosen.ok || current) return { sequencer, outcome: chosen };
  const started = make();
  const outcome = started.navigate('start');
  if (outcome.ok && outcome.deliver === item) return { sequencer: started, outcome };
  return { sequencer, outcome: chosen };
}

export type Delivery =
  /** `newAttempt`: the sequencer began a new attempt on the item, so its SCO starts afresh (ab-initio). */
  | { ok: true; lessonId: string; newAttempt: boolean }
  | { ok: false; reason: ClosedReason; exception: string };

/** `scorm.launch` of a sequenced course: is the item open for this learner now? Stores the delivery. */
export function deliverForLaunch(
  services: Services,
  learnerId: string,
  course: InstalledCourse,
  seq: SequencedCourse,
  item: string,
): Delivery {
  const key = keyOf(learnerId, course);
  const make = () => sequencerFor(services, key, seq);
  const before = make().find(item);
  const continuing = !!before && (before.isSuspended || before.isActive);
  const { sequencer, outcome } = deliverItem(make, item);
  if (!outcome.ok) {
    const target = sequencer.find(item);
    const reason = target ? closedReason(target, seq.defs, sequencer.current()) : 'rule';
    return { ok: false, reason, exception: outcome.exception };
  }
  services.db.transaction(() => saveSequencing(services.db, key, sequencer, false, services.clock.now()));
  return { ok: true, lessonId: seq.lessonOf.get(item)!, newAttempt: !continuing };
}

export type NavigationResult =
  { ok: true; lessonId: string | null; ended: boolean } | { ok: false; exception: string };

/**
 * A navigation request from the learner's buttons or the SCO's `adl.nav.request`: the sequencer ends the
 * current attempt with the SCO's committed results and decides where to go. A refused request changes nothing.
 */
export function navigateCourse(
  services: Services,
  learnerId: string,
  course: InstalledCourse,
  seq: SequencedCourse,
  request: NavRequest,
  target?: string,
): NavigationResult {
  const key = keyOf(learnerId, course);
  const sequencer = sequencerFor(services, key, seq);
  const outcome = sequencer.navigate(request, target);
  if (!outcome.ok) return { ok: false, exception: outcome.exception };
  services.db.transaction(() =>
    saveSequencing(services.db, key, sequencer, outcome.ended, services.clock.now()),
  );
  return {
    ok: true,
    lessonId: outcome.deliver ? (seq.lessonOf.get(outcome.deliver) ?? null) : null,
    ended: outcome.ended,
  };
}

/** `adl.nav.request` as a SCO writes it: `continue`, `{target=ITEM}choice`, `_none_`… */
export function parseNavRequest(value: unknown): { request: NavRequest; target?: string } | null {
  if (typeof value !== 'string') return null;
  // jump (4th edition) is the SCO's own: it passes over the choice controls, not over disabled rules.
  const targeted = /^\{target=([^}]+)\}(choice|jump)$/.exec(value);
  if (targeted) return { request: targeted[2] as 'choice' | 'jump', target: targeted[1]! };
  const plain = value.replace(/^_/, '');
  const known: NavRequest[] = [
    'continue',
    'previous',
    'exit',
    'exitAll',
    'suspendAll',
    'abandon',
    'abandonAll',
  ];
  return (known as string[]).includes(plain) ? { request: plain as NavRequest } : null;
}

/**
 * A sequenced course's SCO has terminated (its last commit is stored): the attempt ends now, so the table of
 * contents and the next request see its results, and the SCO's own `adl.nav.request`, if any, is carried out.
 * The outcome is the learner's new current activity in the stored state (`scorm.toc` reports it).
 */
export function afterTerminate(
  services: Services,
  learnerId: string,
  course: InstalledCourse,
  navRequest: unknown,
): void {
  const seq = sequencedCourse(course);
  if (!seq) return;
  const key = keyOf(learnerId, course);
  const sequencer = sequencerFor(services, key, seq);
  const ended = sequencer.endAttempt();
  let outcome = ended;
  const asked = parseNavRequest(navRequest);
  if (asked && !(ended?.ok && (ended.deliver || ended.ended))) {
    const result = sequencer.navigate(asked.request, asked.target);
    if (result.ok) outcome = result;
    else
      services.log.info('a SCO asked for a navigation the sequencing rules refuse', { request: navRequest });
  }
  if (!outcome?.ok) return;
  services.db.transaction(() =>
    saveSequencing(services.db, key, sequencer, outcome.ended, services.clock.now()),
  );
}

/** Where the learner stands: the activity delivered and not yet ended (to play now), or the session's end. */
export function whereNow(
  services: Services,
  learnerId: string,
  course: InstalledCourse,
  seq: SequencedCourse,
): { lessonId: string | null; ended: boolean } {
  const key = keyOf(learnerId, course);
  const stored = loadSequencing(services.db, key);
  if (!stored) return { lessonId: null, ended: false };
  const current = new Sequencer(seq.root, stored.snapshot, null).current();
  return {
    lessonId: current?.isActive ? (seq.lessonOf.get(current.id) ?? null) : null,
    ended: stored.ended,
  };
}

export interface TocEntry {
  lessonId: string;
  item: string;
  open: boolean;
  /** Not shown: invisible in the manifest, hidden from choice, or not selected for this attempt. */
  hidden: boolean;
  reason: ClosedReason | null;
  current: boolean;
}

/**
 * The table of contents as the rules allow it now: each item is tried as the learner would pick it, on a
 * throwaway copy of their state, so "open" means exactly what `scorm.launch` would accept.
 */
export function tableOfContents(
  services: Services,
  learnerId: string,
  course: InstalledCourse,
  seq: SequencedCourse,
): TocEntry[] {
  const key = keyOf(learnerId, course);
  const make = () => sequencerFor(services, key, seq);
  const view = make();
  const current = view.current();
  return seq.leaves.flatMap((item): TocEntry[] => {
    const lessonId = seq.lessonOf.get(item);
    const activity = view.find(item);
    if (!lessonId || !activity) return [];
    const hidden =
      !activity.isVisible ||
      activity.isHiddenFromChoice ||
      !activity.isAvailable ||
      hiddenByRule(activity, seq.defs);
    const { sequencer, outcome } = deliverItem(make, item);
    const reason = outcome.ok
      ? null
      : closedReason(sequencer.find(item) ?? activity, seq.defs, sequencer.current());
    return [{ lessonId, item, open: outcome.ok, hidden, reason, current: current?.id === item }];
  });
}

/** `adl.nav.request_valid.*` for the item just delivered, as the SCO will ask it. */
export function requestValidity(
  services: Services,
  learnerId: string,
  course: InstalledCourse,
  seq: SequencedCourse,
) {
  return sequencerFor(services, keyOf(learnerId, course), seq).validity(seq.leaves);
}
