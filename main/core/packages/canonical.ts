import canonicalize from 'canonicalize';

/** RFC 8785 canonical JSON: the bytes every signature in Balai Belajar is made over. */
export function canonicalBytes(value: unknown): Buffer {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value cannot be canonicalised');
  return Buffer.from(text, 'utf8');
}

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
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return {
      ok: false,
      reason: `${what} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
