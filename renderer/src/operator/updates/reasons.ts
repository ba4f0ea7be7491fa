import type { UpdateStatusView } from '../../../../main/api/updates';

/**
 * The codes the core gives for app updates and the course catalogue, as main/core/updates/*.ts and
 * main/core/catalogue/*.ts name them. Each has a plain sentence in the i18n files under the key the helpers
 * below build; tests/renderer/updates.test.ts checks the lists against the core's types and the texts in
 * both languages.
 */

/** Why an update was refused (`Refusal['code']` in main/core/updates/policy.ts). */
export const UPDATE_REFUSALS = [
  'bad_version',
  'not_newer',
  'other_channel',
  'other_platform',
  'unsigned',
  'bad_signature',
  'malformed',
  'missing_file',
  'tampered',
  'mismatch',
  'http_error',
] as const;

/**
 * What the status's `lastError.code` or a stick update's `details.reason` can be: a refusal, a failure of the
 * updater itself (main/core/updates/controller.ts), no update folder on the stick, or no updater here.
 */
export const UPDATE_PROBLEMS = [
  ...UPDATE_REFUSALS,
  'serve_failed',
  'updater_failed',
  'download_failed',
  'no_update',
  'inactive',
] as const;
export type UpdateProblem = (typeof UPDATE_PROBLEMS)[number];

/** How the last look at the feed ended. */
export const CHECK_RESULTS = [
  'up_to_date',
  'update_found',
  'refused',
  'failed',
] as const satisfies readonly NonNullable<UpdateStatusView['lastCheckResult']>[];

/**
 * Why a catalogue sync did not run or was refused (`details.reason`): the core's catalogue check
 * (main/core/catalogue/format.ts), no answer from the server, an HTTP status (`http_404`: one sentence for
 * all), no URL set.
 */
export const CATALOGUE_REFUSALS = [
  'offline',
  'malformed',
  'bad_signature',
  'replayed',
  'http',
  'no_url',
] as const;
export type CatalogueRefusal = (typeof CATALOGUE_REFUSALS)[number];

/** A known update problem code, else null (the core's own message is shown as detail). */
export function updateProblem(code: unknown): UpdateProblem | null {
  return typeof code === 'string' && (UPDATE_PROBLEMS as readonly string[]).includes(code)
    ? (code as UpdateProblem)
    : null;
}

/** A catalogue refusal reason (`http_503` counts as `http`), else null. */
export function catalogueRefusal(reason: unknown): CatalogueRefusal | null {
  if (typeof reason !== 'string') return null;
  if (/^http_\d{3}$/.test(reason)) return 'http';
  return (CATALOGUE_REFUSALS as readonly string[]).includes(reason) ? (reason as CatalogueRefusal) : null;
}

/** i18n keys of the sentences, one per code. */
export const updateProblemKey = (code: UpdateProblem) => `op.updates.problem.${code}` as const;
export const checkResultKey = (code: (typeof CHECK_RESULTS)[number]) =>
  `op.updates.checkResult.${code}` as const;
export const catalogueRefusalKey = (code: CatalogueRefusal) =>
  `op.updates.catalogue.refusal.${code}` as const;
export const channelKey = (channel: string) => `op.updates.channel.${channel}` as const;
export const channelHintKey = (channel: string) => `op.updates.channelHint.${channel}` as const;
