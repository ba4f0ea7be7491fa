import { z } from 'zod';
import { JABATAN_CODES } from './jabatan';

/** Shared field schemas: every string has a maximum length, every id a fixed shape. */

/**
 * Rejects what a name or search text never needs and what can hide or spoof text: control characters
 * (Cc), format characters such as right-to-left overrides and zero-width joiners (Cf), lone surrogates
 * (Cs), private-use characters (Co) and line/paragraph separators (Zl, Zp).
 */
const NO_CONTROL = /^[^\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]*$/u;

export const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'uuid');
export const fullName = z.string().trim().min(2).max(100).regex(NO_CONTROL, 'control characters');
export const pin = z.string().regex(/^\d{6}$/, '6 digits');
export const nik = z.string().regex(/^\d{16}$/, '16 digits');
export const phone = z.string().regex(/^\+?[0-9 -]{6,20}$/, 'phone');
export const email = z.email().max(254);
export const jabatan = z.enum(JABATAN_CODES);
/** Kemendagri desa code, dotted: NN.NN.NN.NNNN (first digit of the last part: 1 kelurahan, 2 desa, 3 desa adat). */
export const desaCode = z.string().regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/, 'desa code NN.NN.NN.NNNN');
/** Any region code from provinsi (NN) down to desa (NN.NN.NN.NNNN). */
export const regionCode = z.string().regex(/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/, 'region code');
export const recoveryCode = z
  .string()
  .trim()
  .max(64)
  .regex(/^[A-Za-z0-9 -]+$/, 'recovery code');
/** Ids inside a course (course, lesson, quiz, question): short slugs. */
export const slug = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'slug');
export const searchText = z.string().max(100).regex(NO_CONTROL, 'control characters');
export const language = z.enum(['id', 'en']);
