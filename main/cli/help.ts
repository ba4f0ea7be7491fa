import { JABATAN_CODES } from '../api/jabatan';

// The help of every command, apart from the commands themselves: `balai --help` prints them all without
// loading a command module (and with it the core). Each text starts with its usage lines.

export const serveHelp = `balai serve --data DIR [--port N] [--host ADDR] [--drives DIR]
  Runs the kiosk app for a browser on 127.0.0.1 and prints its URL.
  --drives DIR: each sub-folder of DIR stands in for a plugged-in flashdisk (instead of this computer's
  removable drives); make or delete a sub-folder to plug one in or pull it.
  Test-only: --idle-seconds N (idle logout after N s), --warning-seconds N (length of the idle warning),
  --fast-hash (cheap PIN hashing).`;

export const setupHelp = `balai setup --data DIR --desa CODE --operator NAME [--jabatan CODE] [--pin PIN] [--json]
  Sets a kiosk up for a village without the UI: desa code as NN.NN.NN.NNNN (Kemendagri), the operator's
  name and 6-digit PIN (BALAI_OPERATOR_PIN, or a random one that is printed). Prints the recovery code once.
  Jabatan codes: ${JABATAN_CODES.join(', ')}`;

export const demoHelp = `balai demo --data DIR [--desa CODE] [--learners N] [--seed N] [--json]
  Makes a demo village for trainers and tests: set-up (operator "Operator Desa (demo)", PIN 123456) and N learners (default 6;
  PINs 100001, 100002, …) who have learnt in the starter courses, in turn: 1 passes (pretest, every
  lesson, a practice quiz, posttest passed: certificate), 2 fails the posttest, 3 fails it once and
  then passes, 4 is midway through the lessons, 5 took only the pretest, 6 has not started; then again.
  The scores and the lessons reached follow --seed (default 1): the same seed makes the same village.`;

export const courseWrapHelp = `balai course wrap <package.zip|activity.h5p> --key FILE --cert CHAIN --out FILE.balaicourse [--id ID] [--version X.Y.Z]
    [--language id|en] [--publisher NAME] [--pretest ITEM] [--posttest ITEM] [--pass 0..1] [--allow-remote] [--json]
  Turns a SCORM 1.2 / 2004, cmi5 (cmi5.xml) or xAPI / Tin Can (tincan.xml) package into a signed course: its
  items, AUs or activities become lessons (--pretest/--posttest name a SCORM item or a cmi5 AU id); a package
  that loads from the internet is refused unless --allow-remote records that it degrades offline. An IMS
  Common Cartridge (.imscc) is refused: not supported yet.
  An .h5p becomes a course of one lesson, the activity (h5p.json, every library.json, file types and SVGs
  checked; missing libraries refused by name); --pretest yes / --posttest yes makes its score the course's
  pretest or posttest, passed at --pass (scaled score, default 0.7).`;

export const courseHelp = `balai course pack <folder> --key FILE --cert CHAIN --out FILE
${courseWrapHelp}
balai course verify <file|folder> [--data DIR] [--json]
balai course install <file|folder> --data DIR [--json]
balai course list --data DIR [--json]
balai course remove <id> --data DIR
balai course check <folder> [--warn-size MB] [--json]
  Course packages (.balaicourse): pack and sign a course folder with a publisher key and its certificate
  chain (right "courses"), check a package (a chain to a shipped root, with --data: covering that kiosk's
  desa and not revoked there; hashes, schema, content), install it (staged, all or nothing), list and
  remove installed courses. check: what stands between a course folder and publishing, each naming the
  field: lessons without text or media, questions without an explanation, a bank too small for pretest and
  posttest without repeats, broken or internet links, media Chromium cannot play (container and codec read
  from the file), regulations without a year (errors: exit 1); a course over --warn-size (default 300 MB).
  A SCORM, H5P, cmi5, xAPI or Common Cartridge package is named as such: the kabupaten's team wraps it first.`;

export const questionsHelp = `balai questions import <file> --format xlsx|csv|moodle-xml|gift|aiken --into <course-folder> [--dry-run] [--json]
balai questions template --out FILE.xlsx
  import: reads a question bank (single, multiple, true/false; explanation, module, tags) and adds it to the
  folder's course.json in one step (nothing half-written); prints each question taken and each row or line
  refused with its reason; --dry-run only prints. Exit 1 when nothing could be taken.
  template: the XLSX template to fill in (sheet "Soal", rules and examples on "Petunjuk").`;

