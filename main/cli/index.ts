import { main } from './main';
import { enterCallerFolder } from './paths';

// The `balai` command (bin/balai.js). Under `npm run balai`, relative paths are the caller's (paths.ts).
enterCallerFolder();
process.exitCode = await main(process.argv.slice(2));
