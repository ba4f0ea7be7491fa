import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { EXTENSIONS } from '../recorder/profile';
import { canonicalBytes, parseJsonLimited } from '../packages/canonical';
import type { PackageLimits } from '../packages/limits';
import { signedEnvelopeSchema } from '../packages/signing';
import { readZipEntries } from '../packages/unzip';
import {
  BUNDLE_FILES,
  BUNDLE_LIMITS,
  BUNDLE_SIGNATURE_TYPE,
  bundleCertificatesSchema,
  bundleManifestSchema,
  bundleRosterSchema,
  HASHED_FILES,
  MAX_STATEMENT_BYTES,
  type BundleCertificates,
  type BundleManifest,
  type BundleRoster,
  type EnrolmentRecord,
  type SeqRange,
} from './format';
import { checkEnrolment, signatureProblem } from './receipt';

/** A bundle that passed every check. */
export interface VerifiedBundle {
  manifest: BundleManifest;
  /** SHA-256 of the manifest's canonical JSON: the bundle's identity in receipts and the next manifest. */
  bundleSha256: string;
  sizeBytes: number;
  roster: BundleRoster;
  certificates: BundleCertificates;
  /** The hub enrolment the bundle carries, checked; null when the kiosk had none yet. */
  enrolment: EnrolmentRecord | null;
  /** With `keepStatements`: every statement line exactly as recorded, in seq order. */
  statements?: { seq: number; id: string; line: string }[];
}

/** Why a bundle is refused: `unreadable` (not a complete zip), `tampered`, `wrong_key`, `malformed`. */
export type BundleRefusal = 'unreadable' | 'tampered' | 'wrong_key' | 'malformed' | 'cancelled';

export type BundleVerification =
  { ok: true; bundle: VerifiedBundle } | { ok: false; refusal: BundleRefusal; reason: string };

export interface VerifyBundleOptions {
  /**
   * The device key (raw Ed25519, base64) the bundle must be signed by: the kiosk's own on read-back, or the
   * key a hub enrolled for that device. Without it the signature must match the key the manifest carries.
   */
  expectedDeviceKey?: string;
  /** The device the bundle must come from. */
  expectedDeviceId?: string;
  /** Return the statement lines (the hub imports them); they are only returned when everything holds. */
  keepStatements?: boolean;
  limits?: PackageLimits;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export function bundleHash(manifest: BundleManifest): string {
  return createHash('sha256').update(canonicalBytes(manifest)).digest('hex');
}

class Refusal extends Error {
  constructor(
    readonly refusal: BundleRefusal,
    message: string,
  ) {
    super(message);
  }
}

interface StatementLine {
  seq: number;
  id: string;
  deviceId: unknown;
  line: string;
}

/**
 * Reads statements.ndjson line by line: each line one statement as recorded, `\n` after every line. A line
 * that is not a statement does not stop the reading: the file is read to its end (so its hash is known) and
 * the problem is answered with the lines, for the caller to tell a changed file (`tampered`, by its signed
 * hash) from a kiosk's own malformed one.
 */
async function readStatements(
  stream: NodeJS.ReadableStream,
  keep: boolean,
): Promise<{ lines: StatementLine[]; problem: Refusal | null }> {
  const out: StatementLine[] = [];
  let problem: Refusal | null = null;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const take = (bytes: Buffer) => {
    if (problem) return;
    const line = bytes.toString('utf8');
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problem = new Refusal('malformed', `statement ${out.length + 1} is not JSON`);
      return;
    }
    const s = value as { id?: unknown; context?: { extensions?: Record<string, unknown> } } | null;
    const seq = s?.context?.extensions?.[EXTENSIONS.sequence];
    if (typeof s?.id !== 'string' || typeof seq !== 'number' || !Number.isInteger(seq)) {
      problem = new Refusal('malformed', `statement ${out.length + 1} has no id or sequence number`);
      return;
    }
    out.push({
      seq,
      id: s.id,
      deviceId: s.context?.extensions?.[EXTENSIONS.deviceId],
      line: keep ? line : '',
    });
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      const part = chunk.subarray(start, nl);
      take(pending.length ? Buffer.concat([...pending, part]) : part);
      pending = [];
      pendingBytes = 0;
      start = nl + 1;
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
      if (pendingBytes > MAX_STATEMENT_BYTES)
        throw new Refusal(
          'malformed',
          `statement ${out.length + 1} is longer than ${MAX_STATEMENT_BYTES} bytes`,
        );
    }
  }
  if (pendingBytes > 0) problem ??= new Refusal('malformed', 'the last statement line is incomplete');
  return { lines: out, problem };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function runsOf(seqs: readonly number[]): SeqRange[] {
  const runs: SeqRange[] = [];
  for (const seq of seqs) {
    const run = runs.at(-1);
    if (run && run.to === seq - 1) run.to = seq;
    else runs.push({ from: seq, to: seq });
  }
  return runs;
}

