import { ok } from '../../api/result';
import type { studioApi } from '../../api/questions';
import type { HandlerMap } from '../context';

export const studioHandlers: HandlerMap<typeof studioApi> = {
  'studio.questionTemplate': async () => {
    // exceljs is large: loaded with the first template asked for, as the reports' exports do.
    const { questionTemplate } = await import('../questions/template');
    return ok({
      fileName: 'templat-soal-balai-belajar.xlsx',
      base64: (await questionTemplate()).toString('base64'),
    });
  },
};
