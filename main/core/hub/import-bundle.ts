import type { BundleOutcome } from '../../api/hub';
import { rmSync } from 'node:fs';
import { audit } from '../auth/audit';
import { bundleBaseName } from '../bundles/names';
import { makeEnrolment } from '../bundles/receipt';
import { verifyBundleFile, type VerifiedBundle } from '../bundles/verify';
import { isoWithOffset } from '../clock';
import { sql } from '../db/sql';
import { keyIdOf } from '../packages/keys';
import { statementFacts } from './facts';
import { fileSha256, heldBundleName, keptBundleName, placeStaged, stageCopy, type StagedFile } from './files';
import { inRegion, type HubKeys, type HubServices } from './identity';
import { asSigned, bundleShape, verifyReason, type ImportReason } from './import-check';
import { rollUpBundle, type AddedStatement } from './rollups';
import { rosterRecords, storeRoster } from './roster';
import { bundleByFileSha, bundleBySha, heldBySha, keyDecision, type BundleRow } from './store';

export type { BundleOutcome };

export interface ImportContext {
  services: HubServices;
  keys: HubKeys;
  actorId: string | null;
  signal?: AbortSignal;
}

const refused = (path: string, reason: ImportReason, message: string): BundleOutcome => ({
  path,
  outcome: reason === 'duplicate' ? 'duplicate' : 'refused',
  reason,
  message,
  bundle: null,
});

function describe(b: VerifiedBundle): NonNullable<BundleOutcome['bundle']> {
  const m = b.manifest;
  return {
    sha256: b.bundleSha256,
    deviceId: m.deviceId,
    desaCode: m.desaCode,
    desaName: m.desaName,
    bundleSeq: m.bundleSeq,
    createdAt: m.createdAt,
    statements: m.counts.statements,
    newStatements: 0,
    learners: m.counts.learners,
    certificates: m.counts.certificates,
    enrolled: false,
  };
}

/**
 * Imports one `.balaibundle`: a first look (a complete zip with a bundle's files), a copy into the hub's data
 * folder, then on that copy the full check (device signature, every hash, the statements), the region, and the
 * device key against the enrolment. Everything it holds goes in with one transaction: the enrolment (first
 * bundle of a desa), the bundle's provenance, every statement exactly as recorded (idempotent by id per
 * device), the roster (sealed personal data opened with the hub key) and the certificate index. A bundle with
 * another key is held aside, not imported. Never throws: each outcome says what happened.
 */
