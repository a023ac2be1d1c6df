/** A score from 0 to 100 as a filled bar and its number. */
export function Meter({ value, label }: { value: number; label: string }) {
  const percent = Math.max(0, Math.min(100, value));
  return (
    <div className="meter">
      <div className="meter-track" aria-hidden="true">
        <div className="meter-fill" style={{ width: `${percent}%` }} />
      </div>
      <strong aria-label={label}>{Math.round(percent)}</strong>
    </div>
  );
}
