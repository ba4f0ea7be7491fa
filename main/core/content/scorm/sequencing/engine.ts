import { Scorm2004API } from 'scorm-again';
import type { Activity } from '../manifest';
import { activitySettings } from './settings';

/**
 * The SCORM 2004 sequencer is scorm-again's (3.4.3: the SN book's Overall Sequencing Process, navigation
 * request, termination, rollup, selection/randomisation, global objectives), run here in the core, never in
 * the SCO's frame. The package exports only its API classes, so the sequencer is reached through
 * `Scorm2004API.getSequencingService()`; these interfaces name the few members used (public in its types).
 */
export interface SeqActivity {
  id: string;
  title: string;
  children: SeqActivity[];
  parent: SeqActivity | null;
  isVisible: boolean;
  isActive: boolean;
  isSuspended: boolean;
  isHiddenFromChoice: boolean;
  isAvailable: boolean;
  attemptCount: number;
  attemptLimit: number | null;
  completionStatus: string;
  successStatus: string;
  objectiveSatisfiedStatus: boolean;
  objectiveSatisfiedStatusKnown: boolean;
  objectiveMeasureStatus: boolean;
  objectiveNormalizedMeasure: number;
  sequencingControls: { choice: boolean; flow: boolean; forwardOnly: boolean; choiceExit: boolean };
  sequencingRules: { preConditionRules: { action: string; evaluate(a: SeqActivity): boolean }[] };
  getAvailableChildren(): SeqActivity[];
}
interface Delivery {
  valid: boolean;
  targetActivity: SeqActivity | null;
  exception: string | null;
}
/** The sequencer's whole per-learner state, JSON (scorm-again's `SequencingState`). */
export type SequencingSnapshot = {
  currentActivity: string | null;
  suspendedActivity: string | null;
} & Record<string, unknown>;
interface Overall {
  processNavigationRequest(request: string, target?: string | null, exitType?: string): Delivery;
  getSequencingState(): SequencingSnapshot;
  restoreSequencingState(state: SequencingSnapshot): boolean;
  predictContinueEnabled(): boolean;
  predictPreviousEnabled(): boolean;
  predictChoiceEnabled(id: string): boolean;
  synchronizeGlobalObjectives(): void;
}
interface Service {
  getOverallSequencingProcess(): Overall | null;
  setEventListeners(listeners: { onSequencingSessionEnd?: () => void }): void;
  getSequencingState(): { currentActivity: SeqActivity | null; rootActivity: SeqActivity | null };
  updateConfiguration(c: { wasCMIElementSetByContent?: (element: string) => boolean }): void;
}
interface Api {
  getSequencingService(): Service | null;
  loadFromJSON(json: Record<string, unknown>, prefix: string): void;
  cmi: { initialize(): void };
}

/** A navigation request as the SN book names them (`adl.nav.request` without the `{target=…}` part). */
export type NavRequest =
  | 'start'
  | 'resumeAll'
  | 'continue'
  | 'previous'
  | 'choice'
  | 'jump'
  | 'exit'
  | 'exitAll'
  | 'suspendAll'
  | 'abandon'
  | 'abandonAll';

export type NavOutcome =
  | { ok: true; deliver: string; ended: false }
  | { ok: true; deliver: null; ended: true }
  /** The current attempt ended and nothing was delivered: the learner picks what comes next. */
  | { ok: true; deliver: null; ended: false }
  | { ok: false; exception: string };

/** What the SCO of the current activity reported, as stored in its attempt (the CMI JSON it committed). */
export type ScoResult = Record<string, unknown>;

const SET = (v: unknown) => v !== undefined && v !== null && v !== '' && v !== 'unknown';

/** Elements of a committed CMI the content set (anything with a value past the launch defaults). */
function setByContent(cmi: ScoResult): Set<string> {
  const out = new Set<string>();
  for (const key of ['completion_status', 'success_status', 'progress_measure'])
    if (SET(cmi[key])) out.add(`cmi.${key}`);
  const score = (cmi.score ?? {}) as Record<string, unknown>;
  for (const key of ['scaled', 'raw', 'min', 'max']) if (SET(score[key])) out.add(`cmi.score.${key}`);
  const objectives = cmi.objectives as Record<string, unknown> | unknown[] | undefined;
  const list = Array.isArray(objectives)
    ? objectives
    : Array.isArray((objectives as { childArray?: unknown[] } | undefined)?.childArray)
      ? (objectives as { childArray: unknown[] }).childArray
      : Object.values(objectives ?? {});
  list.forEach((o, i) => {
    const obj = (o ?? {}) as Record<string, unknown>;
    for (const key of ['success_status', 'completion_status'])
      if (SET(obj[key])) out.add(`cmi.objectives.${i}.${key}`);
    const s = (obj.score ?? {}) as Record<string, unknown>;
    for (const key of ['scaled', 'raw', 'min', 'max'])
      if (SET(s[key])) out.add(`cmi.objectives.${i}.score.${key}`);
  });
  return out;
}

/** Only what the sequencer's RTE data transfer reads (SN 4.2.3 / UP.4); the rest of the CMI stays out. */
function transferable(cmi: ScoResult): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['completion_status', 'success_status', 'progress_measure', 'score', 'objectives'])
    if (cmi[key] !== undefined) out[key] = cmi[key];
  return out;
}

/** scorm-again reports some steps with console.debug; the kiosk's log is its own. */
function quietly<T>(work: () => T): T {
  const debug = console.debug;
  console.debug = () => undefined;
  try {
    return work();
  } finally {
    console.debug = debug;
  }
}