export async function importBundleFile(
  ctx: ImportContext,
  file: string,
  path: string,
): Promise<BundleOutcome> {
  const { services, signal } = ctx;
  if (signal?.aborted) return refused(path, 'cancelled', 'the import was cancelled');
  // The same file imported (or held) before: known by its bytes, without copying it again.
  let fileSha: string;
  try {
    fileSha = await fileSha256(file, signal);
  } catch (error) {
    if (signal?.aborted) return refused(path, 'cancelled', 'the import was cancelled');
    return refused(
      path,
      'unreadable',
      `the file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  const known = knownFile(ctx, fileSha, path);
  if (known) return known;

  const shape = await bundleShape(file);
  if (!shape.ok) return refused(path, shape.reason, shape.message);

  let staged: StagedFile;
  try {
    staged = await stageCopy(file, services.config.dataDir, signal);
  } catch (error) {
    if (signal?.aborted) return refused(path, 'cancelled', 'the import was cancelled');
    services.log.warn('bundle could not be copied into the hub', { path, error: String(error) });
    return refused(
      path,
      'unreadable',
      `the file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  try {
    return await importStaged(ctx, staged, path);
  } catch (error) {
    services.log.error('bundle import failed', {
      path,
      error: error instanceof Error ? error.stack : String(error),
    });
    return refused(path, 'failed', 'the hub could not store this bundle; see the log');
  } finally {
    rmSync(staged.temp, { force: true });
  }
}

async function importStaged(ctx: ImportContext, staged: StagedFile, path: string): Promise<BundleOutcome> {
  const { services, keys, signal } = ctx;
  const { db } = services;
  const known = knownFile(ctx, staged.sha256, path);
  if (known) return known;

  const verified = await verifyBundleFile(staged.temp, { keepStatements: true, signal });
  if (!verified.ok) {
    const reason = verifyReason(verified.refusal);
    if (reason !== 'malformed' || (await asSigned(staged.temp)))
      return refused(path, reason, verified.reason);
    return refused(path, 'tampered', `changed after it was signed (${verified.reason})`);
  }
  const b = verified.bundle;
  const m = b.manifest;
  const info = describe(b);
  const sameManifest = bundleBySha(db, b.bundleSha256);
  if (sameManifest)
    return { ...refused(path, 'duplicate', `imported before on ${sameManifest.imported_at}`), bundle: info };
  if (heldBySha(db, b.bundleSha256)) return { ...heldAgain(path, ''), bundle: info };

  const hub = keys.hub;
  if (!inRegion(m.desaCode, hub.region_code) || !services.regions.desa(m.desaCode))
    return {
      ...refused(
        path,
        'foreign_region',
        `desa ${m.desaCode} (${m.desaName}) is not a desa of ${hub.region_name} (${hub.region_code})`,
      ),
      bundle: info,
    };

  const decision = keyDecision(db, m.deviceId, m.desaCode, m.devicePublicKey);
  if (decision.kind === 'rejected')
    return { ...refused(path, 'key_rejected', decision.message), bundle: info };
  const now = isoWithOffset(services.clock.now());
  if (decision.kind === 'held') {
    if (signal?.aborted) return refused(path, 'cancelled', 'the import was cancelled');
    hold(ctx, staged, b, now);
    services.log.warn('bundle held: device key changed', {
      path,
      deviceId: m.deviceId,
      desaCode: m.desaCode,
    });
    return { path, outcome: 'held', reason: 'key_changed', message: decision.message, bundle: info };
  }

  // Everything the transaction writes is prepared first, so the transaction is short and only writes.
  const statements = (b.statements ?? []).map((s) => ({ ...s, facts: statementFacts(s.line) }));
  const learners = rosterRecords(b.roster, keys.encryption);
  if (signal?.aborted) return refused(path, 'cancelled', 'the import was cancelled');
  const kept = keptBundleName(
    m.desaCode,
    bundleBaseName(m.desaName, m.createdAt, m.bundleSeq),
    b.bundleSha256,
  );
  const placed = placeStaged(staged, services.config.dataDir, kept);
  const createdMs = Date.parse(m.createdAt);
  let added = 0;
  try {
    db.transaction(() => {
      if (decision.kind === 'enrol') {
        const enrolment = makeEnrolment(
          keys.signer,
          { deviceId: m.deviceId, desaCode: m.desaCode, devicePublicKey: m.devicePublicKey },
          now,
        );
        db.run(sql`INSERT INTO hub_devices (device_id, desa_code, public_key, enrolment, enrolled_at)
                   VALUES (${m.deviceId}, ${m.desaCode}, ${m.devicePublicKey}, ${JSON.stringify(enrolment)}, ${now})`);
        db.run(sql`INSERT INTO hub_keys (device_id, public_key, key_id, desa_code, state, first_seen_at, decided_at)
                   VALUES (${m.deviceId}, ${m.devicePublicKey}, ${keyIdOf(m.devicePublicKey)}, ${m.desaCode},
                           'enrolled', ${now}, ${now})`);
      }
      db.run(sql`INSERT INTO hub_bundles (sha256, device_id, public_key, desa_code, desa_name, bundle_seq, created_at,
                                          created_ms, app_version, statements, new_statements, learners, certificates,
                                          personal_data, file_name, file_sha256, size_bytes, imported_at)
                 VALUES (${b.bundleSha256}, ${m.deviceId}, ${m.devicePublicKey}, ${m.desaCode}, ${m.desaName}, ${m.bundleSeq}, ${m.createdAt},
                         ${Number.isNaN(createdMs) ? null : createdMs}, ${m.appVersion}, ${m.counts.statements}, 0,
                         ${m.counts.learners}, ${m.counts.certificates}, ${m.roster.personalData}, ${kept},
                         ${staged.sha256}, ${staged.sizeBytes}, ${now})`);
      const addedStatements: AddedStatement[] = [];
      for (const s of statements) {
        const f = s.facts;
        const changes =
          db.run(sql`INSERT OR IGNORE INTO hub_statements (device_id, id, seq, desa_code, bundle_sha256, statement,
                                          learner_id, verb, course_id, object_kind, object_ref, quiz_kind, score, at_ms)
                            VALUES (${m.deviceId}, ${s.id}, ${s.seq}, ${m.desaCode}, ${b.bundleSha256}, ${s.line},
                                    ${f.learnerId}, ${f.verb}, ${f.courseId}, ${f.objectKind}, ${f.objectRef},
                                    ${f.quizKind}, ${f.score}, ${f.atMs})`).changes;
        if (changes > 0) addedStatements.push(s);
      }
      added = addedStatements.length;
      db.run(sql`UPDATE hub_bundles SET new_statements = ${added} WHERE sha256 = ${b.bundleSha256}`);
      storeRoster(db, { deviceId: m.deviceId, desaCode: m.desaCode, bundleSeq: m.bundleSeq, now }, learners);
      rollUpBundle(
        db,
        {
          deviceId: m.deviceId,
          desaCode: m.desaCode,
          desaName: m.desaName,
          createdAt: m.createdAt,
          createdMs: Number.isNaN(createdMs) ? null : createdMs,
        },
        addedStatements,
        learners.map((l) => l.learnerId),
      );
      for (const c of b.certificates.certificates)
        db.run(sql`INSERT OR IGNORE INTO hub_certificates (number, device_id, desa_code, learner_id, course_id,
                                                           course_version, pre_score, post_score, issued_at, code)
                   VALUES (${c.number}, ${m.deviceId}, ${m.desaCode}, ${c.learnerId}, ${c.courseId}, ${c.courseVersion},
                           ${c.preScore}, ${c.postScore}, ${c.issuedAt}, ${c.code})`);
      audit(db, services.clock, {
        actorId: ctx.actorId,
        action: 'hub.import',
        targetId: m.deviceId,
        details: {
          desaCode: m.desaCode,
          desaName: m.desaName,
          bundleSeq: m.bundleSeq,
          sha256: b.bundleSha256,
          added,
          enrolled: decision.kind === 'enrol',
        },
      });
    });
  } catch (error) {
    rmSync(placed, { force: true });
    throw error;
  }
  services.log.info('bundle imported', { path, desaCode: m.desaCode, bundleSeq: m.bundleSeq, added });
  return {
    path,
    outcome: 'imported',
    reason: null,
    message: null,
    bundle: { ...info, newStatements: added, enrolled: decision.kind === 'enrol' },
  };
}

/** The outcome for a file whose bytes the hub imported or held before, or null. */
function knownFile(ctx: ImportContext, fileSha: string, path: string): BundleOutcome | null {
  const sameFile = bundleByFileSha(ctx.services.db, fileSha);
  if (sameFile)
    return {
      ...refused(path, 'duplicate', `imported before on ${sameFile.imported_at}`),
      bundle: rowInfo(sameFile),
    };
  const heldFile = heldBySha(ctx.services.db, fileSha);
  return heldFile ? heldAgain(path, heldFile.held_at) : null;
}

function rowInfo(row: BundleRow): NonNullable<BundleOutcome['bundle']> {
  return {
    sha256: row.sha256,
    deviceId: row.device_id,
    desaCode: row.desa_code,
    desaName: row.desa_name,
    bundleSeq: row.bundle_seq,
    createdAt: row.created_at,
    statements: row.statements,
    newStatements: 0,
    learners: row.learners,
    certificates: row.certificates,
    enrolled: false,
  };
}

function heldAgain(path: string, heldAt: string): BundleOutcome {
  return {
    path,
    outcome: 'held',
    reason: 'key_changed',
    message: `held before${heldAt ? ` on ${heldAt}` : ''}: waiting for the admin's decision on its device key`,
    bundle: null,
  };
}

/** Keeps a bundle signed by an unexpected key aside (file and row), with its key in the key history. */
function hold(ctx: ImportContext, staged: StagedFile, b: VerifiedBundle, now: string): void {
  const { db, config } = ctx.services;
  const m = b.manifest;
  const name = heldBundleName(b.bundleSha256);
  const placed = placeStaged(staged, config.dataDir, name);
  try {
    db.transaction(() => {
      db.run(sql`INSERT OR IGNORE INTO hub_keys (device_id, public_key, key_id, desa_code, state, first_seen_at)
                 VALUES (${m.deviceId}, ${m.devicePublicKey}, ${keyIdOf(m.devicePublicKey)}, ${m.desaCode}, 'held', ${now})`);
      db.run(sql`INSERT INTO hub_held (sha256, device_id, public_key, desa_code, desa_name, bundle_seq, created_at,
                                       statements, learners, file_name, file_sha256, size_bytes, held_at)
                 VALUES (${b.bundleSha256}, ${m.deviceId}, ${m.devicePublicKey}, ${m.desaCode}, ${m.desaName},
                         ${m.bundleSeq}, ${m.createdAt}, ${m.counts.statements}, ${m.counts.learners}, ${name},
                         ${staged.sha256}, ${staged.sizeBytes}, ${now})`);
    });
  } catch (error) {
    rmSync(placed, { force: true });
    throw error;
  }
}
