/** A text file's bytes as a string, and how they were read: the name the preview shows. */
export interface DecodedText {
  text: string;
  encoding:
    | 'utf-8'
    | 'utf-8 with BOM'
    | 'utf-16le with BOM'
    | 'utf-16be with BOM'
    | 'utf-16le'
    | 'utf-16be'
    | 'windows-1252';
}

/**
 * Reads the encodings training teams' files arrive in: UTF-8 (with or without the BOM Excel writes), UTF-16
 * with a BOM (Excel's "Unicode text"), UTF-16 without one (told by its zero bytes), and, when the bytes are
 * not valid UTF-8, Windows-1252 (Excel's "CSV" on an Indonesian or English Windows). Windows-1252 is a guess
 * that never fails, so the preview names it and the author can look at the accented names.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const b = bytes;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf)
    return { text: new TextDecoder('utf-8').decode(b.subarray(3)), encoding: 'utf-8 with BOM' };
  if (b[0] === 0xff && b[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(b.subarray(2)), encoding: 'utf-16le with BOM' };
  if (b[0] === 0xfe && b[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(b.subarray(2)), encoding: 'utf-16be with BOM' };
  const zeros = zeroBytes(b);
  if (zeros.even + zeros.odd > 0 && Math.max(zeros.even, zeros.odd) > zeros.total / 4) {
    // ASCII text in UTF-16 has a zero in every other byte: the high byte first (BE) or second (LE).
    return zeros.odd > zeros.even
      ? { text: new TextDecoder('utf-16le').decode(b), encoding: 'utf-16le' }
      : { text: new TextDecoder('utf-16be').decode(b), encoding: 'utf-16be' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(b), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(b), encoding: 'windows-1252' };
  }
}

function zeroBytes(b: Uint8Array): { even: number; odd: number; total: number } {
  const n = Math.min(b.length, 4096);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) {
    if (b[i] !== 0) continue;
    if (i % 2 === 0) even++;
    else odd++;
  }
  return { even, odd, total: n };
}
