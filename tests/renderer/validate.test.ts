import { describe, expect, it } from 'vitest';
import { EMPTY_DRAFT, validateLearner } from '../../renderer/src/operator/validate';

describe('learner form checks (the contract field schemas)', () => {
  const good = { ...EMPTY_DRAFT, fullName: 'Siti Aminah', pin: '246813', pin2: '246813' };

  it('accepts a full name and a 6-digit PIN typed twice; NIK, phone and email may stay empty', () => {
    expect(validateLearner(good, true)).toEqual({});
  });

  it('asks for a 16-digit NIK when one is given', () => {
    expect(validateLearner({ ...good, nik: '12345' }, true)).toEqual({ nik: 'form.nikInvalid' });
    expect(validateLearner({ ...good, nik: '3302050101800001' }, true)).toEqual({});
  });

  it('flags a short name, a bad phone or email, and PINs that differ', () => {
    expect(
      validateLearner({ ...good, fullName: 'A', phone: 'abc', email: 'x@', pin2: '605142' }, true),
    ).toEqual({
      fullName: 'form.fullNameInvalid',
      phone: 'form.phoneInvalid',
      email: 'form.emailInvalid',
      pin2: 'form.pinMismatch',
    });
  });

  it('says why a weak PIN is refused, with the stricter rules for an operator and the NIK birth date', () => {
    expect(validateLearner({ ...good, pin: '111111', pin2: '111111' }, true)).toEqual({
      pin: 'pinRules.same_digit',
    });
    expect(validateLearner({ ...good, pin: '121212', pin2: '121212' }, true)).toEqual({});
    expect(validateLearner({ ...good, isOperator: true, pin: '121212', pin2: '121212' }, true)).toEqual({
      pin: 'pinRules.few_digits',
    });
    expect(
      validateLearner({ ...good, nik: '3302050101800001', pin: '010180', pin2: '010180' }, true),
    ).toEqual({ pin: 'pinRules.birth_date' });
  });

  it('does not ask for a PIN when editing', () => {
    expect(validateLearner({ ...good, pin: '', pin2: '' }, false)).toEqual({});
  });
});
