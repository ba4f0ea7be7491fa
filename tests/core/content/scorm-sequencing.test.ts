import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpVillage, tempDir, type Village } from '../../helpers/core';
import { COMPLETED, FAILED, installCorpusCourse, PASSED, scoPlayer } from '../../helpers/scorm-sequencing';

/**
 * SCORM 2004 sequencing against the golf sequencing packages of the external corpus: each behaves as its
 * description says (../shared/external-content/MANIFEST.md and the comments in its imsmanifest.xml).
 */
let village: Village;
const dir = tempDir('balai-scorm-seq-');
const courses: Record<string, string> = {};

beforeAll(async () => {
  village = await setUpVillage(join(dir.dir, 'data'));
  for (const name of [
    'SequencingForcedSequential',
    'SequencingPreOrPostTestRollup',
    'SequencingPostTestRollup4thEd',
    'SequencingSimpleRemediation',
    'SequencingRandomTest',
  ])
    courses[name] = await installCorpusCourse(village, dir.dir, name);
  village.core.services.scorm.serveOrigins((token) => `http://${token}.localhost:9`);
}, 120_000);

afterAll(() => {
  village?.close();
  dir.cleanup();
});

async function learner(name: string, pin: string) {
  const id = await village.addLearner(name, pin);
  return { id, token: await village.loginAs(id, pin) };
}

describe('forced sequential order', () => {
  it('opens only the first SCO, refuses a jump ahead with its reason, then opens each in turn', async () => {
    const siti = await learner('Siti Aminah', '516273');
    const sco = scoPlayer(village, siti.token, courses.SequencingForcedSequential!);
    const toc = await sco.toc();
    expect(toc.playing_item).toMatchObject({ open: true, reason: null });
    for (const item of ['etuqiette_item', 'handicapping_item', 'havingfun_item'])
      expect(toc[item], item).toMatchObject({ open: false, reason: 'finish_previous' });
    const jump = await sco.launch('handicapping_item');
    expect(jump).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { closed: 'finish_previous' } },
    });

    const launch = await sco.play('playing_item', { completion_status: 'incomplete' });
    expect(launch).toMatchObject({ sequencing: { choice: { etuqiette_item: false, playing_item: true } } });
    // Not passed yet: continue is refused, and the choice of the next SCO too.
    expect((await sco.next()).refused).toMatch(/^[A-Z]{2}\.\d/);
    expect(await sco.navigate('choice', 'etuqiette_item')).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });

    await sco.play('playing_item', PASSED);
    expect((await sco.toc()).etuqiette_item).toMatchObject({ open: true });
    expect((await sco.toc()).handicapping_item).toMatchObject({ open: false, reason: 'finish_previous' });
    expect(await sco.next()).toEqual({ item: 'etuqiette_item', ended: false });
    // Jumping back is allowed.
    expect((await sco.toc()).playing_item).toMatchObject({ open: true });
    // Two attempts at the first SCO (incomplete, then passed), kept per learner.
    expect(sco.activity(siti.id, 'playing_item')).toMatchObject({
      attempt_count: 2,
      success: 'passed',
      satisfied: 1,
    });
  });
});

describe('adl.nav.request', () => {
  it("carries out the SCO's own request when it terminates, and refuses one the rules do not allow", async () => {
    const rina = await learner('Rina Wati', '624815');
    const sco = scoPlayer(village, rina.token, courses.SequencingForcedSequential!);
    // A jump ahead asked by the SCO itself: refused, the learner stays where they were.
    await sco.play(
      'playing_item',
      { completion_status: 'incomplete' },
      true,
      '{target=havingfun_item}choice',
    );
    expect(await sco.now()).toEqual({ lessonId: null, ended: false });
    // Passed, and the SCO asks to continue: the next SCO is delivered by the core.
    await sco.play('playing_item', PASSED, true, 'continue');
    expect(await sco.now()).toEqual({ lessonId: sco.lessonOf('etuqiette_item'), ended: false });
    // suspendAll keeps the activity to resume; the next launch resumes it (cmi.entry = resume).
    await sco.play('etuqiette_item', { completion_status: 'incomplete', exit: 'suspend' }, false);
    expect(await sco.navigate('suspendAll')).toMatchObject({
      ok: true,
      value: { navigation: { ended: true } },
    });
    const resumed = await sco.launch('etuqiette_item');
    expect(resumed).toMatchObject({ ok: true, value: { launch: { resumed: true } } });
    // exitAll ends the sequencing session.
    expect(await sco.navigate('exitAll')).toMatchObject({ ok: true, value: { navigation: { ended: true } } });
    expect(await sco.now()).toEqual({ lessonId: null, ended: true });
  });
});

