/** A big progress bar with the stage in words above it ("Menulis ke flashdisk… 42%"). */
export function StageProgress({
  percent,
  stageText,
  label,
}: {
  percent: number;
  /** What is happening now, in words. */
  stageText: string;
  /** The bar's accessible name. */
  label: string;
}) {
  return (
    <div className="progress task-progress">
      <p className="progress-text stage-text">
        <span data-testid="stage">{stageText}</span> <span className="muted">{percent}%</span>
      </p>
      <div
        className="progress-bar progress-bar-big"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}% · ${stageText}`}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
