import type { ScoClosedReason } from '../../../../api/scorm';
import type { Activity } from '../manifest';
import type { SequencingRule } from '../sequencing';
import type { SeqActivity } from './engine';

/**
 * Why the table of contents keeps an item closed, as a code the UI turns into a plain Indonesian sentence
 * (`sco.closed.<code>`). Read from the rule that closes it, on the item or the cluster above it:
 * - `finish_previous`: a precondition waits for another activity's objective ("Selesaikan … dulu");
 * - `already_passed`: a precondition closes it once an objective is satisfied (a test you already passed);
 * - `attempts_used`: its attempt limit is reached;
 * - `flow_only`: its cluster allows no choice: it is reached with Lanjut;
 * - `forward_only`: the cluster only goes forward and this item is behind;
 * - `rule`: any other sequencing rule.
 */
export type ClosedReason = ScoClosedReason;

const PROGRESS = new Set(['satisfied', 'completed', 'objectiveStatusKnown', 'activityProgressKnown']);

function reasonOfRule(rule: SequencingRule): ClosedReason {
  if (rule.conditions.some((c) => c.condition === 'attemptLimitExceeded' && !c.not)) return 'attempts_used';
  if (rule.conditions.every((c) => PROGRESS.has(c.condition) && c.not)) return 'finish_previous';
  if (rule.conditions.some((c) => (c.condition === 'satisfied' || c.condition === 'completed') && !c.not))
    return 'already_passed';
  return 'rule';
}

const CLOSING = new Set(['disabled', 'hiddenFromChoice', 'stopForwardTraversal']);

/** The first precondition rule of one activity that closes it now (disabled, hidden, stop), if any. */
function closingRule(activity: SeqActivity, defs: Map<string, Activity>): SequencingRule | undefined {
  const rules = defs.get(activity.id)?.sequencing?.preConditionRules ?? [];
  const live = activity.sequencingRules.preConditionRules;
  for (let i = 0; i < rules.length && i < live.length; i++)
    if (CLOSING.has(rules[i]!.action) && live[i]!.evaluate(activity)) return rules[i];
  return undefined;
}

/** A `hiddenFromChoice` precondition holds on the activity or a cluster above it: the outline leaves it out. */
export function hiddenByRule(target: SeqActivity, defs: Map<string, Activity>): boolean {
  for (let a: SeqActivity | null = target; a; a = a.parent)
    if (closingRule(a, defs)?.action === 'hiddenFromChoice') return true;
  return false;
}

/** The reason an activity is closed, given its sequencer state and its definition in the manifest. */
export function closedReason(
  target: SeqActivity,
  defs: Map<string, Activity>,
  current: SeqActivity | null,
): ClosedReason {
  const path: SeqActivity[] = [];
  for (let a: SeqActivity | null = target; a; a = a.parent) path.unshift(a);
  for (const activity of path) {
    const rule = closingRule(activity, defs);
    if (rule) return reasonOfRule(rule);
    if (activity.attemptLimit && activity.attemptLimit > 0 && activity.attemptCount >= activity.attemptLimit)
      return 'attempts_used';
  }
  for (const activity of path.slice(1)) {
    const parent = activity.parent!;
    if (!parent.sequencingControls.choice) return 'flow_only';
    if (parent.sequencingControls.forwardOnly && current) {
      const siblings = parent.children.map((c) => c.id);
      const here = path.find((p) => p.parent === parent)?.id ?? '';
      const currentChild = ancestorsOf(current).find((a) => a.parent === parent)?.id;
      if (currentChild && siblings.indexOf(here) < siblings.indexOf(currentChild)) return 'forward_only';
    }
  }
  return 'rule';
}

function ancestorsOf(activity: SeqActivity): SeqActivity[] {
  const out: SeqActivity[] = [];
  for (let a: SeqActivity | null = activity; a; a = a.parent) out.push(a);
  return out;
}
