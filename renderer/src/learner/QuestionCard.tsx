import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuizQuestionView } from '../../../main/api/courses';
import { ReadAloud } from '../voice/ReadAloud';

/**
 * One question: the prompt as the legend, options as big radio buttons (or checkboxes when several are right),
 * and "Dengarkan", which reads the prompt and every option aloud.
 */
export function QuestionCard({
  question,
  chosen,
  onChange,
}: {
  question: QuizQuestionView;
  chosen: string[];
  onChange: (optionIds: string[]) => void;
}) {
  const { t } = useTranslation();
  const name = useId();
  const multiple = question.kind === 'multiple';
  const card = useRef<HTMLFieldSetElement>(null);
  return (
    <fieldset ref={card} className="question" data-question={question.id}>
      <legend className="question-prompt">{question.prompt}</legend>
      <ReadAloud target={card} />
      {multiple && <p className="hint">{t('quiz.chooseAll')}</p>}
      <div className="options">
        {question.options.map((option) => {
          const checked = chosen.includes(option.id);
          return (
            <label key={option.id} className={`option ${checked ? 'checked' : ''}`}>
              <input
                type={multiple ? 'checkbox' : 'radio'}
                name={name}
                value={option.id}
                checked={checked}
                onChange={() =>
                  onChange(
                    multiple
                      ? checked
                        ? chosen.filter((id) => id !== option.id)
                        : [...chosen, option.id]
                      : [option.id],
                  )
                }
              />
              <span>{option.text}</span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
