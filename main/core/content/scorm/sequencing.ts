import { attr, child, children, text, type XmlNode } from './xml';

/**
 * The IMS Simple Sequencing definition of one activity (SCORM 2004 SN book, `imsss:sequencing`), typed.
 * Only what the manifest says is kept; defaults are the sequencer's business.
 */
export interface RuleCondition {
  condition: string;
  not: boolean;
  referencedObjective?: string;
  measureThreshold?: number;
}
export interface SequencingRule {
  combination: 'all' | 'any';
  conditions: RuleCondition[];
  action: string;
}
export interface RollupRule {
  childActivitySet: 'all' | 'any' | 'none' | 'atLeastCount' | 'atLeastPercent';
  minimumCount: number;
  minimumPercent: number;
  combination: 'all' | 'any';
  conditions: { condition: string; not: boolean }[];
  action: string;
}
export interface ObjectiveMap {
  targetObjectiveID: string;
  readSatisfiedStatus: boolean;
  readNormalizedMeasure: boolean;
  writeSatisfiedStatus: boolean;
  writeNormalizedMeasure: boolean;
}
/** SCORM 2004 4th edition `adlseq:objectives/objective/mapInfo`: the rest of an objective's shared data. */
export const ADL_MAP_FLAGS = [
  'readCompletionStatus',
  'writeCompletionStatus',
  'readProgressMeasure',
  'writeProgressMeasure',
  'readRawScore',
  'writeRawScore',
  'readMinScore',
  'writeMinScore',
  'readMaxScore',
  'writeMaxScore',
] as const;
export type AdlObjectiveMap = { targetObjectiveID: string } & Partial<
  Record<(typeof ADL_MAP_FLAGS)[number] | 'updateAttemptData', boolean>
>;
export interface ObjectiveDef {
  id: string;
  primary: boolean;
  satisfiedByMeasure: boolean;
  minNormalizedMeasure?: number;
  maps: ObjectiveMap[];
}
export interface SequencingDef {
  controlMode: Partial<
    Record<
      | 'choice'
      | 'choiceExit'
      | 'flow'
      | 'forwardOnly'
      | 'useCurrentAttemptObjectiveInfo'
      | 'useCurrentAttemptProgressInfo',
      boolean
    >
  >;
  preConditionRules: SequencingRule[];
  exitConditionRules: SequencingRule[];
  postConditionRules: SequencingRule[];
  attemptLimit?: number;
  rollupRules: RollupRule[];
  rollupObjectiveSatisfied?: boolean;
  rollupProgressCompletion?: boolean;
  objectiveMeasureWeight?: number;
  objectives: ObjectiveDef[];
  selectCount?: number;
  selectionTiming?: string;
  reorderChildren?: boolean;
  randomizationTiming?: string;
  tracked?: boolean;
  completionSetByContent?: boolean;
  objectiveSetByContent?: boolean;
  preventActivation?: boolean;
  constrainChoice?: boolean;
  /**
   * `adlseq:objectives` (4th edition), by objective id: the shared data beyond satisfaction and measure.
   * A collection may name an objective only the item defines, so they are matched once both are laid over.
   */
  adlObjectiveMaps?: Record<string, AdlObjectiveMap[]>;
  /** `adlseq:rollupConsiderations`: which children count towards each rollup (always, ifAttempted, …). */
  rollupConsiderations?: Partial<Record<(typeof CONSIDERATIONS)[number], string>> & {
    measureSatisfactionIfActive?: boolean;
  };
}

const CONSIDERATIONS = [
  'requiredForSatisfied',
  'requiredForNotSatisfied',
  'requiredForCompleted',
  'requiredForIncomplete',
] as const;
const REQUIRED = new Set(['always', 'ifAttempted', 'ifNotSkipped', 'ifNotSuspended']);

export class SequencingError extends Error {}

const bool = (node: XmlNode | undefined, name: string): boolean | undefined => {
  const value = attr(node, name);
  if (value === undefined) return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new SequencingError(`attribute ${name}="${value}" is not a boolean`);
};