function parseJson(bytes: Buffer | undefined, what: string, limits: PackageLimits): unknown {
  if (!bytes) throw new Refusal('malformed', `${what} is missing`);
  const parsed = parseJsonLimited(bytes, what, {
    maxBytes: limits.maxManifestBytes,
    maxDepth: limits.maxJsonDepth,
  });
  if (!parsed.ok) throw new Refusal('malformed', parsed.reason);
  return parsed.value;
}

/**
 * Checks a `.balaibundle` completely, reading it once, straight from where it lies: a zip with exactly the
 * five files; the signature by the device key over the manifest (and manifest.json the same as what was
 * signed); every file's size and SHA-256 as listed; the statements (count, sequence numbers, device) as the
 * manifest says; the roster and certificate index well-formed and counted; the enrolment, if any, signed by
 * its hub for this device and key.
 */
export async function verifyBundleFile(
  file: string,
  options: VerifyBundleOptions = {},
): Promise<BundleVerification> {
  const limits = options.limits ?? BUNDLE_LIMITS;
  let sizeBytes: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return { ok: false, refusal: 'unreadable', reason: `${file} is not a file` };
    sizeBytes = stat.size;
  } catch {
    return { ok: false, refusal: 'unreadable', reason: `no such file: ${file}` };
  }
  const small = new Map<string, Buffer>();
  let statements: StatementLine[] | undefined;
  const allowed = new Set<string>(Object.values(BUNDLE_FILES));
  let refused: Refusal | undefined;
  // Set inside the zip reader's callback (an object, so the compiler does not narrow it to null).
  const found: { problem: Refusal | null } = { problem: null };
  const read = await readZipEntries(
    file,
    limits,
    async (name, size, stream) => {
      try {
        if (!allowed.has(name)) throw new Refusal('malformed', `unexpected file "${name}" in the bundle`);
        if (name === BUNDLE_FILES.statements) {
          const read = await readStatements(stream, options.keepStatements === true);
          statements = read.lines;
          found.problem = read.problem;
        } else {
          if (size > limits.maxManifestBytes) throw new Refusal('malformed', `${name} is too large`);
          small.set(name, await readAll(stream));
        }
      } catch (error) {
        if (error instanceof Refusal) refused ??= error;
        throw error;
      }
    },
    { signal: options.signal, onProgress: options.onProgress },
  );
  if (!read.ok) {
    if (read.cancelled) return { ok: false, refusal: 'cancelled', reason: 'cancelled' };
    if (refused) return { ok: false, refusal: refused.refusal, reason: refused.message };
    return { ok: false, refusal: 'unreadable', reason: `not a complete bundle: ${read.reason}` };
  }
  try {
    const bundle = check(small, statements, read.files, sizeBytes, options, limits);
    if (found.problem) throw found.problem;
    return { ok: true, bundle };
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    // A changed byte that also breaks a statement is a changed file: the signature and hashes say so first.
    const problem = found.problem;
    if (problem && error.refusal !== 'tampered' && error.refusal !== 'wrong_key')
      return { ok: false, refusal: problem.refusal, reason: problem.message };
    return { ok: false, refusal: error.refusal, reason: error.message };
  }
}

