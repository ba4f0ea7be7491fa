/**
 * A tagged template that keeps SQL text and values apart, so every value is bound, never spliced:
 *   db.get(sql`SELECT * FROM accounts WHERE id = ${id}`)
 * `raw()` marks a trusted fragment (a constant column list or ORDER BY chosen from a fixed set).
 */
export interface Sql {
  readonly text: string;
  readonly values: readonly SqlValue[];
}

export type SqlValue = string | number | bigint | null | Buffer | Uint8Array;

class RawSql {
  constructor(readonly text: string) {}
}

export function raw(text: string): RawSql {
  return new RawSql(text);
}

export function sql(
  strings: TemplateStringsArray,
  ...values: (SqlValue | boolean | Sql | RawSql | undefined)[]
): Sql {
  let text = strings[0] ?? '';
  const bound: SqlValue[] = [];
  values.forEach((value, i) => {
    if (value instanceof RawSql) {
      text += value.text;
    } else if (isSql(value)) {
      text += value.text;
      bound.push(...value.values);
    } else {
      text += '?';
      bound.push(value === undefined ? null : typeof value === 'boolean' ? (value ? 1 : 0) : value);
    }
    text += strings[i + 1] ?? '';
  });
  return { text, values: bound };
}

function isSql(value: unknown): value is Sql {
  return typeof value === 'object' && value !== null && 'text' in value && 'values' in value;
}

/** `a, b, c` as bound values, for `IN (...)`. */
export function list(values: readonly SqlValue[]): Sql {
  return { text: values.map(() => '?').join(', '), values };
}
