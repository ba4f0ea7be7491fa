import { Refused, UsageError } from './args';
import { backup, backupHelp } from './commands/backup';
import { bundle, bundleHelp, receipt, receiptHelp } from './commands/bundle';
import { cert, certHelp } from './commands/cert';
import { course, courseHelp } from './commands/course';
import { demo, demoHelp } from './commands/demo';
import { hub, hubHelp } from './commands/hub';
import { keygen, keygenHelp } from './commands/keys';
import { pki, pkiHelp } from './commands/pki';
import { lrs, lrsHelp, upload, uploadHelp } from './commands/lrs';
import { serve, serveHelp } from './commands/serve';
import { setup, setupHelp } from './commands/setup';
import { update, updateHelp } from './commands/update';
import { APP_VERSION } from './paths';

interface Command {
  help: string;
  run(argv: string[]): Promise<number>;
}

/** `balai <area> [verb]`: each entry is one command; its help text is its first line of usage. */
const COMMANDS: Record<string, Command> = {
  serve: { help: serveHelp, run: serve },
  setup: { help: setupHelp, run: setup },
  demo: { help: demoHelp, run: demo },
  course: { help: courseHelp, run: course },
  cert: { help: certHelp, run: cert },
  bundle: { help: bundleHelp, run: bundle },
  receipt: { help: receiptHelp, run: receipt },
  keygen: { help: keygenHelp, run: keygen },
  pki: { help: pkiHelp, run: pki },
  backup: { help: backupHelp, run: backup },
  update: { help: updateHelp, run: update },
  lrs: { help: lrsHelp, run: lrs },
  upload: { help: uploadHelp, run: upload },
  hub: { help: hubHelp, run: hub },
};

function usage(): string {
  return [
    `balai ${APP_VERSION}: the Balai Belajar kiosk from the command line.`,
    '',
    'Commands:',
    ...Object.values(COMMANDS).map((c) => `  ${c.help.split('\n').join('\n  ')}\n`),
    'Every command that touches an installation takes --data DIR (or BALAI_DATA).',
    'Exit codes: 0 done, 1 refused or failed (reason on stderr), 2 wrong usage.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  if (name === '--version') {
    console.log(APP_VERSION);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`unknown command: ${name}\n\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.help);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${command.help}`);
      return 2;
    }
    if (error instanceof Refused) {
      console.error(`${error.message}\n${error.indonesian}`);
      return 1;
    }
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