/**
 * One learner's sequencing session in one course version, rebuilt from the manifest and the stored
 * snapshot for each decision (a few milliseconds), so nothing lives in memory between requests.
 */
export class Sequencer {
  private readonly api: Api;
  private readonly overall: Overall;
  private readonly service: Service;
  private sessionEnded = false;
  /** `cmi.exit` of the current SCO's last commit: how its attempt ends (suspend, normal, time-out…). */
  private readonly exit: string;

  constructor(root: Activity, snapshot: SequencingSnapshot | null, cmiOfCurrent: ScoResult | null) {
    this.api = new (Scorm2004API as unknown as new (settings: unknown) => Api)({
      logLevel: 5,
      lmsCommitUrl: false,
      autocommit: false,
      sequencing: { activityTree: activitySettings(root) },
    });
    const service = this.api.getSequencingService();
    const overall = service?.getOverallSequencingProcess();
    if (!service || !overall) throw new Error('scorm-again built no sequencer for this activity tree');
    this.service = service;
    this.overall = overall;
    service.setEventListeners({ onSequencingSessionEnd: () => (this.sessionEnded = true) });
    if (snapshot && !quietly(() => overall.restoreSequencingState(structuredClone(snapshot))))
      throw new Error('the stored sequencing state does not fit this activity tree');
    this.exit = typeof cmiOfCurrent?.exit === 'string' ? cmiOfCurrent.exit : '';
    if (cmiOfCurrent) {
      // The current SCO's results reach the tree at its End Attempt (inside the next navigation request).
      this.api.loadFromJSON(transferable(cmiOfCurrent), 'cmi');
      this.api.cmi.initialize();
      const set = setByContent(cmiOfCurrent);
      service.updateConfiguration({ wasCMIElementSetByContent: (element) => set.has(element) });
    }
  }

  private run(request: NavRequest | 'exit', target: string | null, exit: string): NavOutcome {
    this.sessionEnded = false;
    const result = quietly(() => this.overall.processNavigationRequest(request, target, exit));
    if (!result.valid) return { ok: false, exception: result.exception ?? 'refused' };
    const deliver = result.targetActivity?.id ?? null;
    if (deliver) return { ok: true, deliver, ended: false };
    return this.sessionEnded
      ? { ok: true, deliver: null, ended: true }
      : { ok: true, deliver: null, ended: false };
  }

  /**
   * Ends the attempt on the current activity when its SCO has terminated (SN TB.2.3 with `cmi.exit`): its
   * results roll up, and its exit and post-condition rules may already decide what comes next (retry,
   * exitParent, exitAll…). Nothing to do when no activity is active.
   */
  endAttempt(): NavOutcome | null {
    const current = this.current();
    if (!current?.isActive) return null;
    const outcome = this.run('exit', null, this.exit === 'logout' ? '' : this.exit);
    if (outcome.ok && !outcome.deliver && !outcome.ended) this.writeRolledUpObjectives();
    return outcome;
  }

  /**
   * scorm-again writes a cluster's objectives to their global (shared) objectives only once the cluster's
   * attempt is over; the SN book's objective maps write as soon as rollup sets the status. A post test that
   * waits for "all content completed" (a rollup of the content's cluster, written to a global) would stay
   * closed to choice until the learner left that cluster by flow. So after an attempt ends, the clusters
   * still active above it write their rolled-up objectives now.
   */
  private writeRolledUpObjectives(): void {
    const active: SeqActivity[] = [];
    for (let a = this.current()?.parent ?? null; a; a = a.parent) if (a.isActive) active.push(a);
    if (active.length === 0) return;
    for (const a of active) a.isActive = false;
    try {
      quietly(() => this.overall.synchronizeGlobalObjectives());
    } finally {
      for (const a of active) a.isActive = true;
    }
  }

  /**
   * Runs one navigation request. The current attempt ends first (its SCO has terminated or was cut off):
   * when its rules deliver an activity or end the session, that is the answer, as SN OP.1 lets a
   * post-condition's sequencing request replace the learner's.
   */
  navigate(request: NavRequest, target?: string): NavOutcome {
    if (['continue', 'previous', 'choice', 'jump', 'resumeAll'].includes(request)) {
      const ended = this.endAttempt();
      if (ended?.ok && (ended.deliver || ended.ended)) return ended;
    }
    return this.run(request, target ?? null, this.exit);
  }

  snapshot(): SequencingSnapshot {
    return JSON.parse(JSON.stringify(this.overall.getSequencingState())) as SequencingSnapshot;
  }

  current(): SeqActivity | null {
    return this.service.getSequencingState().currentActivity;
  }

  root(): SeqActivity {
    const root = this.service.getSequencingState().rootActivity;
    if (!root) throw new Error('no activity tree');
    return root;
  }

  find(id: string): SeqActivity | undefined {
    const walk = (a: SeqActivity): SeqActivity | undefined =>
      a.id === id ? a : a.children.map(walk).find(Boolean);
    return walk(this.root());
  }

  /** `adl.nav.request_valid.*` as the sequencer predicts it for the activity now delivered. */
  validity(leaves: string[]): { continue: boolean; previous: boolean; choice: Record<string, boolean> } {
    return {
      continue: this.overall.predictContinueEnabled(),
      previous: this.overall.predictPreviousEnabled(),
      choice: Object.fromEntries(leaves.map((id) => [id, this.overall.predictChoiceEnabled(id)])),
    };
  }
}