const num = (node: XmlNode | undefined, name: string): number | undefined => {
  const value = attr(node, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new SequencingError(`attribute ${name}="${value}" is not a number`);
  return n;
};

/** `conditionCombination`: IMS SS defaults it to "all" for sequencing rules and to "any" for rollup rules. */
const combination = (node: XmlNode | undefined, fallback: 'all' | 'any' = 'all'): 'all' | 'any' => {
  const value = attr(node, 'conditionCombination');
  return value === 'any' || value === 'all' ? value : fallback;
};

function rules(node: XmlNode | undefined, name: string): SequencingRule[] {
  return children(node, name).map((rule) => {
    const conditions = child(rule, 'ruleConditions');
    const action = attr(child(rule, 'ruleAction'), 'action');
    if (!action) throw new SequencingError(`${name} without a ruleAction`);
    return {
      combination: combination(conditions),
      conditions: children(conditions, 'ruleCondition').map((c) => {
        const condition = attr(c, 'condition');
        if (!condition) throw new SequencingError('ruleCondition without a condition');
        const out: RuleCondition = { condition, not: attr(c, 'operator') === 'not' };
        const ref = attr(c, 'referencedObjective');
        if (ref) out.referencedObjective = ref;
        const threshold = num(c, 'measureThreshold');
        if (threshold !== undefined) out.measureThreshold = threshold;
        return out;
      }),
      action,
    };
  });
}

function objective(node: XmlNode, primary: boolean): ObjectiveDef {
  const min = child(node, 'minNormalizedMeasure');
  const minText = text(min);
  const out: ObjectiveDef = {
    id: attr(node, 'objectiveID') ?? '',
    primary,
    satisfiedByMeasure: bool(node, 'satisfiedByMeasure') ?? false,
    maps: children(node, 'mapInfo').map((m) => {
      const target = attr(m, 'targetObjectiveID');
      if (!target) throw new SequencingError('mapInfo without a targetObjectiveID');
      return {
        targetObjectiveID: target,
        readSatisfiedStatus: bool(m, 'readSatisfiedStatus') ?? true,
        readNormalizedMeasure: bool(m, 'readNormalizedMeasure') ?? true,
        writeSatisfiedStatus: bool(m, 'writeSatisfiedStatus') ?? false,
        writeNormalizedMeasure: bool(m, 'writeNormalizedMeasure') ?? false,
      };
    }),
  };
  if (minText !== '') {
    const n = Number(minText);
    if (!Number.isFinite(n)) throw new SequencingError(`minNormalizedMeasure "${minText}" is not a number`);
    out.minNormalizedMeasure = n;
  }
  if (!primary && !out.id) throw new SequencingError('objective without an objectiveID');
  return out;
}

const SETS = new Set(['all', 'any', 'none', 'atLeastCount', 'atLeastPercent']);

/** Parses one `imsss:sequencing` element, laid over `base` (the sequencingCollection entry it names by IDRef). */
export function parseSequencing(node: XmlNode, base?: SequencingDef): SequencingDef {
  const control = child(node, 'controlMode');
  const seqRules = child(node, 'sequencingRules');
  const limits = child(node, 'limitConditions');
  const rollup = child(node, 'rollupRules');
  const objectives = child(node, 'objectives');
  const random = child(node, 'randomizationControls');
  const delivery = child(node, 'deliveryControls');
  const constrained = child(node, 'constrainedChoiceConsiderations');
  const controlMode: SequencingDef['controlMode'] = { ...base?.controlMode };
  for (const key of [
    'choice',
    'choiceExit',
    'flow',
    'forwardOnly',
    'useCurrentAttemptObjectiveInfo',
    'useCurrentAttemptProgressInfo',
  ] as const) {
    const value = bool(control, key);
    if (value !== undefined) controlMode[key] = value;
  }
  const pick = <T>(own: T | undefined, inherited: T | undefined) => (own !== undefined ? own : inherited);
  const ownRules = (name: string) => (seqRules ? rules(seqRules, name) : undefined);
  const rollupRules = rollup
    ? children(rollup, 'rollupRule').map((r): RollupRule => {
        const set = attr(r, 'childActivitySet') ?? 'all';
        if (!SETS.has(set)) throw new SequencingError(`childActivitySet "${set}" is unknown`);
        const conditions = child(r, 'rollupConditions');
        const action = attr(child(r, 'rollupAction'), 'action');
        if (!action) throw new SequencingError('rollupRule without a rollupAction');
        return {
          childActivitySet: set as RollupRule['childActivitySet'],
          minimumCount: num(r, 'minimumCount') ?? 0,
          minimumPercent: num(r, 'minimumPercent') ?? 0,
          combination: combination(conditions, 'any'),
          conditions: children(conditions, 'rollupCondition').map((c) => {
            const condition = attr(c, 'condition');
            if (!condition) throw new SequencingError('rollupCondition without a condition');
            return { condition, not: attr(c, 'operator') === 'not' };
          }),
          action,
        };
      })
    : undefined;
  const ownObjectives = objectives
    ? [
        ...children(objectives, 'primaryObjective').map((o) => objective(o, true)),
        ...children(objectives, 'objective').map((o) => objective(o, false)),
      ]
    : undefined;
  // Namespace prefixes are dropped: `adlseq:objectives` (4th edition, last in the element) is the second one.
  const adl = children(node, 'objectives')[1];
  const adlObjectiveMaps: Record<string, AdlObjectiveMap[]> = { ...base?.adlObjectiveMaps };
  for (const o of children(adl, 'objective')) {
    const id = attr(o, 'objectiveID');
    if (!id) throw new SequencingError('adlseq:objective without an objectiveID');
    adlObjectiveMaps[id] = children(o, 'mapInfo').map((m) => {
      const targetObjectiveID = attr(m, 'targetObjectiveID');
      if (!targetObjectiveID) throw new SequencingError('adlseq:mapInfo without a targetObjectiveID');
      const map: AdlObjectiveMap = { targetObjectiveID };
      for (const flag of [...ADL_MAP_FLAGS, 'updateAttemptData'] as const) {
        const value = bool(m, flag);
        if (value !== undefined) map[flag] = value;
      }
      return map;
    });
  }
  const def: SequencingDef = {
    controlMode,
    preConditionRules: pick(ownRules('preConditionRule'), base?.preConditionRules) ?? [],
    exitConditionRules: pick(ownRules('exitConditionRule'), base?.exitConditionRules) ?? [],
    postConditionRules: pick(ownRules('postConditionRule'), base?.postConditionRules) ?? [],
    rollupRules: pick(rollupRules, base?.rollupRules) ?? [],
    objectives: pick(ownObjectives, base?.objectives) ?? [],
  };
  const optional: Partial<SequencingDef> = {
    attemptLimit: pick(num(limits, 'attemptLimit'), base?.attemptLimit),
    rollupObjectiveSatisfied: pick(bool(rollup, 'rollupObjectiveSatisfied'), base?.rollupObjectiveSatisfied),
    rollupProgressCompletion: pick(bool(rollup, 'rollupProgressCompletion'), base?.rollupProgressCompletion),
    objectiveMeasureWeight: pick(num(rollup, 'objectiveMeasureWeight'), base?.objectiveMeasureWeight),
    selectCount: pick(num(random, 'selectCount'), base?.selectCount),
    selectionTiming: pick(attr(random, 'selectionTiming'), base?.selectionTiming),
    reorderChildren: pick(bool(random, 'reorderChildren'), base?.reorderChildren),
    randomizationTiming: pick(attr(random, 'randomizationTiming'), base?.randomizationTiming),
    tracked: pick(bool(delivery, 'tracked'), base?.tracked),
    completionSetByContent: pick(bool(delivery, 'completionSetByContent'), base?.completionSetByContent),
    objectiveSetByContent: pick(bool(delivery, 'objectiveSetByContent'), base?.objectiveSetByContent),
    preventActivation: pick(bool(constrained, 'preventActivation'), base?.preventActivation),
    constrainChoice: pick(bool(constrained, 'constrainChoice'), base?.constrainChoice),
  };
  if (Object.keys(adlObjectiveMaps).length > 0) optional.adlObjectiveMaps = adlObjectiveMaps;
  const considerations = child(node, 'rollupConsiderations');
  if (considerations) {
    const own: NonNullable<SequencingDef['rollupConsiderations']> = { ...base?.rollupConsiderations };
    for (const key of CONSIDERATIONS) {
      const value = attr(considerations, key);
      if (value === undefined) continue;
      if (!REQUIRED.has(value)) throw new SequencingError(`${key}="${value}" is unknown`);
      own[key] = value;
    }
    const active = bool(considerations, 'measureSatisfactionIfActive');
    if (active !== undefined) own.measureSatisfactionIfActive = active;
    optional.rollupConsiderations = own;
  } else if (base?.rollupConsiderations) optional.rollupConsiderations = base.rollupConsiderations;
  for (const [key, value] of Object.entries(optional))
    if (value !== undefined) (def as unknown as Record<string, unknown>)[key] = value;
  return def;
}
