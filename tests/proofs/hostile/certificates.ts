/**
 * Hostile certificates, checked as `balai cert verify --data DIR` checks them on the issuing kiosk: codes
 * (the QR's text) and PDFs. Each starts from learner B's real certificate.
 */
import { PDFDocument, rgb } from 'pdf-lib';
import {
  decodeCertificate,
  encodeCertificate,
  type CertificatePayload,
} from '../../../main/core/certificates/payload';
import { codeFromPdf, verifyCertificate, verifyCertificatePdf } from '../../../main/core/certificates/verify';
import { newPrivateKeyFile } from '../../../main/core/packages/keys';
import { kioskIdentity, type HostileCase, type Outcome, type ProofVillage } from './harness';

function check(v: ProofVillage, code: string): Outcome {
  const r = verifyCertificate(code, v.core.services.regions, v.core.services);
  return r.valid
    ? { kind: 'accepted', detail: `genuine: ${r.report.number} record ${String(r.report.record)}` }
    : { kind: 'refused', code: 'refused', reason: r.reason };
}

/** A PDF as `balai cert verify file.pdf --data DIR` checks it: its code, then its page against the seal. */
async function checkPdf(v: ProofVillage, bytes: Uint8Array): Promise<Outcome> {
  const found = await codeFromPdf(bytes);
  if (!found.ok) return { kind: 'refused', code: 'unreadable', reason: found.reason };
  const r = verifyCertificatePdf(found, v.core.services.regions, v.core.services);
  return r.valid
    ? { kind: 'accepted', detail: `genuine: ${r.report.number} page ${r.report.page}` }
    : { kind: 'refused', code: 'refused', reason: r.reason };
}

/** Learner B's genuine certificate PDF, changed by `edit` and saved again. */
async function genuinePdfEdited(v: ProofVillage, edit: (doc: PDFDocument) => void): Promise<Uint8Array> {
  const file = await v.core.call(v.tokenB, 'certificates.pdf', { number: v.certificate.number });
  if (!file.ok) throw new Error(file.error.message);
  const doc = await PDFDocument.load(Buffer.from((file.value as { base64: string }).base64, 'base64'), {
    updateMetadata: false,
  });
  edit(doc);
  return doc.save();
}

const payloadOf = (v: ProofVillage): CertificatePayload => {
  const decoded = decodeCertificate(v.certificate.code);
  if (!decoded.ok) throw new Error(decoded.reason);
  return decoded.payload;
};
/** `BB1.<payload>.<the real signature>`: a payload changed after signing. */
const withRealSignature = (v: ProofVillage, payload: unknown) =>
  `BB1.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${v.certificate.code.split('.')[2]!}`;

const cert = (name: string, expect: string | RegExp, code: (v: ProofVillage) => string): HostileCase => ({
  target: 'certificate',
  name,
  expect,
  run: (v) => Promise.resolve(check(v, code(v))),
});

async function pdfWithSubject(subject: string | null): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage();
  if (subject !== null) doc.setSubject(subject);
  return doc.save();
}

