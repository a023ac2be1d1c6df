import { FieldError } from "./FieldError";
import type { FieldErrors } from "./field-errors";

export const PRIORITIES = ["price", "quality", "speed", "reliability"] as const;
export type PriorityName = (typeof PRIORITIES)[number];
export type PriorityWeights = Record<PriorityName, number>;

const LABEL: Record<PriorityName, string> = {
  price: "Price",
  quality: "Quality",
  speed: "Speed",
  reliability: "Reliability",
};

/** How much each criterion counts when the deals are compared, 0 to 10. */
export function PrioritySliders({
  priorities,
  setPriorities,
  errors,
}: {
  priorities: PriorityWeights;
  setPriorities: (priorities: PriorityWeights) => void;
  errors: FieldErrors;
}) {
  return (
    <fieldset className="card">
      <legend>What matters most</legend>
      <p className="hint">Each deal is scored by these weights: 0 ignores a criterion, 10 counts it most.</p>
      <FieldError errors={errors} field="priorities" />
      {PRIORITIES.map((name) => (
        <label className="slider" key={name}>
          <span>{LABEL[name]}</span>
          <input
            type="range"
            name={`priorities.${name}`}
            min={0}
            max={10}
            value={priorities[name]}
            onChange={(e) => setPriorities({ ...priorities, [name]: Number(e.target.value) })}
          />
          <output>{priorities[name]}</output>
          <FieldError errors={errors} field={`priorities.${name}`} />
        </label>
      ))}
    </fieldset>
  );
}
