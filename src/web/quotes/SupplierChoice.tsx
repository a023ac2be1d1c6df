import type { FunctionReturnType } from "convex/server";
import type { api } from "../../server/_generated/api";

type Supplier = FunctionReturnType<typeof api.suppliers.list>[number];

const ANSWERS = [
  { value: "agent", label: "Their AI agent" },
  { value: "in-person", label: "In person (you send them a private link)" },
] as const;

/** One supplier of the directory: invite them or not, and once invited, who answers for them. */
export function SupplierChoice({
  supplier,
  invited,
  full,
  inPerson,
  toggle,
  setInPerson,
}: {
  supplier: Supplier;
  invited: boolean;
  /** The quote invites as many suppliers as it may: no more can be checked. */
  full: boolean;
  inPerson: boolean;
  toggle: (invited: boolean) => void;
  setInPerson: (answersInPerson: boolean) => void;
}) {
  return (
    <div className="supplier-choice">
      <label className="checkbox">
        <input
          type="checkbox"
          name="supplierIds"
          value={supplier.id}
          checked={invited}
          disabled={full}
          onChange={(e) => toggle(e.target.checked)}
        />
        {/* One text block beside the box, so the name and its details wrap together. */}
        <span>
          {supplier.name}{" "}
          <span className="muted">
            — {supplier.country}, quality {supplier.quality}/5, on time {Math.round(supplier.onTimeRate * 100)}%
          </span>
        </span>
      </label>
      {invited && (
        <div className="answers" role="radiogroup" aria-label={`Who answers for ${supplier.name}`}>
          {ANSWERS.map((answer) => (
            <label className="checkbox" key={answer.value}>
              <input
                type="radio"
                name={`answers-${supplier.id}`}
                value={answer.value}
                checked={inPerson === (answer.value === "in-person")}
                onChange={() => setInPerson(answer.value === "in-person")}
              />
              <span>{answer.label}</span>
            </label>
          ))}
        </div>
      )}
    </div>
  );
}
