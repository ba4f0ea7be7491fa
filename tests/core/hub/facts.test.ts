import { describe, expect, it } from 'vitest';
import { statementFacts } from '../../../main/core/hub/facts';
import { ACTIVITY_TYPES, activityIds, EXTENSIONS, VERBS } from '../../../main/core/recorder/profile';

const statement = (over: Record<string, unknown>) =>
  JSON.stringify({
    id: '94f4401e-0561-4b73-8e04-65cf8dffbc80',
    actor: { objectType: 'Agent', account: { homePage: 'https://x', name: 'learner-1' } },
    verb: { id: VERBS.passed.id, display: { 'en-US': 'passed' } },
    object: {
      objectType: 'Activity',
      id: activityIds.quiz('pengelolaan-keuangan-desa', 'posttest'),
      definition: { type: ACTIVITY_TYPES.assessment, name: { 'id-ID': 'Tes Akhir' } },
    },
    result: { score: { scaled: 0.8, raw: 80, min: 0, max: 100 }, success: true, completion: true },
    context: {
      contextActivities: {
        parent: [{ objectType: 'Activity', id: activityIds.course('pengelolaan-keuangan-desa') }],
      },
      extensions: { [EXTENSIONS.quizKind]: 'post', [EXTENSIONS.sequence]: 68 },
    },
    timestamp: '2026-11-30T06:43:34.025+07:00',
    version: '1.0.0',
    ...over,
  });

describe('what the reports read from a statement (docs/xapi-profile.md)', () => {
  it('a posttest: verb, learner, course, quiz, kind, score and time', () => {
    expect(statementFacts(statement({}))).toEqual({
      learnerId: 'learner-1',
      verb: 'passed',
      courseId: 'pengelolaan-keuangan-desa',
      objectKind: 'assessment',
      objectRef: 'posttest',
      quizKind: 'post',
      score: 80,
      atMs: Date.parse('2026-11-29T23:43:34.025Z'),
    });
  });

  it("a SCO's score on its own scale is read as its percentage, and a raw past 100 does not lose the statement", () => {
    const sco = (score: Record<string, number>) =>
      statementFacts(
        statement({
          object: {
            id: activityIds.lesson('uji.scorm', 'tes-akhir'),
            definition: { type: ACTIVITY_TYPES.lesson },
          },
          result: { score, success: true },
        }),
      );
    expect(sco({ scaled: 0.8, raw: 8 })).toMatchObject({ verb: 'passed', quizKind: 'post', score: 80 });
    expect(sco({ scaled: 0.855, raw: 855, min: 0, max: 1000 })).toMatchObject({
      verb: 'passed',
      score: 85.5,
    });
    expect(sco({ scaled: -0.5 })).toMatchObject({ score: 0 });
    expect(sco({ raw: 70 })).toMatchObject({ score: 70 });
    expect(sco({ raw: 700 })).toMatchObject({ verb: 'passed', objectRef: 'tes-akhir', score: null });
  });

  it('a lesson, a course and a certificate take their course from the object or its parent', () => {
    const lesson = statementFacts(
      statement({
        verb: { id: VERBS.completed.id },
        object: {
          id: activityIds.lesson('perencanaan-pembangunan-desa', 'rpjm-desa'),
          definition: { type: ACTIVITY_TYPES.lesson },
        },
        result: { completion: true },
      }),
    );
    expect(lesson).toMatchObject({
      verb: 'completed',
      courseId: 'perencanaan-pembangunan-desa',
      objectKind: 'lesson',
      objectRef: 'rpjm-desa',
      score: null,
    });
    const certificate = statementFacts(
      statement({
        verb: { id: VERBS.certified.id },
        object: {
          id: activityIds.certificate('3302052001-20261130-5GF5M'),
          definition: { type: ACTIVITY_TYPES.certificate },
        },
      }),
    );
    expect(certificate).toMatchObject({
      verb: 'certified',
      courseId: 'pengelolaan-keuangan-desa',
      objectKind: 'certificate',
      objectRef: '3302052001-20261130-5GF5M',
    });
  });

  it('outside the profile: what cannot be read is null, never an error', () => {
    expect(statementFacts('not json')).toMatchObject({ verb: null, learnerId: null, atMs: null });
    expect(statementFacts(JSON.stringify({ id: 'x', verb: 'nope' }))).toMatchObject({ verb: null });
    expect(
      statementFacts(
        statement({
          verb: { id: 'http://example.com/verbs/sang' },
          timestamp: 'yesterday',
          context: { extensions: { [EXTENSIONS.quizKind]: 'exam' } },
        }),
      ),
    ).toMatchObject({ verb: null, atMs: null, quizKind: null, courseId: 'pengelolaan-keuangan-desa' });
  });
});
