import { useQuery } from "convex/react";
import { api } from "../../server/_generated/api";
import { useNow } from "../ui/use-now";
import { AgreedDeal } from "./AgreedDeal";
import { ReplyPanel } from "./ReplyPanel";
import { RequestedProducts } from "./RequestedProducts";
import { StageNotice } from "./StageNotice";
import { SupplierConversation } from "./SupplierConversation";
import { standingAsk, type SupplierView } from "./supplier-view";

/**
 * The page a supplier answering in person opens from their private link: no account and none of
 * the buyer's app around it. Every link that does not open gets the same plain answer.
 */
export function SupplierPage({ token }: { token: string }) {
  const view = useQuery(api.supplierPortal.view, { token });
  return (
    <div className="app supplier-app">
      <header className="topbar">
        <span className="home">Supplier negotiations</span>
      </header>
      <main className="supplier-page" data-testid="supplier-page">
        {view === undefined ? (
          <p className="muted centered">Loading…</p>
        ) : view === null ? (
          <LinkClosed />
        ) : (
          <SupplierNegotiation token={token} view={view} />
        )}
      </main>
    </div>
  );
}

function LinkClosed() {
  return (
    <section className="card link-closed" data-testid="link-closed" aria-labelledby="closed-title">
      <h1 id="closed-title">This link does not open</h1>
      <p className="muted">
        It may have expired, or it was replaced by a newer link. Ask the person who sent it to you for a new one.
      </p>
    </section>
  );
}

function SupplierNegotiation({ token, view }: { token: string; view: SupplierView }) {
  const now = useNow(30_000);
  // Past the time to reply the server takes no reply; the form goes until the negotiation says it ended.
  const late = view.replyBy !== undefined && view.replyBy <= now;
  const ask = view.stage === "your-turn" && !late ? standingAsk(view) : undefined;
  // Beside the conversation (below it on a phone): the reply while it is their turn, the deal once agreed.
  const side = ask ? (
    <ReplyPanel key={ask.sequence} token={token} view={view} ask={ask.terms} />
  ) : view.stage === "agreed" && view.agreedTerms ? (
    <AgreedDeal view={view} terms={view.agreedTerms} />
  ) : null;
  return (
    <div className={`supplier-body${side ? " with-side" : ""}`}>
      <div className="supplier-head">
        <h1>Quote request from {view.buyerName}</h1>
        <p className="muted">
          For {view.supplierName}. {view.buyerName}&apos;s negotiator, an AI acting for them, writes here; you answer in
          person. Keep this link to yourself: anyone who has it can reply for you.
        </p>
      </div>
      <StageNotice view={view} now={now} />
      <div className="supplier-layout">
        <div className="stack">
          <RequestedProducts products={view.products} />
          <SupplierConversation view={view} linkKey={token} />
        </div>
        {side}
      </div>
    </div>
  );
}
