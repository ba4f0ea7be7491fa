import { useTranslation } from 'react-i18next';
import { PLAIN_TOPICS, type PlainTopic } from './plainTopics';

/** "Selengkapnya": a folded explanation of the topic's words, opened with a tap. */
export function MoreAbout({ topic }: { topic: PlainTopic }) {
  const { t } = useTranslation();
  return (
    <details className="more-about" data-terms={PLAIN_TOPICS[topic].join('|')}>
      <summary>{t(`plain.${topic}.summary`)}</summary>
      <p>{t(`plain.${topic}.text`)}</p>
    </details>
  );
}