export const certHelp = `balai cert verify <pdf-file | code> [--data DIR] [--json]
  Checks a certificate offline: reads the signed code from the PDF's properties (or takes the code from
  the QR), checks the kiosk's signature, and says who, what, when, which kiosk, and whether a hub enrolled
  that kiosk. A PDF's page is checked against its page seal (also signed by the kiosk); the report says
  whether the page was checked. With --data DIR of the issuing kiosk it also names the learner and checks
  its record.
  Exit 0 genuine, 1 changed or not genuine, 2 wrong usage.`;

export const bundleHelp = `balai bundle export --to DIR --data DIR [--json]
balai bundle verify <file> [--device-key KEY] [--json]
balai bundle inspect <file> [--json]
balai bundle status --data DIR [--json]
  Result bundles (.balaibundle): export every statement not yet covered by a hub's receipt, the roster and
  the certificate index onto a stick (DIR: its mountpoint, or any folder), written safely and read back
  before it counts; check a bundle (device signature, hashes, statements; --device-key: the raw public key
  it must be signed by); show what it holds; show what is delivered and what is still pending.`;
export const receiptHelp = `balai receipt apply <file | DIR> --data DIR [--json]
  Receipts (.balaireceipt) from the hub: checks one (or every one for this kiosk under DIR, e.g. a stick) and
  applies it: the first pins the hub's key, a receipt from another key is refused; stores the kiosk's
  enrolment; marks the statements the hub holds as delivered.`;

export const keygenHelp = `balai keygen --out FILE [--name NAME]
  Makes an Ed25519 key: FILE holds the private key (keep it off kiosks and out of any repository);
  FILE.pub.json holds the public half. Kiosks trust a key only through a certificate chain from a
  shipped root: ask for one with balai pki request, issue one with balai pki issue.`;
export const backupHelp = `balai backup create --to DIR --data DIR --passphrase P [--json]
  Writes an encrypted full backup of the kiosk (database, device key) to
  DIR/BalaiBelajar/<desa>/cadangan/<desa>-<YYYYMMDD-HHMM>.balaibackup; DIR is the stick (or a folder).
  The passphrase (--passphrase, else BALAI_BACKUP_PASSPHRASE) is this kiosk's recovery code or one you
  choose (8 characters or more). Without it the backup cannot be opened: keep it safe.
balai backup restore <file> --data DIR --passphrase P [--json]
  Restores a backup into a data folder with no kiosk set up (a new PC): same device, desa, learners,
  results, certificates and sequence numbers. Nothing is changed unless everything checks out.
  Trusted keys are never restored (trust comes from the app's own resources); courses are listed.
balai backup inspect <file> [--passphrase P] [--json]
  Shows whose backup it is (device, desa, date, app version) from its clear header; with the passphrase
  it also decrypts it in memory and checks every part.`;

export const updateHelp = `balai update sign <dir> --key FILE --cert CHAIN [--platform win32|linux]
balai update verify <dir> [--data DIR] [--current VERSION] [--channel latest|beta|alpha] [--platform win32|linux] [--json]
  App update folders (electron-builder's latest.yml, installer and blockmap, plus our signature.json): sign
  what electron-builder built with a national publisher's key and chain (right "app-updates"), or check a folder as a kiosk would (trusted publisher,
  hashes, installer sha512 against latest.yml, and with --current: newer than that version).`;

export const lrsHelp = `balai lrs set --endpoint URL --key K --secret S --data DIR [--allow-http] [--json]
balai lrs status --data DIR [--check] [--json]
balai lrs quarantine --data DIR [--release all|SEQ,SEQ…] [--json]
  The Learning Record Store results are uploaded to: its xAPI endpoint (https; http only to this computer
  or with --allow-http) and this kiosk's key and secret (--secret, else BALAI_LRS_SECRET). The secret is
  never shown back (status shows the key and a masked secret). Set here, the secret is stored unprotected
  ("plain"); set in the kiosk app it is protected by the system. status: pending / sent / quarantined,
  the last success and error; --check asks the LRS now. quarantine: the statements the LRS would not take,
  with its reason; --release puts them back in the queue. On a hub, these are about the statements it holds
  from its villages, forwarded exactly as recorded (balai upload sends them).`;
export const uploadHelp = `balai upload --data DIR [--attempts N] [--timeout SECONDS] [--json] [--quiet]
  Sends every pending statement to the LRS (balai lrs set) in batches of at most 100, until none is left;
  between failures it waits longer each time (1–2 s at first, doubling, with jitter; at least what
  Retry-After asks).
  Exit codes:
    0  nothing left to send (statements the LRS rejected are in quarantine: balai lrs quarantine)
    1  refused: not set up, no LRS set, its secret cannot be read here, or the LRS refused the key and
       secret or the endpoint (fix the settings)
    2  wrong usage
    3  the LRS stayed unreachable or kept failing --attempts times in a row (default 6): statements are
       still pending; run again later
    4  interrupted (Ctrl-C) before everything was sent`;

