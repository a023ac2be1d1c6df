import { Bar, BarChart, Cell, LabelList, ResponsiveContainer, XAxis, YAxis } from "recharts";
import { formatMoney } from "../../domain/money";
import { describePaymentTerms } from "../ui/plain-words";
import { Meter } from "../ui/Meter";
import { scoreMeaning, type Priorities, type RankedDeal } from "./why-it-won";

const ROW_PX = 34;
const shortMoney = (value: number) => `$${Math.round(value).toLocaleString("en-US")}`;

/** Every agreed deal side by side: totals as bars, then the facts and the score in a table. */
export function DealComparison({
  ranking,
  winnerId,
  priorities,
}: {
  ranking: readonly RankedDeal[];
  winnerId: string;
  priorities: Priorities;
}) {
  const bars = ranking.map((deal) => ({
    name: deal.supplierName,
    total: deal.totalPrice,
    winner: deal.supplierId === winnerId,
  }));
  return (
    <div className="result-grid">
      <figure className="chart" data-testid="deals-chart">
        <h3>Every deal, side by side</h3>
        <div aria-hidden="true" style={{ height: bars.length * ROW_PX + 16 }}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart
              data={bars}
              layout="vertical"
              margin={{ top: 4, right: 72, bottom: 4, left: 4 }}
              accessibilityLayer={false}
            >
              <XAxis type="number" hide domain={[0, "dataMax"]} />
              <YAxis
                type="category"
                dataKey="name"
                width={130}
                tick={{ fontSize: 12, fill: "#141b2d" }}
                tickLine={false}
              />
              <Bar dataKey="total" barSize={18} radius={[0, 4, 4, 0]} isAnimationActive={false}>
                {bars.map((bar) => (
                  <Cell key={bar.name} fill={bar.winner ? "#14622f" : "#8a92a3"} />
                ))}
                <LabelList
                  dataKey="total"
                  position="right"
                  formatter={(v) => shortMoney(Number(v))}
                  style={{ fontSize: 12, fill: "#141b2d" }}
                />
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
        <figcaption className="sr-only">
          {bars.map((bar) => `${bar.name}: ${formatMoney(bar.total)}${bar.winner ? " (recommended)" : ""}`).join("; ")}
        </figcaption>
      </figure>
      <div>
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Deals compared">
          <table className="data-table" data-testid="ranking">
            <thead>
              <tr>
                <th scope="col">Supplier</th>
                <th scope="col" className="num">
                  Total
                </th>
                <th scope="col">Score</th>
                <th scope="col" className="num">
                  Delivery
                </th>
                <th scope="col">Payment</th>
              </tr>
            </thead>
            <tbody>
              {ranking.map((deal) => (
                <tr key={deal.supplierId} className={deal.supplierId === winnerId ? "winner" : ""}>
                  <td>{deal.supplierName}</td>
                  <td className="num">{formatMoney(deal.totalPrice)}</td>
                  <td>
                    <Meter value={deal.score * 100} label={`score ${Math.round(deal.score * 100)} of 100`} />
                  </td>
                  <td className="num">{deal.leadTimeDays} days</td>
                  <td>{describePaymentTerms(deal.paymentTerms)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted small" data-testid="score-meaning">
          {scoreMeaning(priorities)}
        </p>
      </div>
    </div>
  );
}
