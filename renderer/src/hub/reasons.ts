import type { BundleOutcome, HeldKeyView, ImportReason } from '../../../main/api/hub';

/**
 * The codes the hub's import gives (main/api/hub.ts), each with a plain sentence in the i18n files.
 * tests/renderer/hub.test.ts checks the lists against the contract's types and the texts in both languages.
 */
export const IMPORT_REASONS = [
  'not_a_bundle',
  'truncated',
  'tampered',
  'malformed',
  'foreign_region',
  'key_changed',
  'key_rejected',
  'duplicate',
  'unreadable',
  'failed',
  'cancelled',
] as const satisfies readonly ImportReason[];

export const OUTCOMES = [
  'imported',
  'duplicate',
  'held',
  'refused',
] as const satisfies readonly BundleOutcome['outcome'][];

export const HELD_KINDS = [
  'changed_key',
  'another_kiosk',
  'changed_desa',
] as const satisfies readonly HeldKeyView['kind'][];

export const KEY_STATES = [
  'enrolled',
  'held',
  'replaced',
  'rejected',
] as const satisfies readonly HeldKeyView['history'][number]['state'][];

export const importReasonKey = (code: ImportReason) => `hub.reason.${code}` as const;
export const outcomeKey = (code: BundleOutcome['outcome']) => `hub.outcome.${code}` as const;
export const heldKindKey = (code: HeldKeyView['kind']) => `hub.held.kind.${code}` as const;
export const keyStateKey = (code: HeldKeyView['history'][number]['state']) =>
  `hub.held.state.${code}` as const;
