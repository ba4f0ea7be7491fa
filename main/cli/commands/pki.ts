import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/crypto/keys';
import { newPrivateKeyFile, type PrivateKeyFile } from '../../core/packages/keys';
import { walkChain } from '../../core/pki/chain';
import {
  certificateBodySchema,
  certificateSchema,
  chainFile,
  chainFileSchema,
  requestBodySchema,
  requestSchema,
  revocationBodySchema,
  revocationListSchema,
  RIGHTS,
  ROLES,
  rootKeySchema,
  type Certificate,
  type Right,
  type Role,
  type RootKey,
} from '../../core/pki/format';
import { issueCertificate, verifyRequest } from '../../core/pki/issue';
import { makeRevocationList, verifyRevocationList } from '../../core/pki/revocation';
import { rootFromKey } from '../../core/pki/roots';
import { isScope } from '../../core/pki/scope';
import { parse, Refused, UsageError } from '../args';
import { pkiRequest } from './hub-cert';
import { readChainFile, readJson, readPrivateKey, shippedRoots } from '../trust';

function extraRoot(file: string | undefined): RootKey[] {
  if (!file) return [];
  const root = rootKeySchema.safeParse(readJson(file));
  if (!root.success) throw new Refused(`${file} is not a root key file`, 'Berkas kunci akar tidak sah.');
  return [root.data];
}

function refuseExisting(file: string): void {
  if (existsSync(file))
    throw new Refused(`${file} exists; not replacing it`, 'Berkas sudah ada; tidak ditimpa.');
}

function initRoot(argv: string[]): number {
  const { values } = parse(argv, {
    out: { type: 'string' },
    name: { type: 'string', default: 'Ditjen Bina Pemerintahan Desa, Kemendagri (root)' },
  });
  if (!values.out) throw new UsageError('pki init-root --out DIR');
  const key = newPrivateKeyFile(values.name);
  const privateFile = join(values.out, 'root.key.json');
  const publicFile = join(values.out, `${key.keyId}.json`);
  refuseExisting(privateFile);
  mkdirSync(values.out, { recursive: true });
  writeFileAtomic(privateFile, JSON.stringify(key, null, 2) + '\n', 0o600);
  writeFileSync(publicFile, JSON.stringify(rootFromKey(key, false), null, 2) + '\n');
  console.log(`root ${key.keyId}: private ${privateFile} (keep offline), public ${publicFile}`);
  return 0;
}

function parseRights(value: string | undefined, role: Role): Right[] {
  if (value === undefined) return role === 'publisher' ? ['courses'] : [];
  const rights = value
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  for (const r of rights)
    if (!(RIGHTS as readonly string[]).includes(r))
      throw new UsageError(`--rights: unknown right "${r}" (${RIGHTS.join(', ')})`);
  return [...new Set(rights)] as Right[];
}

