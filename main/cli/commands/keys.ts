import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../../core/crypto/keys';
import { newPrivateKeyFile, publicHalf } from '../../core/packages/keys';
import { parse, Refused, UsageError } from '../args';

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
