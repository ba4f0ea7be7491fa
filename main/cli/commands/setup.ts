import { randomInt } from 'node:crypto';
import { JABATAN_CODES, type Jabatan } from '../../api/jabatan';
import { weakPinReason } from '../../api/pin-rules';
import { desaCode, fullName, pin as pinSchema } from '../../api/fields';
import { setUpKiosk } from '../../core/setup/setup';
import { dataDir, parse, Refused, UsageError } from '../args';
import { openCore } from '../core';

export function setup(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    data: { type: 'string' },
    desa: { type: 'string' },
    operator: { type: 'string' },
    jabatan: { type: 'string', default: 'sekretaris_desa' },
    pin: { type: 'string' },
    json: { type: 'boolean', default: false },
    'fast-hash': { type: 'boolean', default: false },
  });
  const desa = desaCode.safeParse(values.desa);
  if (!desa.success) throw new UsageError('--desa CODE is required, as NN.NN.NN.NNNN');
  const name = fullName.safeParse(values.operator);
  if (!name.success) throw new UsageError('--operator NAME is required (2–100 characters)');
  if (!(JABATAN_CODES as string[]).includes(values.jabatan))
    throw new UsageError(`unknown --jabatan ${values.jabatan}`);
  const pinGiven = values.pin ?? process.env.BALAI_OPERATOR_PIN;
  const pin = pinGiven ?? randomOperatorPin();
  if (!pinSchema.safeParse(pin).success) throw new UsageError('--pin must be 6 digits');

  const core = openCore(dataDir(values.data), { fastHash: values['fast-hash'], quiet: true });
  try {
    const result = setUpKiosk(core.services, {
      desaCode: desa.data,
      operator: { fullName: name.data, jabatan: values.jabatan as Jabatan, pin, isLearner: true },
    });
    if (!result.ok) {
      throw new Refused(
        `set-up refused: ${result.error.code} ${result.error.message}`,
        'Pengaturan ditolak.',
      );
    }
    const place = core.services.regions.desa(desa.data)!;
    const out = {
      desaCode: desa.data,
      desa: place.desa.name,
      kecamatan: place.kecamatan.name,
      kabupaten: place.kabupaten.name,
      provinsi: place.provinsi.name,
      deviceId: result.value.deviceId,
      operatorId: result.value.operatorId,
      recoveryCode: result.value.recoveryCode,
      ...(pinGiven ? {} : { operatorPin: pin }),
    };
    if (values.json) console.log(JSON.stringify(out));
    else {
      console.log(
        `Kiosk set up for Desa ${out.desa}, Kec. ${out.kecamatan}, ${out.kabupaten}, ${out.provinsi} (${out.desaCode}).`,
      );
      console.log(`Device id: ${out.deviceId}`);
      if (!pinGiven) console.log(`Operator PIN (write it down): ${pin}`);
      console.log(`Recovery code (shown once; keep it safe / simpan baik-baik): ${out.recoveryCode}`);
    }
    return Promise.resolve(0);
  } finally {
    core.close();
  }
}

/** A random operator PIN that the weak-PIN rules accept (they refuse about 1 in 50). */
function randomOperatorPin(): string {
  for (;;) {
    const pin = String(randomInt(0, 1_000_000)).padStart(6, '0');
    if (!weakPinReason(pin, { operator: true })) return pin;
  }
}
