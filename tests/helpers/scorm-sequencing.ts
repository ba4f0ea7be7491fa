import { join } from 'node:path';
import { handleScoRequest } from '../../main/core/content/scorm/bridge';
import { wrapScorm } from '../../main/core/content/scorm/wrap';
import { newPrivateKeyFile } from '../../main/core/packages/keys';
import { DEFAULT_LIMITS } from '../../main/core/packages/limits';
import { sql } from '../../main/core/db/sql';
import type { ScoTocEntry } from '../../main/api/scorm';
import { certify } from './pki';
import type { Village } from './core';
import { externalPackages } from './external-content';

/**
 * The golf sequencing packages of the external corpus, wrapped and installed on a test kiosk, played without
 * a browser: a launch goes through `scorm.launch`, the SCO's results through the launch's own commit bridge
 * (the request its launcher page would send), navigation through `scorm.navigate`.
 */
export async function installCorpusCourse(village: Village, dir: string, name: string): Promise<string> {
  const [file] = externalPackages('scorm2004').filter((f) => f.includes(name));
  if (!file) throw new Error(`no ${name} in the corpus`);
  const out = join(dir, `${name}.balaicourse`);
  const signer = certify(newPrivateKeyFile('Tim Kabupaten Uji'));
  const wrapped = await wrapScorm(file, {
    signer,
    out,
    limits: DEFAULT_LIMITS,
    now: new Date(),
    allowRemote: /4thEd/.test(name),
  });
  if (!wrapped.ok) throw new Error(wrapped.reason);
  const installed = await village.core.services.courses.installVerified(out);
  if (!installed.ok) throw new Error(installed.reason);
  return installed.course.id;
}

export function scoPlayer(village: Village, token: string, courseId: string) {
  const services = village.core.services;
  const course = () => services.courses.get(courseId)!;
  const lessonOf = (item: string) =>
    course()
      .manifest.modules.flatMap((m) => m.lessons)
      .find((l) => l.sco?.item === item)!.id;
  const itemOf = (lessonId: string) =>
    course()
      .manifest.modules.flatMap((m) => m.lessons)
      .find((l) => l.id === lessonId)!.sco!.item;
  const api = {
    lessonOf,
    /** Opens an item as the learner's click would: the launch, or the refusal with its reason. */
    launch: (item: string) => village.call(token, 'scorm.launch', { courseId, lessonId: lessonOf(item) }),
    /** Opens an item and has its SCO commit these CMI values, then Terminate (with its adl.nav.request). */
    async play(item: string, cmi: Record<string, unknown>, terminate = true, navRequest?: string) {
      const opened = await village.call(token, 'scorm.launch', { courseId, lessonId: lessonOf(item) });
      if (!opened.ok) throw new Error(`launch ${item}: ${opened.error.message}`);
      const launch = (opened.value as { launch: { url: string } }).launch;
      const sco = new URL(launch.url).hostname.split('.')[0]!;
      const answer = await handleScoRequest(
        services,
        sco,
        new Request(`http://${sco}.localhost/_balai/commit?terminate=${terminate}`, {
          method: 'POST',
          body: JSON.stringify({ cmi, ...(navRequest ? { navRequest } : {}) }),
        }),
        'http://127.0.0.1',
      );
      const result = (await answer.json()) as { result: boolean };
      if (!result.result) throw new Error(`commit of ${item} refused`);
      return (opened.value as { launch: { sequencing: unknown } }).launch;
    },
    navigate: (
      request: 'continue' | 'previous' | 'choice' | 'exitAll' | 'suspendAll' | 'abandon',
      target?: string,
    ) => village.call(token, 'scorm.navigate', { courseId, request, ...(target ? { target } : {}) }),
    /**
     * What the player does once a SCO terminated: go where the rules already sent the learner (a retry, a
     * remediation), else ask for `request`. As the item identifier (null: the course's session ended).
     */
    async next(request: 'continue' | 'previous' | 'exitAll' = 'continue') {
      const { now } = await village.must(token, 'scorm.toc', { courseId });
      if (now?.lessonId || now?.ended)
        return { item: now.lessonId ? itemOf(now.lessonId) : null, ended: now.ended };
      const result = await api.navigate(request);
      if (!result.ok) return { refused: result.error.details?.exception as string, item: undefined };
      const { navigation } = result.value as { navigation: { lessonId: string | null; ended: boolean } };
      return { item: navigation.lessonId ? itemOf(navigation.lessonId) : null, ended: navigation.ended };
    },
    now: async () => (await village.must(token, 'scorm.toc', { courseId })).now,
    async toc(): Promise<Record<string, Omit<ScoTocEntry, 'lessonId'>>> {
      const { toc } = await village.must(token, 'scorm.toc', { courseId });
      const lessons = course().manifest.modules.flatMap((m) => m.lessons);
      return Object.fromEntries(
        (toc ?? []).map(({ lessonId, ...rest }) => [lessons.find((l) => l.id === lessonId)!.sco!.item, rest]),
      );
    },
    /** The stored sequencing state of one activity. */
    activity: (learnerId: string, item: string) =>
      services.db.get<{
        attempt_count: number;
        completion: string;
        success: string;
        satisfied: number | null;
        measure: number | null;
      }>(sql`SELECT attempt_count, completion, success, satisfied, measure FROM scorm_activity_state
             WHERE learner_id = ${learnerId} AND course_id = ${courseId} AND item = ${item}`),
  };
  return api;
}

export const PASSED = { completion_status: 'completed', success_status: 'passed', score: { scaled: '0.9' } };
export const FAILED = { completion_status: 'completed', success_status: 'failed', score: { scaled: '0.2' } };
export const COMPLETED = { completion_status: 'completed' };