function check(
  small: Map<string, Buffer>,
  statements: StatementLine[] | undefined,
  files: readonly { path: string; size: number; sha256: string }[],
  sizeBytes: number,
  options: VerifyBundleOptions,
  limits: PackageLimits,
): VerifiedBundle {
  // The signature first: nothing else is worth reading from an unsigned or re-signed bundle.
  const envelope = signedEnvelopeSchema.safeParse(
    parseJson(small.get(BUNDLE_FILES.signature), 'signature.json', limits),
  );
  if (!envelope.success) throw new Refusal('malformed', 'signature.json is not a signature envelope');
  if (envelope.data.type !== BUNDLE_SIGNATURE_TYPE)
    throw new Refusal(
      'malformed',
      `signature.json is for a ${envelope.data.type}, not a ${BUNDLE_SIGNATURE_TYPE}`,
    );
  const parsedManifest = bundleManifestSchema.safeParse(envelope.data.signed);
  if (!parsedManifest.success) throw new Refusal('malformed', 'the signed manifest has an unknown shape');
  const manifest = parsedManifest.data;
  if (options.expectedDeviceId !== undefined && manifest.deviceId !== options.expectedDeviceId)
    throw new Refusal(
      'wrong_key',
      `the bundle is from device ${manifest.deviceId}, not ${options.expectedDeviceId}`,
    );
  if (options.expectedDeviceKey !== undefined && manifest.devicePublicKey !== options.expectedDeviceKey)
    throw new Refusal(
      'wrong_key',
      `the bundle is signed by device key ${manifest.devicePublicKey}, not by the key of the kiosk it claims to be from`,
    );
  const bad = signatureProblem(envelope.data, manifest.devicePublicKey);
  if (bad) throw new Refusal(bad.startsWith('bad signature') ? 'tampered' : 'wrong_key', bad);
  const onDisk = parseJson(small.get(BUNDLE_FILES.manifest), 'manifest.json', limits);
  if (!canonicalBytes(onDisk).equals(canonicalBytes(envelope.data.signed)))
    throw new Refusal('tampered', 'manifest.json differs from the signed manifest');

  // Every file exactly as listed, nothing more.
  const actual = new Map(files.map((f) => [f.path, f]));
  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  for (const name of HASHED_FILES) {
    const want = listed.get(name);
    const got = actual.get(name);
    if (!want) throw new Refusal('malformed', `the manifest does not list ${name}`);
    if (!got) throw new Refusal('tampered', `${name} is missing from the bundle`);
    if (got.size !== want.size || got.sha256 !== want.sha256)
      throw new Refusal('tampered', `${name} does not match its signed hash (changed or damaged)`);
  }
  if (listed.size !== HASHED_FILES.length) throw new Refusal('malformed', 'the manifest lists unknown files');
  for (const name of [BUNDLE_FILES.manifest, BUNDLE_FILES.signature])
    if (!actual.has(name)) throw new Refusal('malformed', `${name} is missing`);

  // Statements as the manifest describes them.
  if (!statements) throw new Refusal('tampered', 'statements.ndjson is missing');
  if (statements.length !== manifest.counts.statements)
    throw new Refusal(
      'tampered',
      `the bundle holds ${statements.length} statements, the manifest says ${manifest.counts.statements}`,
    );
  const ids = new Set<string>();
  let previous = 0;
  for (const s of statements) {
    if (s.seq <= previous) throw new Refusal('malformed', `statement ${s.seq} is out of order`);
    previous = s.seq;
    if (ids.has(s.id)) throw new Refusal('malformed', `statement ${s.id} appears twice`);
    ids.add(s.id);
    if (s.deviceId !== manifest.deviceId)
      throw new Refusal('malformed', `statement ${s.seq} was recorded by another device`);
  }
  const seqs = statements.map((s) => s.seq);
  const runs = runsOf(seqs);
  if (JSON.stringify(runs) !== JSON.stringify(manifest.statements.ranges))
    throw new Refusal('tampered', 'the statements are not the sequence numbers the manifest lists');
  if (
    (seqs[0] ?? null) !== manifest.statements.fromSeq ||
    (seqs.at(-1) ?? null) !== manifest.statements.toSeq
  )
    throw new Refusal('malformed', 'the manifest gives a wrong sequence range');

  const roster = bundleRosterSchema.safeParse(
    parseJson(small.get(BUNDLE_FILES.roster), 'roster.json', limits),
  );
  if (!roster.success) throw new Refusal('malformed', 'roster.json has an unknown shape');
  if (roster.data.deviceId !== manifest.deviceId)
    throw new Refusal('malformed', 'roster.json is for another device');
  if (roster.data.learners.length !== manifest.counts.learners)
    throw new Refusal('malformed', 'roster.json does not hold as many learners as the manifest says');
  if (
    roster.data.personalData !== manifest.roster.personalData ||
    (roster.data.sealing?.hubKeyId ?? null) !== manifest.roster.hubKeyId ||
    (roster.data.personalData === 'sealed') !== (roster.data.sealing !== null)
  )
    throw new Refusal('malformed', 'roster.json is not sealed as the manifest says');

  const certificates = bundleCertificatesSchema.safeParse(
    parseJson(small.get(BUNDLE_FILES.certificates), 'certificates.json', limits),
  );
  if (!certificates.success) throw new Refusal('malformed', 'certificates.json has an unknown shape');
  if (certificates.data.certificates.length !== manifest.counts.certificates)
    throw new Refusal(
      'malformed',
      'certificates.json does not hold as many certificates as the manifest says',
    );

  let enrolment: EnrolmentRecord | null = null;
  if (manifest.enrolment) {
    const checked = checkEnrolment(manifest.enrolment, {
      deviceId: manifest.deviceId,
      desaCode: manifest.desaCode,
      devicePublicKey: manifest.devicePublicKey,
    });
    if (!checked.ok) throw new Refusal('wrong_key', checked.reason);
    enrolment = checked.record;
  }

  return {
    manifest,
    bundleSha256: bundleHash(manifest),
    sizeBytes,
    roster: roster.data,
    certificates: certificates.data,
    enrolment,
    ...(options.keepStatements
      ? { statements: statements.map(({ seq, id, line }) => ({ seq, id, line })) }
      : {}),
  };
}
