import { email, fullName, nik, phone, pin } from '../../../main/api/fields';
import type { Jabatan } from '../../../main/api/jabatan';
import { weakPinReason } from '../../../main/api/pin-rules';

/** What the learner form holds while the operator types. */
export interface LearnerDraft {
  fullName: string;
  jabatan: Jabatan;
  nik: string;
  phone: string;
  email: string;
  isOperator: boolean;
  pin: string;
  pin2: string;
}

export type DraftField = keyof LearnerDraft;

export const EMPTY_DRAFT: LearnerDraft = {
  fullName: '',
  jabatan: 'staf_desa',
  nik: '',
  phone: '',
  email: '',
  isOperator: false,
  pin: '',
  pin2: '',
};

/**
 * Checks the form with the contract's own field schemas, so the form and the API agree. Returns, per field,
 * the i18n key of the message to show.
 */
export function validateLearner(draft: LearnerDraft, needPin: boolean): Partial<Record<DraftField, string>> {
  const problems: Partial<Record<DraftField, string>> = {};
  if (!fullName.safeParse(draft.fullName).success) problems.fullName = 'form.fullNameInvalid';
  if (draft.nik && !nik.safeParse(draft.nik).success) problems.nik = 'form.nikInvalid';
  if (draft.phone && !phone.safeParse(draft.phone).success) problems.phone = 'form.phoneInvalid';
  if (draft.email && !email.safeParse(draft.email).success) problems.email = 'form.emailInvalid';
  if (needPin) {
    const weak = weakPinReason(draft.pin, { operator: draft.isOperator, nik: draft.nik });
    if (!pin.safeParse(draft.pin).success) problems.pin = 'form.pinInvalid';
    else if (weak) problems.pin = `pinRules.${weak}`;
    else if (draft.pin !== draft.pin2) problems.pin2 = 'form.pinMismatch';
  }
  return problems;
}
