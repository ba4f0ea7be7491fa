import canonicalize from 'canonicalize';

/** RFC 8785 canonical JSON: the bytes every signature in Balai Belajar is made over. */
export function canonicalBytes(value: unknown): Buffer {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value cannot be canonicalised');
  return Buffer.from(text, 'utf8');
}

const PROTO_KEY = new Error('__proto__ key');

/** Parses JSON text with a size and depth limit; a clear reason when it is refused. */
export function parseJsonLimited(
  bytes: Buffer,
  what: string,
  limits: { maxBytes: number; maxDepth: number },
): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (bytes.length > limits.maxBytes)
    return { ok: false, reason: `${what} is too large (${bytes.length} bytes)` };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, reason: `${what} is not valid UTF-8` };
  }
  // Measure nesting before JSON.parse builds anything (brackets inside strings do not count).
  let depth = 0;
  let maxSeen = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) maxSeen = Math.max(maxSeen, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  if (maxSeen > limits.maxDepth) return { ok: false, reason: `${what} is nested too deeply` };
  try {
    // A "__proto__" key is never part of a format. Schemas drop it silently, so it could ride along unsigned
    // inside a signed part (the signature is checked over what the schema kept): refuse it outright.
    const value = JSON.parse(text, (key, v: unknown) => {
      if (key === '__proto__') throw PROTO_KEY;
      return v;
    }) as unknown;
    return { ok: true, value };
  } catch (error) {
    if (error === PROTO_KEY) return { ok: false, reason: `${what} has a "__proto__" key` };
    return {
      ok: false,
      reason: `${what} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
