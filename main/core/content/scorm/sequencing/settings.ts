import type { Activity } from '../manifest';
import type { AdlObjectiveMap, ObjectiveDef, RollupRule, SequencingDef, SequencingRule } from '../sequencing';

/**
 * The activity tree as scorm-again's sequencer takes it (`ActivitySettings` of scorm-again 3.4.3, which the
 * package does not export as a type). Only what the manifest says is passed: the sequencer applies the
 * IMS SS defaults (choice on, flow off, …) itself.
 */
export interface ActivitySettings {
  id: string;
  title: string;
  isVisible?: boolean;
  attemptLimit?: number | null;
  primaryObjective?: ObjectiveSettings;
  objectives?: ObjectiveSettings[];
  sequencingControls?: Record<string, boolean | number | string | null>;
  sequencingRules?: {
    preConditionRules?: RuleSettings[];
    exitConditionRules?: RuleSettings[];
    postConditionRules?: RuleSettings[];
  };
  rollupRules?: { rules: RollupSettings[] };
  rollupConsiderations?: Record<string, string | boolean>;
  children?: ActivitySettings[];
}

interface ObjectiveSettings {
  objectiveID: string;
  isPrimary: boolean;
  satisfiedByMeasure: boolean;
  minNormalizedMeasure?: number;
  mapInfo: ({
    targetObjectiveID: string;
    readSatisfiedStatus: boolean;
    readNormalizedMeasure: boolean;
    writeSatisfiedStatus: boolean;
    writeNormalizedMeasure: boolean;
  } & Partial<Record<string, boolean | string>>)[];
}

interface RuleSettings {
  action: string;
  conditionCombination: 'all' | 'any';
  conditions: {
    condition: string;
    operator: 'not' | 'noOp';
    referencedObjective?: string;
    parameters?: Record<string, number>;
  }[];
}

interface RollupSettings {
  action: string;
  conditionCombination: 'all' | 'any';
  consideration: RollupRule['childActivitySet'];
  minimumCount: number;
  minimumPercent: number;
  conditions: { condition: string; operator: 'not' | 'noOp' }[];
}

const rule = (r: SequencingRule): RuleSettings => ({
  action: r.action,
  conditionCombination: r.combination,
  conditions: r.conditions.map((c) => ({
    condition: c.condition,
    operator: c.not ? 'not' : 'noOp',
    ...(c.referencedObjective ? { referencedObjective: c.referencedObjective } : {}),
    ...(c.measureThreshold !== undefined ? { parameters: { threshold: c.measureThreshold } } : {}),
  })),
});

const rollup = (r: RollupRule): RollupSettings => ({
  action: r.action,
  conditionCombination: r.combination,
  consideration: r.childActivitySet,
  minimumCount: r.minimumCount,
  minimumPercent: r.minimumPercent,
  conditions: r.conditions.map((c) => ({ condition: c.condition, operator: c.not ? 'not' : 'noOp' })),
});

const objective = (o: ObjectiveDef, fallbackId: string, adl: AdlObjectiveMap[] = []): ObjectiveSettings => ({
  objectiveID: o.id || fallbackId,
  isPrimary: o.primary,
  satisfiedByMeasure: o.satisfiedByMeasure,
  ...(o.minNormalizedMeasure !== undefined ? { minNormalizedMeasure: o.minNormalizedMeasure } : {}),
  mapInfo: [
    ...o.maps.map((m) => ({ ...m, ...adl.find((a) => a.targetObjectiveID === m.targetObjectiveID) })),
    // 4th edition maps of a global the imsss maps do not name: only the adlseq flags, nothing of satisfaction.
    ...adl
      .filter((a) => !o.maps.some((m) => m.targetObjectiveID === a.targetObjectiveID))
      .map((a) => ({
        readSatisfiedStatus: false,
        readNormalizedMeasure: false,
        writeSatisfiedStatus: false,
        writeNormalizedMeasure: false,
        ...a,
      })),
  ],
});

function controls(def: SequencingDef): ActivitySettings['sequencingControls'] {
  const out: NonNullable<ActivitySettings['sequencingControls']> = { ...def.controlMode };
  const copy = [
    'rollupObjectiveSatisfied',
    'rollupProgressCompletion',
    'objectiveMeasureWeight',
    'selectCount',
    'selectionTiming',
    'reorderChildren',
    'randomizationTiming',
    'tracked',
    'completionSetByContent',
    'objectiveSetByContent',
    'preventActivation',
    'constrainChoice',
  ] as const;
  for (const key of copy) if (def[key] !== undefined) out[key] = def[key];
  if (def.reorderChildren !== undefined) out.randomizeChildren = def.reorderChildren;
  return out;
}

/** One activity of the manifest's tree, with its sequencing definition, as the sequencer's settings. */
export function activitySettings(activity: Activity): ActivitySettings {
  const out: ActivitySettings = { id: activity.identifier, title: activity.title };
  if (!activity.visible) out.isVisible = false;
  const def = activity.sequencing;
  if (def) {
    out.sequencingControls = controls(def);
    if (def.attemptLimit !== undefined) out.attemptLimit = def.attemptLimit;
    const sequencingRules: NonNullable<ActivitySettings['sequencingRules']> = {};
    if (def.preConditionRules.length) sequencingRules.preConditionRules = def.preConditionRules.map(rule);
    if (def.exitConditionRules.length) sequencingRules.exitConditionRules = def.exitConditionRules.map(rule);
    if (def.postConditionRules.length) sequencingRules.postConditionRules = def.postConditionRules.map(rule);
    if (Object.keys(sequencingRules).length) out.sequencingRules = sequencingRules;
    if (def.rollupRules.length) out.rollupRules = { rules: def.rollupRules.map(rollup) };
    if (def.rollupConsiderations) out.rollupConsiderations = { ...def.rollupConsiderations };
    const primary = def.objectives.find((o) => o.primary);
    // An adlseq objective naming no imsss objective of the activity has nothing to extend: it is left out.
    const adl = (id: string) => def.adlObjectiveMaps?.[id];
    if (primary) out.primaryObjective = objective(primary, `${activity.identifier}#primary`, adl(primary.id));
    const others = def.objectives.filter((o) => !o.primary);
    if (others.length) out.objectives = others.map((o) => objective(o, o.id, adl(o.id)));
  }
  if (activity.children.length) out.children = activity.children.map(activitySettings);
  return out;
}
