import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from "recharts";
import { formatMoney } from "../../domain/money";
import type { RoundPoint } from "./offer-history";

const thousands = (value: number) => `$${(value / 1000).toFixed(value >= 10_000 ? 0 : 1)}k`;
/** The two lines, each drawn in its own colour (--chart-supplier, --chart-negotiator). */
const SERIES = ["supplier", "negotiator"] as const;

/**
 * The offers round by round as a small chart: the supplier's total, your negotiator's, and your
 * limit as a line. The picture is for the eye; its caption says the same in words.
 */
export function OfferChart({ points, limit }: { points: RoundPoint[]; limit: number }) {
  if (points.length === 0) return null;
  const supplier = points.flatMap((p) => (p.supplier === undefined ? [] : [p.supplier]));
  const values = [...supplier, ...points.flatMap((p) => (p.negotiator === undefined ? [] : [p.negotiator])), limit];
  const low = Math.min(...values);
  const high = Math.max(...values);
  const pad = Math.max((high - low) * 0.15, high * 0.02);
  return (
    <figure className="chart" data-testid="offer-chart">
      <div aria-hidden="true" style={{ height: 120 }}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 6, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#e3e6eb" vertical={false} />
            <XAxis dataKey="round" tick={{ fontSize: 11, fill: "#4b5365" }} tickLine={false} />
            <YAxis
              width={44}
              domain={[Math.floor(low - pad), Math.ceil(high + pad)]}
              tickFormatter={thousands}
              tick={{ fontSize: 11, fill: "#4b5365" }}
              tickCount={3}
            />
            <ReferenceLine y={limit} stroke="var(--chart-limit)" strokeDasharray="4 3" />
            {SERIES.map((series) => (
              <Line
                key={series}
                dataKey={series}
                stroke={`var(--chart-${series})`}
                strokeWidth={2}
                dot={{ r: 2.5 }}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption>
        <span className="chart-legend">
          <span>
            <span className="swatch" style={{ background: "var(--chart-supplier)" }} />
            Supplier
          </span>
          <span>
            <span className="swatch" style={{ background: "var(--chart-negotiator)" }} />
            Your negotiator
          </span>
          <span>
            <span className="swatch" style={{ background: "var(--chart-limit)" }} />
            Your limit {formatMoney(limit)}
          </span>
        </span>
        <span className="sr-only">{describe(supplier, limit)}</span>
      </figcaption>
    </figure>
  );
}

function describe(supplier: number[], limit: number): string {
  const first = supplier[0];
  const last = supplier.at(-1);
  if (first === undefined || last === undefined) return `No supplier offer yet; your limit is ${formatMoney(limit)}.`;
  return `The supplier's total went from ${formatMoney(first)} to ${formatMoney(last)} over ${supplier.length} offer${supplier.length === 1 ? "" : "s"}; your limit is ${formatMoney(limit)}.`;
}
