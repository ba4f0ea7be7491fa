import { describe, expect, it } from 'vitest';
import { compareStatements } from '../../../main/core/lrs/compare';

/** A statement as the kiosk records it (docs/xapi-profile.md). */
const ours = () => ({
  id: '5c1f8a0e-7d3b-4c2a-9e1f-0a1b2c3d4e5f',
  actor: {
    objectType: 'Agent',
    account: { homePage: 'https://w3id.org/balai-belajar/xapi/kiosk/dev-1', name: 'learner-1' },
  },
  verb: {
    id: 'http://adlnet.gov/expapi/verbs/passed',
    display: { 'en-US': 'passed' } as Record<string, string>,
  },
  object: {
    objectType: 'Activity',
    id: 'https://w3id.org/balai-belajar/xapi/course/c/quiz/post',
    definition: {
      type: 'http://adlnet.gov/expapi/activities/assessment',
      name: { 'id-ID': 'Tes akhir' } as Record<string, string>,
    },
  },
  result: { score: { raw: 8, min: 0, max: 10, scaled: 0.8 }, success: true, duration: 'PT4M' },
  context: {
    registration: '9a8b7c6d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
    platform: 'Balai Belajar',
    language: 'id-ID',
    contextActivities: {
      parent: [
        {
          objectType: 'Activity',
          id: 'https://w3id.org/balai-belajar/xapi/course/c',
          definition: { type: 'http://adlnet.gov/expapi/activities/course' },
        },
      ],
      category: [
        {
          objectType: 'Activity',
          id: 'https://w3id.org/balai-belajar/xapi/profile/1.0',
          definition: { type: 'http://adlnet.gov/expapi/activities/profile' },
        },
      ],
    },
    extensions: { 'https://w3id.org/balai-belajar/xapi/ext/sequence': 42 },
  },
  timestamp: '2026-11-02T10:04:05.678+07:00',
  version: '1.0.0',
});

type S = ReturnType<typeof ours> & Record<string, unknown>;
const changed = (change: (s: S) => void): S => {
  const s = ours() as S;
  change(s);
  return s;
};

describe('xAPI statement comparison (Data 2.3.1)', () => {
  it('ignores what the LRS assigns or re-serialises', () => {
    const stored = changed((s) => {
      s.stored = '2026-11-30T01:36:31.965Z';
      s.authority = { objectType: 'Agent', mbox: 'mailto:client@example.org' };
      s.version = '1.0.3';
      s.timestamp = '2026-11-02T03:04:05.678Z'; // the same instant in UTC
      s.verb.display = { 'en-US': 'lulus', 'id-ID': 'lulus' }; // the display is not part of the statement
      s.object.definition = {
        type: 'http://adlnet.gov/expapi/activities/assessment',
        name: { 'en-US': 'Posttest' },
      };
      delete (s.context.contextActivities.parent[0] as { definition?: unknown }).definition;
      s.context.registration = s.context.registration.toUpperCase(); // UUIDs are case-insensitive
      delete (s.actor as { objectType?: string }).objectType; // Agent is the default
    });
    expect(compareStatements(ours(), stored)).toEqual({ same: true, differences: [] });
  });

  it('ignores the order of group members and the case of an e-mail domain; takes a lone context activity as a list', () => {
    const group = (members: string[]) => ({
      objectType: 'Group',
      member: members.map((m) => ({ objectType: 'Agent', mbox: `mailto:${m}` })),
    });
    const a = changed((s) => {
      s.context = { ...s.context, team: group(['ani@desa.id', 'budi@Desa.ID']) } as S['context'];
    });
    const b = changed((s) => {
      s.context = { ...s.context, team: group(['budi@desa.id', 'ani@DESA.id']) } as S['context'];
      (s.context.contextActivities as Record<string, unknown>).parent = s.context.contextActivities.parent[0];
    });
    expect(compareStatements(a, b).same).toBe(true);
    const c = changed((s) => {
      s.context = { ...s.context, team: group(['Ani@desa.id', 'budi@desa.id']) } as S['context'];
    });
    expect(compareStatements(a, c).differences).toEqual(['context.team.member[0].mbox']);
  });

  it('a timestamp the LRS filled in does not count; one we sent counts as an instant', () => {
    const withoutTime = changed((s) => {
      delete (s as { timestamp?: string }).timestamp;
    });
    expect(compareStatements(withoutTime, ours()).same).toBe(true);
    const later = changed((s) => {
      s.timestamp = '2026-11-02T10:04:05.679+07:00';
    });
    expect(compareStatements(ours(), later).differences).toEqual(['timestamp']);
  });

  it('everything else counts: the result (duration as a string too), the actor, the verb, the object, extensions', () => {
    const cases: [string, (s: S) => void][] = [
      ['result.score.raw', (s) => (s.result.score.raw = 7)],
      ['result.duration', (s) => (s.result.duration = 'PT240S')],
      ['actor.account.name', (s) => (s.actor.account.name = 'learner-2')],
      ['verb.id', (s) => (s.verb.id = 'http://adlnet.gov/expapi/verbs/failed')],
      ['object.id', (s) => (s.object.id += '-2')],
      [
        'context.extensions.https://w3id.org/balai-belajar/xapi/ext/sequence',
        (s) => (s.context.extensions['https://w3id.org/balai-belajar/xapi/ext/sequence'] = 43),
      ],
      ['context.contextActivities.parent[0].id', (s) => (s.context.contextActivities.parent[0]!.id += '-x')],
      ['result.completion', (s) => ((s.result as Record<string, unknown>).completion = true)],
    ];
    for (const [path, change] of cases) {
      const result = compareStatements(ours(), changed(change));
      expect(result, path).toEqual({ same: false, differences: [path] });
    }
    expect(compareStatements(ours(), null).same).toBe(false);
    expect(compareStatements(ours(), 'text').same).toBe(false);
  });
});
