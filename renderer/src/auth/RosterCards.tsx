import { useTranslation } from 'react-i18next';
import type { RosterCard } from '../../../main/api/auth';
import { formatTime } from '../i18n/format';
import { jabatanLabel } from '../shared/jabatan';
import { CardPicture } from '../shared/Picture';

/** Learners as big name cards, with their photo or picture; a locked card says until when. */
export function RosterCards({
  cards,
  onPick,
  label,
}: {
  cards: RosterCard[];
  onPick: (card: RosterCard) => void;
  label: string;
}) {
  const { t } = useTranslation();
  return (
    <ul className="roster" aria-label={label}>
      {cards.map((card) => (
        <li key={card.id}>
          <button
            type="button"
            className={`name-card ${card.lockedUntil ? 'locked' : ''}`}
            data-account={card.id}
            onClick={() => onPick(card)}
          >
            <CardPicture picture={card.picture} />
            <span className="name-card-name">{card.fullName}</span>
            <span className="name-card-jabatan">{jabatanLabel(card.jabatan)}</span>
            {card.lockedUntil && (
              <span className="name-card-lock">
                {t('home.lockedUntil', { time: formatTime(card.lockedUntil) })}
              </span>
            )}
          </button>
        </li>
      ))}
    </ul>
  );
}
