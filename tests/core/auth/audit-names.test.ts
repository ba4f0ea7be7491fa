import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../helpers/core';
import { makeWorld } from '../../helpers/world';

// The log keeps ids only; the names are read from the accounts when the log is listed, so the screen can say
// who acted (never "this computer" in place of a person) and an erasure takes the name out of the log too.
describe('audit.list names the people who acted and were acted on', () => {
  const tempDir = useTempDirs();

  it('gives the operator and the learner by name, and the erased learner as erased', async () => {
    const w = await makeWorld(tempDir());
    const { learner } = await w.must(w.operator, 'learners.create', {
      fullName: 'Budi Tercatat',
      jabatan: 'kaur_keuangan',
      pin: '482915',
    });
    const operator = (await w.must(w.operator, 'auth.me', {})).account!;
    let { entries } = await w.must(w.operator, 'audit.list', { limit: 5 });
    expect(entries[0]).toMatchObject({
      action: 'learner.create',
      actor: { name: operator.fullName },
      target: { name: 'Budi Tercatat' },
    });

    await w.must(w.operator, 'learners.erase', { id: learner.id, confirm: true });
    ({ entries } = await w.must(w.operator, 'audit.list', { limit: 5 }));
    expect(entries.find((e) => e.action === 'learner.create')).toMatchObject({ target: { name: null } });
    // A target that is no account (a course, a receipt, a kiosk) has no name to give.
    const noAccount = entries.filter((e) => e.action !== 'learner.create' && e.action !== 'learner.erase');
    for (const e of noAccount) if (e.targetId) expect(e.target).toBeNull();
    w.close();
  });
});
