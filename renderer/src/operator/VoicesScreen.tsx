import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Screen } from '../shared/Screen';
import { describeVoices, loadVoices, pickVoice, type VoiceInfo } from '../voice/voices';
import { OperatorNav } from './OperatorNav';
import { SettingsTabs } from './SettingsTabs';

/**
 * Pengaturan → Suara: which voices this PC has for "Dengarkan", which one reads (an Indonesian voice that
 * runs on this PC), and how to add Windows' Indonesian voice when there is none.
 */
export function VoicesScreen() {
  const { t } = useTranslation();
  const [voices, setVoices] = useState<{ all: VoiceInfo[]; chosen: string | null } | null>(null);

  useEffect(() => {
    let live = true;
    void loadVoices().then((list) => {
      if (live) setVoices({ all: describeVoices(list), chosen: pickVoice(list)?.name ?? null });
    });
    return () => {
      live = false;
    };
  }, []);

  const indonesian = voices?.all.filter((v) => v.indonesian) ?? [];
  return (
    <>
      <OperatorNav />
      <Screen name="operator-voices" title={t('settings.title')} wide>
        <SettingsTabs />
        <h2>{t('voices.heading')}</h2>
        <p className="lead">{t('voices.intro')}</p>
        {!voices ? (
          <p role="status">{t('common.loading')}</p>
        ) : (
          <>
            <p
              className={voices.chosen ? 'notice notice-ok' : 'notice'}
              role="status"
              data-testid="voice-chosen"
            >
              {voices.chosen ? t('voices.chosen', { name: voices.chosen }) : t('voices.none')}
            </p>
            {indonesian.length > 0 && (
              <table className="table">
                <caption>{t('voices.tableCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('voices.name')}</th>
                    <th scope="col">{t('voices.lang')}</th>
                    <th scope="col">{t('voices.where')}</th>
                  </tr>
                </thead>
                <tbody>
                  {indonesian.map((v) => (
                    <tr key={`${v.name}/${v.lang}`}>
                      <td>{v.name}</td>
                      <td>{v.lang}</td>
                      <td>{v.local ? t('voices.local') : t('voices.online')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <p className="muted">{t('voices.others', { count: voices.all.length - indonesian.length })}</p>
          </>
        )}
        <h2>{t('voices.addHeading')}</h2>
        <ol>
          <li>{t('voices.add1')}</li>
          <li>{t('voices.add2')}</li>
          <li>{t('voices.add3')}</li>
          <li>{t('voices.add4')}</li>
        </ol>
        <p className="muted">{t('voices.narrationNote')}</p>
      </Screen>
    </>
  );
}