export const hubHelp = `balai hub init --region CODE --data DIR [--name NAME] [--admin-name NAME] [--admin-pin PIN] [--json]
balai hub status --data DIR [--json]
balai hub import <dir | file> --data DIR [--receipts] [--courses] [--json]
balai hub receipts --to DIR --data DIR [--desa CODE]... [--courses] [--json]
balai hub pass-up --to DIR --data DIR [--all] [--json]
balai hub pull-lrs --endpoint URL --key K --secret S --data DIR [--since TIME] [--page-size N] [--allow-http] [--json]
balai hub report --level provinsi|kabupaten|kecamatan|desa|learner --format csv|xlsx --data DIR [--out FILE] [--region CODE]
balai hub held --data DIR [--json]
balai hub accept-key <device-id> <key-id> --data DIR
balai hub reject-key <device-id> <key-id> --data DIR
balai hub course-add <file.balaicourse> --data DIR
balai hub cert import <certificate.json> --data DIR [--json]
balai hub backup create --to DIR --data DIR [--passphrase P] [--json]
balai hub backup restore <file> --data DIR [--passphrase P] [--json]
  Hub mode, for a kecamatan, kabupaten/kota, provinsi or the national office. init: the office's region
  (Kemendagri code NN, NN.NN or NN.NN.NN, or nasional for the centre), its own key and the admin (PIN from --admin-pin or BALAI_ADMIN_PIN, else a random
  one that is printed; the recovery code is printed once). import: every .balaibundle under <dir> (a stick),
  verified and checked against the region and the enrolled kiosk keys; lists what it refused and why (exit 1
  when anything was refused or held); --receipts writes the receipts back onto the same stick, --courses the
  course packages. receipts: a signed receipt per kiosk held (with its enrolment) where kiosks look for it.
  pass-up: the original village bundles onto a stick for the next hub up (only those not passed up yet
  unless --all). pull-lrs: fills the hub from the programme's LRS (secret from --secret or BALAI_LRS_SECRET,
  checked like balai lrs set): GET statements since the last pull's watermark (or --since, ISO 8601), page by
  page; a pull stopped halfway goes on where it stopped; statements already held count once; statements of
  no desa of this region (or not of the Balai Belajar profile) are parked and counted (exit 0 done, 1 refused,
  3 the LRS unreachable: run again, 4 interrupted). report: one level as CSV (stdout without --out) or XLSX. held / accept-key / reject-key:
  kiosk keys that changed, held for the admin's decision. cert import: the certificate chain the issuer
  made from this hub's request (balai pki request); without one its receipts are uncertified and kiosks
  refuse them; status shows the chain and warns 60 days before it expires. backup create: the hub's database (with its
  certificates), key and kept bundles, encrypted (passphrase: the hub's recovery code or one of 8+ characters,
  --passphrase or BALAI_BACKUP_PASSPHRASE) to DIR/BalaiBelajar/hub/<region>/cadangan/. backup restore: into an
  empty data folder on a replacement PC, which carries on as the same hub; it never adds a trusted key.`;

export const pkiRequestHelp = `balai pki request --data DIR --to DIR [--json]
  On a hub: writes its certificate request (public key, level, region, office name, signed with the hub key)
  to DIR/BalaiBelajar/sertifikat/permintaan-hub-<region>-<key id>.json, for the issuer's offline machine
  (balai pki issue). Import what comes back with balai hub cert import <file> --data DIR.`;

export const pkiHelp = `balai pki init-root --out DIR [--name NAME]
balai pki issue <request.json> --key ISSUER-KEY [--cert ISSUER-CHAIN] [--root ROOT.json] --role hub|publisher
    --scope CODE [--rights courses,catalogue,app-updates,certify] --days N --out CHAIN [--json]
balai pki revoke <serial|key-id|serial:HEX|key:HEX>… --key ISSUER-KEY [--cert ISSUER-CHAIN]
    [--previous LIST] --out LIST
balai pki show <file> [--root ROOT.json] [--json]
  The root of trust (docs/trust.md). init-root makes a root key (DIR/root.key.json, keep it offline) and its
  public half (DIR/<keyId>.json, what the app ships in resources/keys/roots). issue certifies the key in a
  request (balai pki request) for a role, a region (a Kemendagri code prefix, "" national) and rights, never
  wider than the issuer's own certificate; it writes the holder's whole chain. revoke writes the issuer's
  revocation list (cumulative: pass the previous one). show explains any of these files and checks chains
  against the shipped roots (and --root).
${pkiRequestHelp}`;
