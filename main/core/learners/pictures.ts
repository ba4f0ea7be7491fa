import { AVATARS, PHOTO_MAX_BYTES, type Avatar, type Picture } from '../../api/learners';
import type { Db } from '../db/database';
import { sql } from '../db/sql';

interface PictureRow {
  account_id: string;
  kind: 'photo' | 'avatar';
  avatar: string | null;
  photo: Buffer | null;
}

/** Largest side of a kept photo: the screen makes 256×256; anything over this was not made by it. */
const PHOTO_MAX_SIDE = 512;

/**
 * Why bytes are not a photo the kiosk keeps, or null: a baseline or progressive JPEG, within the size, no
 * side over 512 px (read from its frame header). The screen re-encodes every photo (camera or file), so
 * what arrives has no EXIF or other metadata; a file that is something else is refused, never stored.
 */
export function photoProblem(bytes: Buffer): string | null {
  if (bytes.length > PHOTO_MAX_BYTES) return `photo is ${bytes.length} bytes, more than ${PHOTO_MAX_BYTES}`;
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return 'not a JPEG';
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return 'damaged JPEG';
    const marker = bytes[at + 1]!;
    const length = bytes.readUInt16BE(at + 2);
    // SOF0..SOF15 except DHT (C4), JPG (C8), DAC (CC): the frame header with the picture's size.
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      const height = bytes.readUInt16BE(at + 5);
      const width = bytes.readUInt16BE(at + 7);
      if (width === 0 || height === 0) return 'JPEG without a size';
      if (width > PHOTO_MAX_SIDE || height > PHOTO_MAX_SIDE)
        return `photo is ${width}×${height}, more than ${PHOTO_MAX_SIDE} px a side`;
      return bytes.at(-2) === 0xff && bytes.at(-1) === 0xd9 ? null : 'JPEG cut short';
    }
    at += 2 + length;
  }
  return 'JPEG without a frame header';
}

function toPicture(row: PictureRow | undefined): Picture {
  if (!row) return null;
  if (row.kind === 'photo' && row.photo)
    return { kind: 'photo', dataUrl: `data:image/jpeg;base64,${row.photo.toString('base64')}` };
  if (row.kind === 'avatar' && (AVATARS as readonly string[]).includes(row.avatar ?? ''))
    return { kind: 'avatar', avatar: row.avatar as Avatar };
  return null;
}

export function pictureOf(db: Db, accountId: string): Picture {
  return toPicture(db.get<PictureRow>(sql`SELECT * FROM account_pictures WHERE account_id = ${accountId}`));
}

/** The pictures of many accounts at once (the roster). */
export function picturesOf(db: Db, accountIds: readonly string[]): Map<string, Picture> {
  const out = new Map<string, Picture>();
  if (accountIds.length === 0) return out;
  const rows = db.all<PictureRow>(
    sql`SELECT * FROM account_pictures WHERE account_id IN (SELECT value FROM json_each(${JSON.stringify(accountIds)}))`,
  );
  for (const r of rows) out.set(r.account_id, toPicture(r));
  return out;
}

export type PictureInput =
  { kind: 'none' } | { kind: 'avatar'; avatar: Avatar } | { kind: 'photo'; jpeg: Buffer; consentAt: string };

/** Replaces the account's picture (in the caller's transaction). */
export function writePicture(db: Db, accountId: string, input: PictureInput, now: string): void {
  db.run(sql`DELETE FROM account_pictures WHERE account_id = ${accountId}`);
  if (input.kind === 'avatar')
    db.run(sql`INSERT INTO account_pictures (account_id, kind, avatar, updated_at)
               VALUES (${accountId}, 'avatar', ${input.avatar}, ${now})`);
  if (input.kind === 'photo')
    db.run(sql`INSERT INTO account_pictures (account_id, kind, photo, consent_at, updated_at)
               VALUES (${accountId}, 'photo', ${input.jpeg}, ${input.consentAt}, ${now})`);
}

/** Erasure: the photo goes with the name (secure_delete overwrites the freed bytes). */
export function erasePicture(db: Db, accountId: string): void {
  db.run(sql`DELETE FROM account_pictures WHERE account_id = ${accountId}`);
}
