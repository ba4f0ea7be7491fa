/**
 * Writes the JSON Schema of each file format, generated from its one zod definition, into docs/formats.
 * A test fails when the committed schemas differ from a fresh export: run `npm run schemas` after a change.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatSchemas } from '../main/core/packages/formats';

const dir = join(import.meta.dirname, '..', 'docs', 'formats');
for (const [name, schema] of Object.entries(formatSchemas())) {
  writeFileSync(join(dir, `${name}.schema.json`), JSON.stringify(schema, null, 2) + '\n');
  console.log(`docs/formats/${name}.schema.json`);
}
