import { mkdirSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { pendingSummary } from '../../../main/core/bundles/apply';
import { exportBundle, folderTarget } from '../../../main/core/bundles/export';
import { ManualClock } from '../../../main/core/clock';
import { answerOnStick } from '../../../main/core/hub/answer';
import { uploadQueueFor } from '../../../main/core/hub/forward';
import { passUp } from '../../../main/core/hub/pass-up';
import { silentLogger } from '../../../main/core/log';
import { plainSecretBox } from '../../../main/core/lrs/secret-box';
import { readLrsConnection, saveLrsSettings } from '../../../main/core/lrs/settings';
import { Uploader } from '../../../main/core/lrs/uploader';
import { seededRandom } from '../../../main/core/quiz/draw';
import { RESOURCES } from '../../helpers/core';
import { openHub, type TestHubInstallation } from '../../helpers/hub-core';
import { filesUnder } from '../../core/bundles/kiosk';
import { learnOneSession, newLearnerPath, type LearnerPath } from './learning';
import { makeTemplate, setUpSimVillage, SIM_UPLOAD, type SimVillage } from './village';

/** Kabupaten Pidie (Aceh): two kecamatan of 64 desa each, Padang Tiji and Pidie. */
export const KABUPATEN = '11.07';
export const KECAMATAN = ['11.07.14', '11.07.16'] as const;

export const DAY_MS = 86_400_000;
const START = new Date('2026-09-07T07:00:00+07:00');

/** How often things happen (per village or hub, per simulated day). */
export const RATES = {
  learnerActive: 0.35,
  exportWhenHome: 0.3,
  exportPulled: 0.06,
  lostToHub: 0.06,
  lostBack: 0.06,
  villageLinkUp: 0.12,
  villageHasLrs: 0.5,
  hubLinkUp: 0.5,
  passUpDay: 0.25,
  passUpPulled: 0.12,
  passUpTorn: 0.1,
  carryLost: 0.12,
  lrsFailure: 0.3,
} as const;

type StickState =
  | { at: 'village' }
  | { at: 'to_hub'; arrives: number }
  | { at: 'back'; arrives: number }
  | { at: 'lost'; replacedOn: number };

interface VillageSim {
  v: SimVillage;
  hub: number;
  stick: StickState;
  paths: LearnerPath[];
  hasLrs: boolean;
}

interface Carry {
  dir: string;
  /** Arrives at the kabupaten on this day; null: at the kecamatan office. */
  arrives: number | null;
  /** The last pass-up did not surely arrive: pass everything again. */
  needAll: boolean;
}

export interface SimCounts {
  bundlesExported: number;
  villageSticksLost: number;
  carrySticksLost: number;
  pulledExports: number;
  pulledPassUps: number;
  tornPassUps: number;
  kabupatenRefusedTorn: number;
  receiptsApplied: number;
  directRuns: number;
  forwardRuns: number;
}

export interface DeliverySim {
  clock: ManualClock;
  villages: VillageSim[];
  kecamatan: TestHubInstallation[];
  kabupaten: TestHubInstallation;
  counts: SimCounts;
  /** Real time (ms) at the end of each simulated day's LRS traffic: maps the LRS's `stored` to a day. */
  dayEnds: number[];
  startMs: number;
  close(): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function setUpSim(options: {
  root: string;
  villages: number;
  seed: number;
  endpoint: string;
  learners: number;
}): Promise<DeliverySim> {
  const clock = new ManualClock(START);
  const random = seededRandom(options.seed);
  const template = await makeTemplate(join(options.root, 'template'), clock);
  const desaOf = KECAMATAN.map((k) => desaOfKecamatan(k));
  const villages: VillageSim[] = [];
  for (let i = 0; i < options.villages; i++) {
    const hub = i % 2;
    const desa = desaOf[hub]![Math.floor(i / 2)];
    if (!desa) throw new Error(`kecamatan ${KECAMATAN[hub]} has fewer desa than asked`);
    const v = await setUpSimVillage(template, join(options.root, 'kiosks'), i, desa, clock, options.learners);
    const hasLrs = random() < RATES.villageHasLrs;
    if (hasLrs) {
      const op = await v.operator();
      await v.must(op, 'lrs.set', {
        endpoint: options.endpoint,
        key: `kiosk-${desa}`,
        secret: 'rahasia-desa-123',
      });
    }
    villages.push({
      v,
      hub,
      stick: { at: 'village' },
      paths: v.learners.map(() => newLearnerPath(random)),
      hasLrs,
    });
  }
  const kecamatan = KECAMATAN.map((k) => openHub(join(options.root, `hub-${k}`), { regionCode: k, clock }));
  const kabupaten = openHub(join(options.root, `hub-${KABUPATEN}`), { regionCode: KABUPATEN, clock });
  for (const hub of [...kecamatan, kabupaten]) {
    const saved = saveLrsSettings(hub.core.services.db, plainSecretBox, clock, {
      endpoint: options.endpoint,
      key: `hub-${hub.done.regionCode}`,
      secret: 'rahasia-hub-123',
    });
    if (!saved.ok) throw new Error(saved.error.message);
  }
  return {
    clock,
    villages,
    kecamatan,
    kabupaten,
    counts: {
      bundlesExported: 0,
      villageSticksLost: 0,
      carrySticksLost: 0,
      pulledExports: 0,
      pulledPassUps: 0,
      tornPassUps: 0,
      kabupatenRefusedTorn: 0,
      receiptsApplied: 0,
      directRuns: 0,
      forwardRuns: 0,
    },
    dayEnds: [],
    startMs: START.getTime(),
    close() {
      for (const s of villages) s.v.close();
      for (const h of [...kecamatan, kabupaten]) h.close();
    },
  };
}

/** The hub's forwarder: the kiosk's Uploader on the queue of what the hub holds (`uploadQueueFor`). */
function forwarder(hub: TestHubInstallation, clock: ManualClock, random: () => number): Uploader {
  const db = hub.core.services.db;
  return new Uploader({
    db,
    clock,
    log: silentLogger,
    connection: () => readLrsConnection(db, plainSecretBox),
    queue: uploadQueueFor(db),
    config: SIM_UPLOAD,
    random,
  });
}

export async function runSim(sim: DeliverySim, days: number, seed: number): Promise<void> {
  const random = seededRandom(seed ^ 0x5eed);
  const chance = (p: number) => random() < p;
  const between = (a: number, b: number) => a + Math.floor(random() * (b - a + 1));
  const { clock, counts } = sim;
  const forwarders = [...sim.kecamatan, sim.kabupaten].map((h, i) =>
    forwarder(h, clock, seededRandom(seed + i)),
  );
  const carries: Carry[] = sim.kecamatan.map((h) => {
    const dir = join(h.dataDir, '..', `carry-${h.done.regionCode}`);
    mkdirSync(dir, { recursive: true });
    return { dir, arrives: null, needAll: false };
  });

  const at = (day: number, hour: number) =>
    clock.set(new Date(sim.startMs + day * DAY_MS + hour * 3_600_000));

  /** The kecamatan hub takes in the stick, writes the receipts onto it; it goes back (or is lost). */
  const atHub = async (s: VillageSim, day: number, final: boolean) => {
    const hub = sim.kecamatan[s.hub]!;
    const imported = await hub.importFrom(s.v.stickDir);
    if (imported.counts.refused + imported.counts.held > 0)
      throw new Error(
        `hub refused ${JSON.stringify(imported.bundles.filter((b) => b.outcome !== 'imported'))}`,
      );
    const answer = await answerOnStick(
      hub.core.services,
      { mountpoint: s.v.stickDir },
      {
        deviceIds: imported.deviceIds,
      },
    );
    if (!answer.ok) throw new Error(answer.error.message);
    if (!final && chance(RATES.lostBack)) return loseStick(s, day);
    s.stick = { at: 'back', arrives: final ? day : day + between(1, 3) };
  };

  const loseStick = (s: VillageSim, day: number) => {
    rmSync(s.v.stickDir, { recursive: true, force: true });
    counts.villageSticksLost++;
    s.stick = { at: 'lost', replacedOn: day + between(2, 6) };
  };

  /** The operator applies the receipts on the returned stick through the API. */
  const applyReceipts = async (s: VillageSim) => {
    const op = await s.v.operator();
    const { drives } = await s.v.must(op, 'drives.list', {});
    const drive = drives.find((d) => d.label === 'FLASHDISK');
    if (!drive) throw new Error('stick not plugged in');
    const { receipts } = await s.v.must(op, 'transfer.receipts', { driveId: drive.id });
    const refused = receipts.filter((r) => r.outcome === 'refused' || r.outcome === 'other_device');
    if (refused.length > 0) throw new Error(`receipts refused: ${JSON.stringify(refused)}`);
    counts.receiptsApplied += receipts.filter((r) => r.outcome === 'applied').length;
    s.stick = { at: 'village' };
  };

  /** Exports onto the stick; `pull` pulls the stick while the bundle is written. True when a bundle was written. */
  const exportOnStick = async (s: VillageSim, pull: boolean): Promise<boolean> => {
    let pulled = false;
    const result = await exportBundle(s.v.core.services, folderTarget(s.v.stickDir), {
      onProgress: (p) => {
        if (pull && !pulled && p.phase === 'write') {
          pulled = true;
          rmSync(s.v.stickDir, { recursive: true, force: true });
        }
      },
    });
    if (pulled) {
      if (result.ok) throw new Error('an export whose stick was pulled says it succeeded');
      counts.pulledExports++;
      mkdirSync(s.v.stickDir, { recursive: true }); // plugged in again, empty
      return false;
    }
    if (!result.ok) throw new Error(`export failed: ${result.error.message}`);
    counts.bundlesExported++;
    return true;
  };

  const villageDay = async (s: VillageSim, day: number) => {
    // Learning through the API.
    at(day, 8 + (s.v.index % 5));
    for (const [i, l] of s.v.learners.entries()) {
      if (!chance(RATES.learnerActive)) continue;
      clock.advance(between(5, 40) * 60_000);
      await learnOneSession(s.v, l, s.paths[i]!);
    }
    at(day, 15);
    if (s.stick.at === 'lost' && s.stick.replacedOn <= day) {
      mkdirSync(s.v.stickDir, { recursive: true });
      s.stick = { at: 'village' };
    }
    if (s.stick.at === 'back' && s.stick.arrives <= day) await applyReceipts(s);
    if (s.stick.at === 'village' && chance(RATES.exportWhenHome)) {
      if (pendingOf(s) > 0 && (await exportOnStick(s, chance(RATES.exportPulled)))) {
        if (chance(RATES.lostToHub)) loseStick(s, day);
        else s.stick = { at: 'to_hub', arrives: day + between(1, 3) };
      }
    }
  };

  const hubDay = async (day: number) => {
    at(day, 10);
    for (const s of sim.villages)
      if (s.stick.at === 'to_hub' && s.stick.arrives <= day) await atHub(s, day, false);
    // Kecamatan → kabupaten by stick.
    for (const [k, carry] of carries.entries()) {
      if (carry.arrives !== null && carry.arrives <= day) await atKabupaten(carry);
      if (carry.arrives === null && chance(RATES.passUpDay)) await passUpOnce(k, carry, day, false);
    }
  };

  const atKabupaten = async (carry: Carry) => {
    const imported = await sim.kabupaten.importFrom(carry.dir);
    const torn = imported.bundles.filter((b) => b.reason === 'truncated').length;
    const other = imported.counts.refused + imported.counts.held - torn;
    if (other > 0) throw new Error(`kabupaten refused ${JSON.stringify(imported.bundles)}`);
    if (torn > 0) {
      counts.kabupatenRefusedTorn += torn;
      carry.needAll = true;
    }
    rmSync(carry.dir, { recursive: true, force: true }); // emptied and taken back
    mkdirSync(carry.dir, { recursive: true });
    carry.arrives = null;
  };

  const passUpOnce = async (k: number, carry: Carry, day: number, final: boolean) => {
    const hub = sim.kecamatan[k]!;
    const pull = !final && chance(RATES.passUpPulled);
    let pulled = false;
    const all = carry.needAll;
    const passed = await passUp(
      hub.core.services,
      { mountpoint: carry.dir },
      {
        all,
        onProgress: (done, total) => {
          if (pull && !pulled && total > 1 && done === Math.floor(total / 2)) {
            pulled = true;
            rmSync(carry.dir, { recursive: true, force: true });
          }
        },
      },
    );
    if (pulled) {
      counts.pulledPassUps++;
      carry.needAll = true;
      mkdirSync(carry.dir, { recursive: true });
      return;
    }
    if (!passed.ok) throw new Error(`pass-up failed: ${passed.error.message}`);
    carry.needAll = false;
    if (passed.value.written.length === 0 && passed.value.alreadyThere === 0) return;
    if (!final && chance(RATES.passUpTorn)) {
      // Pulled before the stick's cache was written out: one file keeps only its start.
      const files = filesUnder(carry.dir).filter((f) => f.endsWith('.balaibundle'));
      const victim = join(carry.dir, files[Math.floor(random() * files.length)]!);
      truncateSync(victim, Math.floor(statSync(victim).size / 3));
      counts.tornPassUps++;
    }
    if (!final && chance(RATES.carryLost)) {
      rmSync(carry.dir, { recursive: true, force: true });
      mkdirSync(carry.dir, { recursive: true });
      counts.carrySticksLost++;
      carry.needAll = true;
      return;
    }
    carry.arrives = final ? day : day + between(1, 2);
  };

  /** Links of the day: some villages reach the LRS, the hubs forward when their link is up. */
  const linksDay = async (day: number, final: boolean) => {
    at(day, 18);
    const runs: Promise<unknown>[] = [];
    for (const s of sim.villages)
      if (s.hasLrs && !final && chance(RATES.villageLinkUp)) {
        counts.directRuns++;
        runs.push(s.v.core.services.uploader.run({ maxFailures: 4 }));
      }
    for (const f of forwarders)
      if (final || chance(RATES.hubLinkUp)) {
        counts.forwardRuns++;
        runs.push(final ? untilEmpty(f) : f.run({ maxFailures: 4 }));
      }
    await Promise.all(runs);
    await sleep(3);
    sim.dayEnds[day] = Date.now();
    await sleep(3);
  };

  for (let day = 0; day < days; day++) {
    for (const s of sim.villages) await villageDay(s, day);
    await hubDay(day);
    await linksDay(day, false);
  }

  // The final round: every stick travels and comes back, every link works (the LRS still fails 30 %).
  const day = days;
  at(day, 9);
  for (const s of sim.villages) {
    if (s.stick.at === 'lost') mkdirSync(s.v.stickDir, { recursive: true });
    if (s.stick.at === 'to_hub') await atHub(s, day, true);
    if (s.stick.at === 'back' || s.stick.at === 'to_hub') await applyReceipts(s);
    s.stick = { at: 'village' };
    if (pendingOf(s) > 0 && (await exportOnStick(s, false))) {
      await atHub(s, day, true);
      await applyReceipts(s);
    }
  }
  at(day, 12);
  for (const [k, carry] of carries.entries()) {
    if (carry.arrives !== null) await atKabupaten(carry);
    await passUpOnce(k, carry, day, true);
    if (carry.arrives !== null) await atKabupaten(carry);
    if (carry.needAll) {
      // The stick arrived torn from earlier: everything once more.
      await passUpOnce(k, carry, day, true);
      await atKabupaten(carry);
    }
  }
  await linksDay(day, true);
}

async function untilEmpty(uploader: Uploader): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const r = await uploader.run({ maxFailures: 20 });
    if (!r.ok) throw new Error(r.error.message);
    if (r.value.end === 'empty') return;
  }
  throw new Error('the forwarder never emptied its queue');
}

/** What the next bundle would hold, as the operator's screen counts it. */
const pendingOf = (s: VillageSim) => pendingSummary(s.v.core.services).pending;

/** The desa (not kelurahan: codes 2xxx) of a kecamatan, from the Kemendagri list the app ships. */
export function desaOfKecamatan(kecamatan: string): string[] {
  return readFileSync(join(RESOURCES, 'regions', 'villages.csv'), 'utf8')
    .split('\n')
    .map((line) => line.split(',')[0]!)
    .filter((code) => code.startsWith(`${kecamatan}.2`))
    .sort();
}
