import { verifyUpdateFolder } from '../../core/updates/folder';
import { signUpdateFolder } from '../../core/updates/sign';
import { UPDATE_PLATFORMS, type UpdatePlatform } from '../../core/updates/update-format';
import { isUpdateChannel, parseSemver } from '../../core/updates/version';
import { parse, Refused, UsageError } from '../args';
import { cliTrust, readSigner } from '../trust';

const isPlatform = (value: string): value is UpdatePlatform =>
  (UPDATE_PLATFORMS as readonly string[]).includes(value);

function platformOf(value: string | undefined): UpdatePlatform {
  const platform = value ?? 'win32';
  if (!isPlatform(platform)) throw new UsageError(`--platform must be one of ${UPDATE_PLATFORMS.join(', ')}`);
  return platform;
}

export async function update(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  switch (verb) {
    case 'sign': {
      const { values, positionals } = parse(
        rest,
        { key: { type: 'string' }, cert: { type: 'string' }, platform: { type: 'string' } },
        true,
      );
      if (!positionals[0] || !values.key || !values.cert)
        throw new UsageError('update sign <dir> --key FILE --cert CHAIN');
      const signer = readSigner(values.key, values.cert, 'app-updates');
      const signed = await signUpdateFolder(positionals[0], signer, platformOf(values.platform), new Date());
      if (!signed.ok)
        throw new Refused(`cannot sign: ${signed.message}`, 'Folder pembaruan tidak dapat ditandatangani.');
      for (const r of signed.signed.releases)
        console.log(`${r.channelFile}: ${r.version} (${r.installer}), signed by ${signer.key.keyId}`);
      return 0;
    }
    case 'verify': {
      const { values, positionals } = parse(
        rest,
        {
          data: { type: 'string' },
          current: { type: 'string' },
          channel: { type: 'string' },
          platform: { type: 'string' },
          json: { type: 'boolean', default: false },
        },
        true,
      );
      if (!positionals[0]) throw new UsageError('update verify <dir>');
      // Without --channel every release counts (alpha takes all three channels).
      const channel: unknown = values.channel ?? 'alpha';
      if (!isUpdateChannel(channel)) throw new UsageError('--channel must be latest, beta or alpha');
      if (values.current !== undefined && !parseSemver(values.current))
        throw new UsageError('--current must be a version such as 1.2.0');
      const checked = await verifyUpdateFolder(positionals[0], {
        trust: cliTrust(values.data ?? process.env.BALAI_DATA),
        platform: platformOf(values.platform),
        channel,
        running: values.current,
      });
      if (!checked.ok)
        throw new Refused(`refused (${checked.code}): ${checked.message}`, 'Folder pembaruan ditolak.');
      const { update } = checked;
      const out = {
        version: update.release.version,
        channel: update.release.channel,
        platform: update.signed.platform,
        installer: update.installer.url,
        size: update.installer.size,
        sha512: update.installer.sha512,
        publisher: update.key.name,
        keyId: update.key.keyId,
        releases: update.signed.releases.map((r) => ({ channel: r.channel, version: r.version })),
      };
      console.log(
        values.json
          ? JSON.stringify(out)
          : `ok: ${out.version} (${out.channel}, ${out.platform}) ${out.installer}, ${out.size} bytes, signed by ${out.publisher} (${out.keyId})`,
      );
      return 0;
    }
    default:
      throw new UsageError(`unknown update command: ${verb ?? '(none)'}`);
  }
}
