import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../main/api/reports';
import id from '../../renderer/src/i18n/id.json';
import { durationParts, formatBytes, formatGain, formatScore } from '../../renderer/src/operator/format';
import { eventText } from '../../renderer/src/operator/historyText';
import { refusalKind } from '../../renderer/src/operator/refusal';

describe('why a course package was refused, for the operator', () => {
  it('maps the core reasons to plain sentences', () => {
    // Reasons as the core words them (main/core/packages, main/core/courses/store.ts).
    expect(refusalKind('"lessons/l1.md" does not match its signed hash (tampered or damaged)')).toBe(
      'damaged',
    );
    expect(
      refusalKind('bad signature: the package was changed after it was signed, or signed with another key'),
    ).toBe('damaged');
    expect(refusalKind('not signed: signature.json is missing')).toBe('damaged');
    expect(refusalKind('broken zip: invalid central directory')).toBe('damaged');
    expect(refusalKind('"media/a.mp4" is compressed more than 100:1 (zip bomb?)')).toBe('damaged');
    expect(refusalKind('signed by unknown publisher key 0123456789abcdef')).toBe('unknownPublisher');
    expect(refusalKind('version 1.0.0 is not newer than installed 1.0.0')).toBe('notNewer');
    expect(refusalKind('course.json invalid: quizzes[0].draw: too big')).toBe('other');
    // A raw SCORM zip is named as such (it also says "not signed", which alone would read as tampering).
    expect(
      refusalKind(
        'not signed: a raw SCORM 2004 package (paket SCORM 2004 yang belum ditandatangani); have the kabupaten\'s team wrap it with "balai course wrap"',
      ),
    ).toBe('rawPackage');
  });
});

describe('numbers as officials read them', () => {
  it('writes sizes in binary units with a decimal comma', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(21_948)).toBe('21,4 KB');
    expect(formatBytes(240 * 1024 * 1024)).toBe('240 MB');
    expect(formatBytes(16_008_609_792)).toBe('14,9 GB');
    expect(formatBytes(null)).toBe('—');
  });

  it('writes scores and gains with at most one decimal and a sign', () => {
    expect(formatScore(26.7)).toBe('26,7');
    expect(formatScore(80)).toBe('80');
    expect(formatScore(null)).toBe('—');
    expect(formatGain(66.6)).toBe('+66,6');
    expect(formatGain(-6.7)).toBe('−6,7');
    expect(formatGain(0)).toBe('0');
  });

  it('says how far behind a clock is in at most two parts', () => {
    expect(durationParts(45)).toEqual([{ unit: 'minute', count: 45 }]);
    expect(durationParts(3 * 60 + 20)).toEqual([
      { unit: 'hour', count: 3 },
      { unit: 'minute', count: 20 },
    ]);
    expect(durationParts(2 * 1440 + 179)).toEqual([
      { unit: 'day', count: 2 },
      { unit: 'hour', count: 2 },
    ]);
  });
});

describe("a learner's history in plain Indonesian", () => {
  const t = i18next.createInstance();
  beforeAll(async () => {
    await t.init({
      resources: { id: { translation: id } },
      lng: 'id',
      interpolation: { escapeValue: false },
    });
  });
  const event = (over: Partial<HistoryEvent>): HistoryEvent => ({
    seq: 1,
    at: '2026-11-29T08:00:00.000+07:00',
    verb: 'experienced',
    activityType: 'lesson',
    activityName: 'Apa itu APB Desa',
    courseId: 'mengenal-apbdes',
    courseTitle: 'Mengenal APB Desa',
    quizKind: null,
    score: null,
    success: null,
    certificateNumber: null,
    ...over,
  });

  it('turns profile verbs into sentences', () => {
    const text = (over: Partial<HistoryEvent>) => eventText(t.t, event(over));
    expect(text({})).toBe('Membuka pelajaran “Apa itu APB Desa”');
    expect(text({ verb: 'completed' })).toBe('Menyelesaikan pelajaran “Apa itu APB Desa”');
    expect(text({ verb: 'launched', activityType: 'course' })).toBe('Mulai kursus');
    const quiz = { activityType: 'assessment' as const, activityName: 'Tes Akhir' };
    expect(text({ ...quiz, verb: 'attempted', quizKind: 'post' })).toBe('Mulai mengerjakan tes akhir');
    expect(text({ ...quiz, verb: 'passed', quizKind: 'post', score: 80 })).toBe('Lulus tes akhir (nilai 80)');
    expect(text({ ...quiz, verb: 'failed', quizKind: 'post', score: 53.3 })).toBe(
      'Belum lulus tes akhir (nilai 53,3)',
    );
    expect(text({ ...quiz, verb: 'failed', quizKind: 'pre', score: 26.7 })).toBe(
      'Menyelesaikan tes awal (nilai 26,7)',
    );
    expect(
      text({ ...quiz, activityName: 'Latihan Modul 1', verb: 'passed', quizKind: 'practice', score: 100 }),
    ).toBe('Lulus latihan “Latihan Modul 1” (nilai 100)');
    expect(
      text({
        verb: 'certified',
        activityType: 'certificate',
        certificateNumber: '3302052001-20261129-K2C6B',
      }),
    ).toBe('Mendapat sertifikat nomor 3302052001-20261129-K2C6B');
    expect(text({ verb: 'answered', activityType: 'question', success: true })).toBe('Menjawab soal (benar)');
    expect(text({ verb: 'voided', activityType: 'other', activityName: 'x' })).toBe('voided: x');
  });
});
