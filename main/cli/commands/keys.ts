import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../../core/crypto/keys';
import { keyIdOf, newPrivateKeyFile, publicHalf, trustedKeySchema } from '../../core/packages/keys';
import { dataDir, parse, Refused, UsageError } from '../args';

export function keygen(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    out: { type: 'string' },
    name: { type: 'string', default: 'Balai Belajar publisher' },
  });
  if (!values.out) throw new UsageError('--out FILE is required');
  if (existsSync(values.out))
    throw new Refused(`${values.out} exists; not replacing a key`, 'Berkas kunci sudah ada; tidak ditimpa.');
  const key = newPrivateKeyFile(values.name);
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileAtomic(values.out, JSON.stringify(key, null, 2) + '\n', 0o600);
  writeFileSync(`${values.out}.pub.json`, JSON.stringify(publicHalf(key), null, 2) + '\n');
  console.log(`key ${key.keyId}: private ${values.out}, public ${values.out}.pub.json`);
  return Promise.resolve(0);
}

export function keys(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb !== 'trust') throw new UsageError(`unknown keys command: ${verb ?? '(none)'}`);
  const { values, positionals } = parse(rest, { data: { type: 'string' } }, true);
  const file = positionals[0];
  if (!file) throw new UsageError('the public key file is required');
  const parsed = trustedKeySchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success || keyIdOf(parsed.data.publicKey) !== parsed.data.keyId) {
    throw new Refused(`${file} is not a valid public key file`, 'Berkas kunci publik tidak sah.');
  }
  const dir = join(dataDir(values.data), 'keys', 'publishers');
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, `${parsed.data.keyId}.json`), JSON.stringify(parsed.data, null, 2) + '\n', 0o644);
  console.log(`trusted ${parsed.data.keyId} (${parsed.data.name})`);
  return Promise.resolve(0);
}