describe('pre- or post-test rollup', () => {
  it('a passed pretest tests out: the course is satisfied and the post test is closed as passed', async () => {
    const ani = await learner('Ani Rahayu', '738192');
    const sco = scoPlayer(village, ani.token, courses.SequencingPreOrPostTestRollup!);
    const toc = await sco.toc();
    expect(toc.pretest_item).toMatchObject({ open: true });
    expect(toc.posttest_item).toMatchObject({ open: false, reason: 'finish_previous' });
    await sco.play('pretest_item', PASSED);
    const after = await sco.toc();
    // One attempt only, and it is used.
    expect(after.pretest_item).toMatchObject({ open: false, reason: 'attempts_used' });
    expect(after.posttest_item).toMatchObject({ open: false, reason: 'already_passed' });
    expect(sco.activity(ani.id, 'dummy_item')).toMatchObject({ satisfied: 1, measure: 0.9 });
    expect(sco.activity(ani.id, 'golf_sample_default_org')).toMatchObject({ completion: 'completed' });
  });

  it('a failed pretest leaves the content to do, then the post test opens and passes the course', async () => {
    const budi = await learner('Budi Santoso', '847263');
    const sco = scoPlayer(village, budi.token, courses.SequencingPreOrPostTestRollup!);
    await sco.play('pretest_item', FAILED);
    expect((await sco.toc()).posttest_item).toMatchObject({ open: false, reason: 'finish_previous' });
    expect(await sco.next()).toEqual({ item: 'playing_item', ended: false });
    for (const item of ['playing_item', 'etuqiette_item', 'handicapping_item', 'havingfun_item'])
      await sco.play(item, COMPLETED);
    expect((await sco.toc()).posttest_item).toMatchObject({ open: true });
    await sco.play('posttest_item', PASSED);
    expect(sco.activity(budi.id, 'dummy_item')).toMatchObject({ satisfied: 1 });
    expect(sco.activity(budi.id, 'golf_sample_default_org')).toMatchObject({ completion: 'completed' });
  });
});

describe('post-test rollup (4th edition: completion on shared global objectives)', () => {
  it('opens each SCO once the one before it is completed, read from a shared global objective', async () => {
    const dewi = await learner('Dewi Lestari', '958374');
    const sco = scoPlayer(village, dewi.token, courses.SequencingPostTestRollup4thEd!);
    expect((await sco.toc()).etuqiette_item).toMatchObject({ open: false, reason: 'finish_previous' });
    await sco.play('playing_item', COMPLETED);
    // Completion was written to the global by the 4th-edition map and read by the next SCO's precondition.
    expect((await sco.toc()).etuqiette_item).toMatchObject({ open: true });
    expect((await sco.toc()).handicapping_item).toMatchObject({ open: false });
    // The quiz is hidden from choice until the content is done…
    expect((await sco.toc()).assessment_item).toMatchObject({ open: false, hidden: true });
    // …but a SCO may jump to it at any time (4th edition `jump`), past the sequencing order.
    await sco.play(
      'etuqiette_item',
      { completion_status: 'incomplete' },
      true,
      '{target=assessment_item}jump',
    );
    expect(await sco.now()).toEqual({ lessonId: sco.lessonOf('assessment_item'), ended: false });
  });
});

