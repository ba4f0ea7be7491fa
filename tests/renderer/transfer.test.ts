import { describe, expect, expectTypeOf, it } from 'vitest';
import type { TaskView } from '../../main/api/tasks';
import type { ReceiptRefusal } from '../../main/api/transfer';
import type { BackupFailureReason } from '../../main/core/backup/format';
import type { StickWriteReason } from '../../main/core/backup/stick-write';
import type { ExportFailure } from '../../main/core/bundles/export';
import { newRecoveryCode } from '../../main/core/crypto/secrets';
import en from '../../renderer/src/i18n/en.json';
import id from '../../renderer/src/i18n/id.json';
import { looksLikeRecoveryCode, passphraseProblems } from '../../renderer/src/operator/transfer/passphrase';
import {
  BACKUP_FAILURES,
  backupFailureKey,
  EXPORT_FAILURES,
  exportFailureKey,
  RECEIPT_REFUSALS,
  receiptRefusalKey,
} from '../../renderer/src/operator/transfer/reasons';
import { BACKUP_STAGES, EXPORT_STAGES, stagedPercent } from '../../renderer/src/operator/transfer/stages';
import { RESTORE_FAILURES, restoreFailureKey } from '../../renderer/src/setup/restore/reasons';

type Tree = { [key: string]: string | Tree };

/** The text at a dotted key (English plurals: the `_other` form), or undefined. */
function textAt(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  const parts = key.split('.');
  for (const [i, part] of parts.entries()) {
    if (typeof node !== 'object') return undefined;
    const next: string | Tree | undefined =
      node[part] ?? (i === parts.length - 1 ? node[`${part}_other`] : undefined);
    node = next;
  }
  return typeof node === 'string' ? node : undefined;
}

describe('reason codes of results leaving the village, for the operator', () => {
  it('lists exactly the codes the core gives', () => {
    expectTypeOf<(typeof EXPORT_FAILURES)[number]>().toEqualTypeOf<ExportFailure>();
    expectTypeOf<(typeof RECEIPT_REFUSALS)[number]>().toEqualTypeOf<ReceiptRefusal>();
    // Backups: the stick's reasons and the passphrase's (main/core/backup/passphrase.ts).
    expectTypeOf<(typeof BACKUP_FAILURES)[number]>().toEqualTypeOf<
      StickWriteReason | 'passphrase_too_short' | 'passphrase_too_long' | 'not_this_recovery_code'
    >();
    // Restore: the file's reasons and those of the data folder (main/core/backup/restore.ts).
    expectTypeOf<(typeof RESTORE_FAILURES)[number]>().toEqualTypeOf<
      | BackupFailureReason
      | 'newer_app'
      | 'already_set_up'
      | 'target_unreadable'
      | 'target_busy'
      | 'write_failed'
    >();
    for (const list of [EXPORT_FAILURES, RECEIPT_REFUSALS, BACKUP_FAILURES, RESTORE_FAILURES])
      expect(new Set(list).size).toBe(list.length);
  });

  it('says every one in a sentence, in Indonesian and English', () => {
    const keys = [
      ...EXPORT_FAILURES.map(exportFailureKey),
      ...RECEIPT_REFUSALS.map(receiptRefusalKey),
      ...BACKUP_FAILURES.map(backupFailureKey),
      ...RESTORE_FAILURES.map(restoreFailureKey),
    ];
    for (const [lang, tree] of [
      ['id', id],
      ['en', en],
    ] as const) {
      for (const key of keys) {
        const text = textAt(tree, key);
        expect(text, `${lang}: ${key}`).toMatch(/\S{2,}/);
        // A sentence that says what happened and what to do, never the code itself.
        expect(text!.split(' ').length, `${lang}: ${key}`).toBeGreaterThan(5);
        const code = key.slice(key.lastIndexOf('.') + 1);
        if (code.includes('_')) expect(text).not.toContain(code);
      }
    }
  });
});

function task(
  message: string | null,
  done: number,
  total: number,
  state: TaskView['state'] = 'running',
): TaskView {
  return {
    id: 't',
    kind: 'bundle-export',
    state,
    done,
    total,
    message,
    error: null,
    result: null,
    startedAt: '2026-11-30T08:00:00.000+07:00',
    endedAt: null,
  };
}

describe('a staged task as one bar', () => {
  it('only moves forward through the stages, each within its own slice', () => {
    const seen = [
      stagedPercent(task(null, 0, 0), EXPORT_STAGES),
      stagedPercent(task('collect', 0, 100), EXPORT_STAGES),
      stagedPercent(task('collect', 100, 100), EXPORT_STAGES),
      stagedPercent(task('write', 0, 5000), EXPORT_STAGES),
      stagedPercent(task('write', 2500, 5000), EXPORT_STAGES),
      stagedPercent(task('verify', 0, 5000), EXPORT_STAGES),
      stagedPercent(task('verify', 5000, 5000), EXPORT_STAGES),
      stagedPercent(task('summary', 0, 1), EXPORT_STAGES),
      stagedPercent(task('summary', 1, 1, 'done'), EXPORT_STAGES),
    ];
    expect(seen).toEqual([0, 0, 15, 15, 42, 70, 95, 95, 100]);
    expect(stagedPercent(task('encrypt', 0, 0), BACKUP_STAGES)).toBe(20);
    expect(stagedPercent(task('write', 10, 0), BACKUP_STAGES)).toBe(40); // total unknown: start of the stage
  });
});

describe('the backup passphrase on the form', () => {
  it('recognises recovery codes as the core makes them, in any case and spacing', () => {
    for (let i = 0; i < 50; i++) {
      const code = newRecoveryCode();
      expect(looksLikeRecoveryCode(code)).toBe(true);
      expect(looksLikeRecoveryCode(code.toLowerCase().replace(/-/g, ' '))).toBe(true);
    }
    expect(looksLikeRecoveryCode('ABCD-EFGH-JKMN-PQR')).toBe(false); // 15 symbols
    expect(looksLikeRecoveryCode('ABCD-EFGH-JKMN-PQRO')).toBe(false); // O is not in the alphabet
  });

  it('never lets a mistyped recovery code through as a chosen passphrase', () => {
    expect(passphraseProblems('recovery-code', 'ABCD-EFGH-JKMN-PQRSX', '')).toEqual({
      passphrase: 'op.backup.form.codeShape',
    });
    expect(passphraseProblems('recovery-code', '', '')).toEqual({ passphrase: 'op.backup.form.codeMissing' });
    expect(passphraseProblems('recovery-code', 'abcd efgh jkmn pqrs', '')).toEqual({});
  });

  it('asks a chosen passphrase for 8 to 200 characters, typed twice the same', () => {
    expect(passphraseProblems('chosen', 'pendek', 'pendek').passphrase).toBe(
      'op.backup.fail.passphrase_too_short',
    );
    expect(passphraseProblems('chosen', 'x'.repeat(201), 'x'.repeat(201)).passphrase).toBe(
      'op.backup.fail.passphrase_too_long',
    );
    expect(passphraseProblems('chosen', 'sawah hijau', 'sawah hijo')).toEqual({
      confirm: 'op.backup.form.mismatch',
    });
    expect(passphraseProblems('chosen', 'sawah hijau', 'sawah hijau')).toEqual({});
    expect(passphraseProblems('chosen', 'kopi-é-8', 'kopi-é-8')).toEqual({}); // 8 characters as people count them
  });
});
