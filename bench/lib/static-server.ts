import { spawnUntilUrl, type SpawnedServer } from './process';
import type { Scope } from './scope';

/**
 * The baseline: the smallest Node HTTP server that serves a one-file page whose inline script fills
 * `#root`. It prints its URL the way `balai serve` does, so both are started and timed the same way.
 */
const SOURCE = `
const http = require('node:http');
const page = '<!doctype html><html lang="id"><head><meta charset="utf-8"><title>baseline</title></head>' +
  '<body><div id="root"></div><script>' +
  'document.getElementById("root").append(Object.assign(document.createElement("h1"), { textContent: "Balai Belajar" }));' +
  '</script></body></html>';
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(page);
});
server.listen(0, '127.0.0.1', () => console.log('Balai Belajar: http://127.0.0.1:' + server.address().port + '/'));
process.on('SIGTERM', () => process.exit(0));
`;

export function spawnStaticServer(scope: Scope): Promise<SpawnedServer> {
  return spawnUntilUrl(scope, process.execPath, ['-e', SOURCE]);
}
