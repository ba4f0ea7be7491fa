import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/core/clock';
import { Db } from '../../../main/core/db/database';
import { sql } from '../../../main/core/db/sql';
import {
  maskSecret,
  plainSecretBox,
  type SealedSecret,
  type SecretBox,
} from '../../../main/core/lrs/secret-box';
import {
  clearLrsSettings,
  lrsSettingsView,
  normaliseEndpoint,
  readLrsConnection,
  saveLrsSettings,
} from '../../../main/core/lrs/settings';
import { uploadStatus } from '../../../main/core/lrs/status';
import { noteFailure, readUploaderState } from '../../../main/core/lrs/store';
import { useTempDirs } from '../../helpers/core';

const SECRET = 'k1osk-Adisana-7f3Q';

/** Stands in for Electron's safeStorage: a reversible scheme the plain box cannot open. */
const keychainBox: SecretBox = {
  scheme: 'test-keychain',
  protect: (plain) => ({ scheme: 'test-keychain', data: Buffer.from(plain).reverse().toString('base64') }),
  unprotect: (s: SealedSecret) =>
    s.scheme === 'test-keychain' ? Buffer.from(s.data, 'base64').reverse().toString() : null,
};

describe('LRS settings', () => {
  const tempDir = useTempDirs();
  const open = () => Db.open(join(tempDir(), 'balai.sqlite'));
  const clock = new ManualClock();
  const valid = {
    endpoint: 'https://lrs.kemendagri.example.id/xAPI/',
    key: 'kiosk-3302052001',
    secret: SECRET,
  };

  it('refuses bad input with a clear reason, and stores nothing', () => {
    const db = open();
    const cases: [Record<string, unknown>, RegExp, string?][] = [
      [{ ...valid, endpoint: 'lrs.example.id' }, /endpoint: not a URL/, 'not_a_url'],
      [{ ...valid, endpoint: 'ftp://lrs.example.id/xAPI/' }, /must be an https:\/\/ URL/, 'scheme'],
      [
        { ...valid, endpoint: 'https://kiosk:pw@lrs.example.id/xAPI/' },
        /not in the URL/,
        'credentials_in_url',
      ],
      [{ ...valid, endpoint: 'https://lrs.example.id/xAPI/?x=1' }, /no \?query/, 'query_or_fragment'],
      [{ ...valid, endpoint: 'http://lrs.example.id/xAPI/' }, /plain http/, 'http'],
      [{ ...valid, endpoint: '' }, /endpoint: the endpoint is empty/],
      [{ ...valid, key: 'a:b' }, /key: a Basic-auth key cannot contain ":"/],
      [{ ...valid, key: '' }, /key: the key is empty/],
      [{ ...valid, secret: '' }, /secret: the secret is empty/],
      [{ ...valid, secret: 'line\nbreak' }, /secret: the secret has control characters/],
      [{ ...valid, extra: 1 }, /Unrecognized key/],
      [{ endpoint: valid.endpoint }, /key: .*secret: /],
    ];
    for (const [input, message, reason] of cases) {
      const saved = saveLrsSettings(db, plainSecretBox, clock, input);
      expect(saved.ok, JSON.stringify(input)).toBe(false);
      if (saved.ok) continue;
      expect(saved.error.code).toBe('BAD_INPUT');
      expect(saved.error.message).toMatch(message);
      if (reason) expect(saved.error.details).toMatchObject({ reason });
      expect(saved.error.message).not.toContain(SECRET);
    }
    expect(lrsSettingsView(db, plainSecretBox)).toBeNull();
    db.close();
  });

  it('normalises the endpoint: a trailing slash, the statements URL taken as its endpoint, http only to this computer or when allowed', () => {
    expect(normaliseEndpoint('https://lrs.example.id/xAPI')).toEqual({
      ok: true,
      endpoint: 'https://lrs.example.id/xAPI/',
    });
    expect(normaliseEndpoint(' https://lrs.example.id/xAPI/statements/ ')).toEqual({
      ok: true,
      endpoint: 'https://lrs.example.id/xAPI/',
    });
    expect(normaliseEndpoint('https://lrs.example.id')).toEqual({
      ok: true,
      endpoint: 'https://lrs.example.id/',
    });
    expect(normaliseEndpoint('http://127.0.0.1:8080/xAPI')).toMatchObject({ ok: true });
    expect(normaliseEndpoint('http://localhost/xAPI')).toMatchObject({ ok: true });
    expect(normaliseEndpoint('http://192.168.1.5/xAPI')).toMatchObject({ ok: false, reason: 'http' });
    expect(normaliseEndpoint('http://192.168.1.5/xAPI', true)).toEqual({
      ok: true,
      endpoint: 'http://192.168.1.5/xAPI/',
    });
  });

  it('never shows the secret back: the key in full, the secret masked, and whether it is protected', () => {
    const db = open();
    const saved = saveLrsSettings(db, plainSecretBox, clock, valid);
    expect(saved.ok).toBe(true);
    const view = lrsSettingsView(db, plainSecretBox)!;
    expect(view).toMatchObject({
      endpoint: valid.endpoint,
      key: valid.key,
      secretMasked: '••••••3Q',
      secretProtected: false,
      secretScheme: 'plain',
      secretReadable: true,
    });
    expect(JSON.stringify(uploadStatus(db, plainSecretBox))).not.toContain(SECRET);
    expect(maskSecret('short')).toBe('••••••');
    expect(maskSecret('abcdefghijkl')).toBe('••••••kl');

    // The connection carries it as Basic auth, for the request only.
    const conn = readLrsConnection(db, plainSecretBox);
    expect(conn.ok && conn.value.authorization).toBe(
      `Basic ${Buffer.from(`${valid.key}:${SECRET}`).toString('base64')}`,
    );
    db.close();
  });

  it('a secret box of the shell protects it at rest; a program without that box says it cannot open it', () => {
    const db = open();
    expect(saveLrsSettings(db, keychainBox, clock, valid).ok).toBe(true);
    const row = db.get<{ secret_scheme: string; secret_data: string }>(sql`SELECT * FROM lrs_settings`)!;
    expect(row.secret_scheme).toBe('test-keychain');
    expect(row.secret_data).not.toContain(SECRET);
    expect(lrsSettingsView(db, keychainBox)).toMatchObject({
      secretProtected: true,
      secretMasked: '••••••3Q',
    });
    expect(readLrsConnection(db, keychainBox).ok).toBe(true);

    // The CLI has only the plain box: it reports the secret as unreadable, and does not guess.
    expect(lrsSettingsView(db, plainSecretBox)).toMatchObject({
      secretReadable: false,
      secretMasked: '••••••',
    });
    const conn = readLrsConnection(db, plainSecretBox);
    expect(conn).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { reason: 'secret_unreadable' } },
    });

    // Set from the CLI (plain), the app's box still reads it.
    expect(saveLrsSettings(db, plainSecretBox, clock, valid).ok).toBe(true);
    expect(readLrsConnection(db, keychainBox).ok).toBe(true);
    db.close();
  });

  it('a box that fails to protect is an error, not a silent plain secret', () => {
    const db = open();
    const broken: SecretBox = {
      scheme: 'broken',
      protect: () => {
        throw new Error('keychain locked');
      },
      unprotect: () => null,
    };
    expect(saveLrsSettings(db, broken, clock, valid)).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
    expect(lrsSettingsView(db, plainSecretBox)).toBeNull();
    db.close();
  });

  it('new settings clear the back-off of the old ones; clearing them stops uploads', () => {
    const db = open();
    saveLrsSettings(db, plainSecretBox, clock, valid);
    noteFailure(db, 't', 'auth', 'refused', '2026-11-02T10:00:00.000+07:00');
    noteFailure(db, 't', 'auth', 'refused', '2026-11-02T10:00:00.000+07:00');
    expect(readUploaderState(db)).toMatchObject({ backoffStep: 2, lastErrorCode: 'auth' });
    saveLrsSettings(db, plainSecretBox, clock, { ...valid, secret: 'another-secret-value' });
    expect(readUploaderState(db)).toMatchObject({ backoffStep: 0, nextAttemptAt: null, lastErrorCode: null });
    clearLrsSettings(db);
    expect(readLrsConnection(db, plainSecretBox)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    db.close();
  });
});
