import { helpKnows, Refused, UsageError, wantsHelp } from './args';
import * as help from './help';
import { APP_VERSION } from './paths';

type Run = (argv: string[]) => Promise<number>;

interface Command {
  help: string;
  /** The command's module is imported only when the command runs: `balai --help` loads none of them. */
  load(): Promise<Run>;
}

/**
 * `balai <area> [verb]`: each entry is one command; its help text (in help.ts) starts with its usage. A new
 * command is a module in commands/ plus one line here; the build bundles whatever these imports reach.
 */
const COMMANDS: Record<string, Command> = {
  serve: { help: help.serveHelp, load: async () => (await import('./commands/serve')).serve },
  setup: { help: help.setupHelp, load: async () => (await import('./commands/setup')).setup },
  demo: { help: help.demoHelp, load: async () => (await import('./commands/demo')).demo },
  course: { help: help.courseHelp, load: async () => (await import('./commands/course')).course },
  questions: { help: help.questionsHelp, load: async () => (await import('./commands/questions')).questions },
  cert: { help: help.certHelp, load: async () => (await import('./commands/cert')).cert },
  bundle: { help: help.bundleHelp, load: async () => (await import('./commands/bundle')).bundle },
  receipt: { help: help.receiptHelp, load: async () => (await import('./commands/bundle')).receipt },
  keygen: { help: help.keygenHelp, load: async () => (await import('./commands/keys')).keygen },
  pki: { help: help.pkiHelp, load: async () => (await import('./commands/pki')).pki },
  backup: { help: help.backupHelp, load: async () => (await import('./commands/backup')).backup },
  update: { help: help.updateHelp, load: async () => (await import('./commands/update')).update },
  lrs: { help: help.lrsHelp, load: async () => (await import('./commands/lrs')).lrs },
  upload: { help: help.uploadHelp, load: async () => (await import('./commands/lrs')).upload },
  hub: { help: help.hubHelp, load: async () => (await import('./commands/hub')).hub },
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

/** Runs one `balai` command line (without `node` and the script) and answers its exit code. */
export async function main(argv: string[]): Promise<number> {
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
  if (wantsHelp(rest)) {
    if (!helpKnows(command.help, rest)) {
      console.error(
        `unknown command: balai ${name} ${rest.filter((a) => !a.startsWith('-')).join(' ')}\n\n${command.help}`,
      );
      return 2;
    }
    console.log(command.help);
    return 0;
  }
  try {
    const run = await command.load();
    return await run(rest);
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