function issue(argv: string[]): number {
  const { values, positionals } = parse(
    argv,
    {
      key: { type: 'string' },
      cert: { type: 'string' },
      root: { type: 'string' },
      role: { type: 'string' },
      scope: { type: 'string' },
      rights: { type: 'string' },
      days: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    true,
  );
  const role = values.role as Role | undefined;
  if (!positionals[0] || !values.key || !role || values.scope === undefined || !values.days || !values.out)
    throw new UsageError('pki issue <request> --key K --role hub|publisher --scope CODE --days N --out FILE');
  if (!(ROLES as readonly string[]).includes(role)) throw new UsageError('--role must be hub or publisher');
  if (!isScope(values.scope)) throw new UsageError('--scope must be "", 33, 33.05, 33.05.01 or a desa code');
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 3660) throw new UsageError('--days must be 1 to 3660');
  const rights = parseRights(values.rights, role);
  const request = verifyRequest(readJson(positionals[0]));
  if (!request.ok)
    throw new Refused(`${positionals[0]}: ${request.reason}`, 'Permintaan sertifikat tidak sah.');
  if (request.request.role !== role)
    throw new Refused(
      `the request asks for a ${request.request.role} certificate, not a ${role}`,
      'Peran pada permintaan berbeda.',
    );
  const issuer: PrivateKeyFile = readPrivateKey(values.key);
  const issuerChain: Certificate[] = values.cert ? readChainFile(values.cert) : [];
  refuseExisting(values.out);

  const now = new Date();
  let notAfter = new Date(now.getTime() + days * 86_400_000);
  const parent = issuerChain.length
    ? certificateBodySchema.safeParse(issuerChain[issuerChain.length - 1]!.signed)
    : undefined;
  if (parent?.success && Date.parse(parent.data.notAfter) < notAfter.getTime())
    notAfter = new Date(parent.data.notAfter);
  const certificate = issueCertificate(
    {
      subjectPublicKey: request.request.publicKey,
      role,
      scope: values.scope,
      name: request.request.name,
      rights,
      notBefore: now,
      notAfter,
    },
    issuer,
  );
  const chain = [...issuerChain, certificate];
  // Nothing is written that a kiosk would refuse: the whole chain must hold from a known root.
  const roots = [
    ...shippedRoots(),
    ...extraRoot(values.root),
    ...(issuerChain.length ? [] : [rootFromKey(issuer, false)]),
  ];
  const checked = walkChain(chain, { roots, revocations: [], now, role });
  if (!checked.ok)
    throw new Refused(
      `not issued: ${checked.reason}${checked.code === 'unknown_root' ? ' (pass the root with --root ROOT.json)' : ''}`,
      'Sertifikat tidak diterbitkan: melebihi wewenang penerbit.',
    );
  writeFileSync(values.out, JSON.stringify(chainFile(chain), null, 2) + '\n');
  const leaf = checked.leaf;
  const out = {
    serial: leaf.serial,
    keyId: leaf.subject.keyId,
    role: leaf.role,
    scope: leaf.scope,
    level: leaf.level,
    name: leaf.name,
    rights: leaf.rights,
    notAfter: leaf.notAfter,
    chainLength: chain.length,
  };
  console.log(
    values.json
      ? JSON.stringify(out)
      : `${values.out}: ${out.role} "${out.name}" (${out.keyId}), scope ${out.scope || 'national'} (${out.level}), rights ${out.rights.join(',') || 'none'}, until ${out.notAfter}, serial ${out.serial}`,
  );
  return 0;
}

function revoke(argv: string[]): number {
  const { values, positionals } = parse(
    argv,
    {
      key: { type: 'string' },
      cert: { type: 'string' },
      previous: { type: 'string' },
      out: { type: 'string' },
    },
    true,
  );
  if (!positionals.length || !values.key || !values.out)
    throw new UsageError('pki revoke <serial|key-id>… --key K --out FILE');
  const serials: string[] = [];
  const keyIds: string[] = [];
  for (const p of positionals) {
    const m = /^(?:(serial|key):)?([0-9a-f]{16})$/.exec(p.toLowerCase());
    if (!m) throw new UsageError(`"${p}" is not a serial or key id (16 hex digits, or serial:… / key:…)`);
    // A bare value goes in both lists: serials and key ids are both 16 random hex digits.
    if (m[1] !== 'key') serials.push(m[2]!);
    if (m[1] !== 'serial') keyIds.push(m[2]!);
  }
  const issuer = readPrivateKey(values.key);
  const chain = values.cert ? readChainFile(values.cert) : undefined;
  let previous;
  if (values.previous) {
    const list = revocationListSchema.safeParse(readJson(values.previous));
    const body = list.success ? revocationBodySchema.safeParse(list.data.signed) : undefined;
    if (!list.success || !body?.success)
      throw new Refused(`${values.previous} is not a revocation list`, 'Daftar pencabutan tidak sah.');
    if (list.data.keyId !== issuer.keyId)
      throw new Refused(
        `${values.previous} is another issuer's list`,
        'Daftar pencabutan milik penerbit lain.',
      );
    previous = body.data;
  }
  refuseExisting(values.out);
  const list = makeRevocationList({ serials, keyIds, issuedAt: new Date() }, issuer, {
    ...(chain ? { chain } : {}),
    ...(previous ? { previous } : {}),
  });
  writeFileSync(values.out, JSON.stringify(list, null, 2) + '\n');
  const body = revocationBodySchema.parse(list.signed);
  console.log(
    `${values.out}: list ${body.sequence} of ${issuer.keyId}, ${body.serials.length} serials, ${body.keyIds.length} key ids. Copy it to BalaiBelajar/pencabutan/ on the sticks and next to the catalogue.`,
  );
  return 0;
}