describe('simple remediation (flow only)', () => {
  it('goes by Lanjut only, and after a failed quiz sends the learner back to that content, skipping the rest', async () => {
    const eka = await learner('Eka Putri', '275918');
    const sco = scoPlayer(village, eka.token, courses.SequencingSimpleRemediation!);
    const toc = await sco.toc();
    expect(toc.playing_item).toMatchObject({ open: true });
    expect(toc.etuqiette_item).toMatchObject({ open: false, reason: 'flow_only' });
    expect(await sco.launch('etuqiette_item')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const order: string[] = [];
    await sco.play('playing_item', COMPLETED);
    let step = await sco.next();
    const results: Record<string, Record<string, unknown>> = { test_1: FAILED };
    while (step.item && order.length < 12) {
      order.push(step.item);
      // The first quiz fails once, every other quiz passes.
      const firstQuizAgain = step.item === 'test_1' && order.filter((i) => i === 'test_1').length > 1;
      await sco.play(
        step.item,
        firstQuizAgain
          ? PASSED
          : (results[step.item] ?? (step.item.startsWith('test_') ? PASSED : COMPLETED)),
      );
      step = await sco.next();
    }
    expect(order.slice(0, 7)).toEqual([
      'etuqiette_item',
      'handicapping_item',
      'havingfun_item',
      'test_1',
      'test_2',
      'test_3',
      'test_4',
    ]);
    // Remediation: the failed objective's content and quiz again (the passed ones are skipped), then the last
    // quiz, whose own rules replace the skip rule of the collection and end the loop.
    expect(order.slice(7)).toEqual(['playing_item', 'test_1', 'test_4']);
    expect(sco.activity(eka.id, 'test_2')).toMatchObject({ attempt_count: 1 });
    expect(step).toMatchObject({ item: null, ended: true });
  });
});

describe('random test', () => {
  it('keeps the post test closed until the content is done, then delivers the tests in an order kept for the learner', async () => {
    const fajar = await learner('Fajar Nugroho', '381649');
    const sco = scoPlayer(village, fajar.token, courses.SequencingRandomTest!);
    const tests = ['test_1', 'test_2', 'test_3', 'test_4'];
    const toc = await sco.toc();
    for (const t of tests) expect(toc[t], t).toMatchObject({ open: false, hidden: true });
    for (const item of ['playing_item', 'etuqiette_item', 'handicapping_item', 'havingfun_item'])
      await sco.play(item, COMPLETED);
    const first = await sco.next();
    expect(tests).toContain(first.item);
    // The order chosen for this attempt is stored: asking again gives the same test.
    expect((await sco.toc())[first.item!]).toMatchObject({ current: true });
    expect(
      (await village.must(fajar.token, 'scorm.toc', { courseId: courses.SequencingRandomTest! })).now,
    ).toEqual({
      lessonId: sco.lessonOf(first.item!),
      ended: false,
    });
    await sco.play(first.item!, FAILED);
    const second = await village.must(fajar.token, 'scorm.toc', { courseId: courses.SequencingRandomTest! });
    // Failed with an attempt left: the post test retries (a new attempt, a new order) by itself.
    expect(second.now?.lessonId).toBeTruthy();
    expect(sco.activity(fajar.id, 'posttest_item')).toMatchObject({ attempt_count: 2 });
    const retry = second.now!.lessonId!;
    const retryItem = tests.find((t) => sco.lessonOf(t) === retry)!;
    await sco.play(retryItem, FAILED);
    // No attempt left: the course ends, completed by its rollup (attempt limit exceeded).
    expect(
      (await village.must(fajar.token, 'scorm.toc', { courseId: courses.SequencingRandomTest! })).now,
    ).toEqual({
      lessonId: null,
      ended: true,
    });
    expect(sco.activity(fajar.id, 'golf_sample_default_org')).toMatchObject({ completion: 'completed' });
  });
});
