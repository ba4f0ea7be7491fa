import type { TaskView } from '../../../../main/api/tasks';

/**
 * A task that reports its work in stages (`message` = the stage, `done`/`total` within it) as one bar that
 * only moves forward: each stage owns a slice of 0–100 %, in order.
 */
export type StagePlan<S extends string> = readonly (readonly [stage: S, upTo: number])[];

/** Bundle export: collecting statements, zipping to the stick, reading it back, the XLSX summary. */
export const EXPORT_STAGES = [
  ['collect', 15],
  ['write', 70],
  ['verify', 95],
  ['summary', 100],
] as const satisfies StagePlan<string>;
export type ExportStage = (typeof EXPORT_STAGES)[number][0];

/** Backup: database snapshot, encryption, writing to the stick, reading it back. */
export const BACKUP_STAGES = [
  ['snapshot', 20],
  ['encrypt', 40],
  ['write', 85],
  ['verify', 100],
] as const satisfies StagePlan<string>;
export type BackupStage = (typeof BACKUP_STAGES)[number][0];

/** The stage a task reports now, if it is one of the plan's. */
export function currentStage<S extends string>(task: TaskView, plan: StagePlan<S>): S | null {
  return plan.find(([stage]) => stage === task.message)?.[0] ?? null;
}

/** Whole percent over all stages; 100 once done. */
export function stagedPercent<S extends string>(task: TaskView, plan: StagePlan<S>): number {
  if (task.state === 'done') return 100;
  const at = plan.findIndex(([stage]) => stage === task.message);
  if (at < 0) return 0;
  const from = at === 0 ? 0 : plan[at - 1]![1];
  const to = plan[at]![1];
  const within = task.total > 0 ? Math.min(1, Math.max(0, task.done / task.total)) : 0;
  return Math.floor(from + (to - from) * within);
}
