import i18n from 'i18next';
import { describe, expect, it } from 'vitest';
import type { CourseCard, NextStep } from '../../main/api/courses';
import id from '../../renderer/src/i18n/id.json';
import { nextCourse, nextSentence } from '../../renderer/src/learner/next';

await i18n.init({ resources: { id: { translation: id } }, lng: 'id', interpolation: { escapeValue: false } });
const t = i18n.t.bind(i18n);

function card(id: string, title: string, next: NextStep, lessonsCompleted = 0): CourseCard {
  return {
    id,
    version: '1.0.0',
    title,
    description: '',
    lessonCount: 5,
    lessonsCompleted,
    next,
    picture: null,
  };
}
const pre = (quizId = 'pretest'): NextStep => ({ kind: 'quiz', quizId, quizKind: 'pre', title: 'Tes Awal' });

describe('what the learner does next', () => {
  it('says it in one sentence, with the course', () => {
    expect(nextSentence(t, [card('a', 'Perencanaan Pembangunan Desa', pre())]).text).toBe(
      'Mulai dengan Tes Awal kursus Perencanaan Pembangunan Desa.',
    );
    const reading = card('a', 'Perencanaan Pembangunan Desa', {
      kind: 'lesson',
      lessonId: 'rkp',
      title: 'RKP Desa',
      resume: true,
    });
    expect(nextSentence(t, [reading])).toEqual({
      text: 'Lanjutkan pelajaran “RKP Desa” di kursus Perencanaan Pembangunan Desa.',
      action: 'Lanjutkan',
      route: '/learn/lesson/a/rkp',
    });
    expect(nextSentence(t, []).action).toBeNull();
    expect(nextSentence(t, [card('a', 'A', { kind: 'done' })]).route).toBe('/learn/results');
  });

  it('goes on with the lesson begun, then a waiting posttest, then the course further along', () => {
    const fresh = card('fresh', 'Baru', pre());
    const begun = card('begun', 'Mulai', { kind: 'lesson', lessonId: 'l2', title: 'L2', resume: false }, 1);
    const other = card('other', 'Lain', { kind: 'lesson', lessonId: 'l1', title: 'L1', resume: false });
    const reading = card('reading', 'Baca', { kind: 'lesson', lessonId: 'l3', title: 'L3', resume: true });
    const post = card(
      'post',
      'Akhir',
      { kind: 'quiz', quizId: 'post', quizKind: 'post', title: 'Tes Akhir' },
      5,
    );
    expect(nextCourse([fresh, other, begun])?.id).toBe('begun');
    expect(nextCourse([fresh, post, begun])?.id).toBe('post');
    expect(nextCourse([fresh, post, reading])?.id).toBe('reading');
    expect(nextCourse([card('d', 'D', { kind: 'done' })])).toBeNull();
  });
});
