import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';

/** One SCO of a package made by a test: its item id, title, launch file and that file's HTML. */
export interface TestSco {
  item: string;
  title: string;
  launch: string;
  html: string;
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Writes a SCORM 1.2 (or, with `edition: '2004'`, 2004 3rd edition) zip of our own: one organisation with `scos` as items, each its own resource, and
 * `extra` files (name → content) in the zip; `missing` launch files are named in the manifest but left out.
 */
export async function writeScorm12(
  file: string,
  scos: readonly TestSco[],
  extra: Record<string, string | Buffer> = {},
  options: { title?: string; identifier?: string; omit?: readonly string[]; edition?: '1.2' | '2004' } = {},
): Promise<string> {
  const v2004 = options.edition === '2004';
  const zip = new yazl.ZipFile();
  const items = scos
    .map(
      (s, i) =>
        `<item identifier="${escapeXml(s.item)}" identifierref="r${i}"><title>${escapeXml(s.title)}</title></item>`,
    )
    .join('');
  const resources = scos
    .map(
      (s, i) =>
        `<resource identifier="r${i}" type="webcontent" adlcp:${v2004 ? 'scormType' : 'scormtype'}="sco" href="${escapeXml(s.launch)}"><file href="${escapeXml(s.launch)}"/></resource>`,
    )
    .join('');
  zip.addBuffer(
    Buffer.from(`<?xml version="1.0"?>
<manifest identifier="${options.identifier ?? 'uji.scorm'}" ${
      v2004
        ? 'xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"'
        : 'xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"'
    }>
 <metadata><schema>ADL SCORM</schema><schemaversion>${v2004 ? '2004 3rd Edition' : '1.2'}</schemaversion></metadata>
 <organizations default="org"><organization identifier="org"><title>${escapeXml(options.title ?? 'Kursus SCORM Uji')}</title>${items}</organization></organizations>
 <resources>${resources}</resources>
</manifest>`),
    'imsmanifest.xml',
  );
  for (const s of scos) if (!options.omit?.includes(s.launch)) zip.addBuffer(Buffer.from(s.html), s.launch);
  for (const [name, content] of Object.entries(extra))
    zip.addBuffer(typeof content === 'string' ? Buffer.from(content) : content, name);
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
  return file;
}

/** The SCORM 1.2 API finder every SCO page of ours starts with (the usual walk up the parents). */
const FIND_API = `function findApi(w){for(var i=0;i<10&&w;i++){if(w.API)return w.API;if(w===w.parent)break;w=w.parent;}return null;}
var api=findApi(window.parent);`;

/**
 * A SCORM 1.2 test SCO: initialises, and on "Kirim" stores the score typed in `#score` (0–100) with
 * passed/failed against `mastery`, commits and finishes, as authoring tools' quizzes do.
 */
export function quizScoHtml(mastery = 70): string {
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Tes</title></head><body>
<h1>Tes</h1><label>Nilai <input id="score" type="number" min="0" max="100"></label>
<button id="submit" type="button">Kirim</button><p id="done"></p>
<script>${FIND_API}
api.LMSInitialize('');
document.getElementById('submit').onclick=function(){
  var s=Number(document.getElementById('score').value);
  api.LMSSetValue('cmi.core.score.min','0');api.LMSSetValue('cmi.core.score.max','100');
  api.LMSSetValue('cmi.core.score.raw',String(s));
  api.LMSSetValue('cmi.core.lesson_status',s>=${mastery}?'passed':'failed');
  api.LMSCommit('');api.LMSFinish('');
  document.getElementById('done').textContent='Terkirim';
};
</script></body></html>`;
}

/** A SCORM 1.2 reading SCO: initialises and is completed at once (with `score` as its raw score of 100). */
export function readingScoHtml(text = 'Bacaan', score?: number): string {
  const scored = score === undefined ? '' : `api.LMSSetValue('cmi.core.score.raw','${score}');`;
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>${text}</title></head><body><p>${text}</p>
<script>${FIND_API}
api.LMSInitialize('');${scored}api.LMSSetValue('cmi.core.lesson_status','completed');api.LMSCommit('');
document.body.setAttribute('data-committed','1');
</script></body></html>`;
}