export const certificateCases: HostileCase[] = [
  cert('the posttest score raised after signing', 'the certificate was changed or is not genuine', (v) => {
    const p = payloadOf(v);
    // Canonical key order, as the kiosk signs: only the score differs.
    return withRealSignature(
      v,
      Object.fromEntries(Object.entries({ ...p, post: 100 }).sort(([a], [b]) => a.localeCompare(b))),
    );
  }),
  cert('another name hash with the real signature', 'the certificate was changed or is not genuine', (v) => {
    const p = payloadOf(v);
    return withRealSignature(
      v,
      Object.fromEntries(Object.entries({ ...p, nh: '0'.repeat(16) }).sort(([a], [b]) => a.localeCompare(b))),
    );
  }),
  cert(
    'forged: names this kiosk, signed by a foreign key',
    "the certificate names this kiosk but was not signed by this kiosk's device key",
    (v) => {
      const forger = newPrivateKeyFile('pemalsu');
      return encodeCertificate({ ...payloadOf(v), post: 100, pk: forger.publicKey }, forger.privateKeyPem);
    },
  ),
  cert(
    "forged: this kiosk's public key, a foreign signature",
    'the certificate was changed or is not genuine',
    (v) => {
      const forger = newPrivateKeyFile('pemalsu');
      return encodeCertificate(
        { ...payloadOf(v), post: 100, pk: kioskIdentity(v).publicKey },
        forger.privateKeyPem,
      );
    },
  ),
  cert(
    'the real code with a control character inside',
    'the certificate was changed or is not genuine',
    (v) => {
      const code = v.certificate.code;
      return `${code.slice(0, 20)}\u0000${code.slice(20)}`;
    },
  ),
  cert('the real code with its signature cut short', 'the certificate was changed or is not genuine', (v) =>
    v.certificate.code.slice(0, -20),
  ),
  cert('not a certificate code', 'not a Balai Belajar certificate code', () => 'BB2.aGFsbw.c2lnbg'),
  cert(
    'a 1 MiB code',
    /not a Balai Belajar certificate code|damaged|unknown shape/,
    () => `BB1.${'A'.repeat(1024 ** 2)}.AAAA`,
  ),
  cert(
    'a payload nested 100,000 deep',
    'the certificate code has an unknown shape',
    () => `BB1.${Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`).toString('base64url')}.AAAA`,
  ),
  cert(
    'a payload with "__proto__"',
    'the certificate code has an unknown shape',
    (v) =>
      `BB1.${Buffer.from(JSON.stringify(payloadOf(v)).replace('{', '{"__proto__":{"valid":true},')).toString('base64url')}.AAAA`,
  ),
  cert(
    'a payload that is not UTF-8 (a lone surrogate)',
    'the certificate was changed or is not genuine',
    (v) => {
      const text = JSON.stringify(payloadOf(v));
      const at = text.indexOf('"no":"') + 6;
      const bytes = Buffer.concat([
        Buffer.from(text.slice(0, at)),
        Buffer.from([0xed, 0xa0, 0x80]),
        Buffer.from(text.slice(at)),
      ]);
      return `BB1.${bytes.toString('base64url')}.${v.certificate.code.split('.')[2]!}`;
    },
  ),
  {
    target: 'certificate',
    name: 'a PDF that is not a PDF',
    expect: 'unreadable the file is not a readable PDF',
    run: (v) => checkPdf(v, Buffer.from('MZ\x90\x00 bukan pdf sama sekali')),
  },
  {
    target: 'certificate',
    name: 'a PDF without a certificate code',
    expect: 'unreadable the PDF carries no Balai Belajar certificate code',
    run: async (v) => checkPdf(v, await pdfWithSubject(null)),
  },
  {
    target: 'certificate',
    name: 'a PDF carrying a forged code',
    expect: "not signed by this kiosk's device key",
    run: async (v) => {
      const forger = newPrivateKeyFile('pemalsu');
      const code = encodeCertificate(
        { ...payloadOf(v), post: 100, pk: forger.publicKey },
        forger.privateKeyPem,
      );
      return checkPdf(v, await pdfWithSubject(`Sertifikat ${code}`));
    },
  },
  {
    target: 'certificate',
    name: 'a genuine PDF with a higher score typed over its page',
    expect: "the certificate's page was changed: the page differs from the one the kiosk sealed",
    run: async (v) =>
      checkPdf(
        v,
        await genuinePdfEdited(v, (doc) => {
          const page = doc.getPage(0);
          page.drawRectangle({ x: 250, y: 150, width: 340, height: 20, color: rgb(1, 1, 1) });
          page.drawText('dengan nilai Tes Awal 25 dan Tes Akhir 100', { x: 280, y: 155, size: 13 });
        }),
      ),
  },
  {
    target: 'certificate',
    name: 'a genuine PDF with its page seal removed',
    expect: "the certificate's page was changed: its page seal was removed",
    run: async (v) => checkPdf(v, await genuinePdfEdited(v, (doc) => doc.setKeywords([v.certificate.code]))),
  },
];