function show(argv: string[]): number {
  const { values, positionals } = parse(
    argv,
    { root: { type: 'string' }, json: { type: 'boolean', default: false } },
    true,
  );
  if (!positionals[0]) throw new UsageError('pki show <file>');
  const value = readJson(positionals[0]);
  const roots = [...shippedRoots(), ...extraRoot(values.root)];
  const now = new Date();
  const print = (summary: Record<string, unknown>, text: string) =>
    console.log(values.json ? JSON.stringify(summary) : text);
  const asChain = chainFileSchema.safeParse(value);
  const single = certificateSchema.safeParse(value);
  if (asChain.success || single.success) {
    const chain = asChain.success ? asChain.data.chain : [single.data!];
    const bodies = chain.map((c) => certificateBodySchema.safeParse(c.signed));
    const check = walkChain(chain, { roots, revocations: [], now, role: undefined });
    const lines = bodies.map((b, i) =>
      b.success
        ? `${i + 1}. ${b.data.role} "${b.data.name}" (${b.data.subject.keyId}) by ${chain[i]!.keyId}: scope ${b.data.scope || 'national'} (${b.data.level}), rights ${b.data.rights.join(',') || 'none'}, ${b.data.notBefore} to ${b.data.notAfter}, serial ${b.data.serial}`
        : `${i + 1}. malformed`,
    );
    print(
      { kind: 'chain', certificates: bodies.map((b) => (b.success ? b.data : null)), check },
      [
        ...lines,
        check.ok
          ? `holds (root ${check.root.keyId}${check.development ? ', DEVELOPMENT' : ''})`
          : `refused: ${check.reason}`,
      ].join('\n'),
    );
    return check.ok ? 0 : 1;
  }
  const request = requestSchema.safeParse(value);
  if (request.success) {
    const checked = verifyRequest(value);
    const body = requestBodySchema.safeParse(request.data.signed);
    print(
      { kind: 'request', request: body.success ? body.data : null, check: checked },
      checked.ok
        ? `request: ${checked.request.role} "${checked.request.name}" (${checked.keyId}) for ${checked.request.region || 'national'} (${checked.request.level}), made ${checked.request.created}`
        : `request refused: ${checked.reason}`,
    );
    return checked.ok ? 0 : 1;
  }
  const list = revocationListSchema.safeParse(value);
  if (list.success) {
    const checked = verifyRevocationList(value, { roots, revocations: [], now });
    const body = revocationBodySchema.safeParse(list.data.signed);
    print(
      {
        kind: 'revocation-list',
        issuer: list.data.keyId,
        list: body.success ? body.data : null,
        check: checked.ok,
      },
      body.success
        ? `revocation list ${body.data.sequence} of ${list.data.keyId}, issued ${body.data.issuedAt}: serials ${body.data.serials.join(', ') || 'none'}; key ids ${body.data.keyIds.join(', ') || 'none'}; ${checked.ok ? 'signature holds' : `refused: ${checked.reason}`}`
        : 'revocation list: malformed',
    );
    return checked.ok ? 0 : 1;
  }
  const root = rootKeySchema.safeParse(value);
  if (root.success) {
    print(
      { kind: 'root', root: root.data },
      `root ${root.data.keyId} "${root.data.name}"${root.data.development ? ' (DEVELOPMENT: never in a release)' : ''}`,
    );
    return 0;
  }
  throw new Refused(
    `${positionals[0]} is not a certificate, chain, request, revocation list or root`,
    'Berkas tidak dikenal.',
  );
}

export function pki(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  switch (verb) {
    case 'init-root':
      return Promise.resolve(initRoot(rest));
    case 'issue':
      return Promise.resolve(issue(rest));
    case 'revoke':
      return Promise.resolve(revoke(rest));
    case 'show':
      return Promise.resolve(show(rest));
    case 'request':
      return pkiRequest(rest);
    default:
      throw new UsageError(`unknown pki command: ${verb ?? '(none)'}`);
  }
}
