/** "Round 2 of 4" with a bar, for one negotiation. */
export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const percent = max > 0 ? Math.round((Math.min(value, max) / max) * 100) : 0;
  return (
    <div className="progress" data-testid="round">
      <span>{label}</span>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={Math.min(value, max)}
      >
        {percent > 0 && <div className="progress-fill" style={{ width: `${percent}%` }} />}
      </div>
    </div>
  );
}
