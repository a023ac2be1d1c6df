import { useAuthActions } from "@convex-dev/auth/react";
import { AuthLoading, Authenticated, Unauthenticated } from "convex/react";
import { SignIn } from "./auth/SignIn";
import { LiveBoard } from "./board/LiveBoard";
import { ConnectionBanner } from "./ConnectionBanner";
import { PurchaseOrderPage } from "./order/PurchaseOrderPage";
import { QuoteForm } from "./quotes/QuoteForm";
import { QuoteList } from "./quotes/QuoteList";
import { navigate, useRoute, type Route } from "./route";
import { SupplierPage } from "./supplier/SupplierPage";

export function App() {
  const route = useRoute();
  return (
    <>
      <ConnectionBanner />
      {/* A supplier's private link opens their page with no account, whoever is signed in here. */}
      {route.page === "supplier" ? <SupplierPage token={route.token} /> : <BuyerApp route={route} />}
    </>
  );
}

/** The buyer's app: signed in, or the sign-in page. */
function BuyerApp({ route }: { route: Route }) {
  return (
    <>
      <AuthLoading>
        <main>
          <p className="muted centered">Loading…</p>
        </main>
      </AuthLoading>
      <Unauthenticated>
        <SignIn />
      </Unauthenticated>
      <Authenticated>
        <SignedIn route={route} />
      </Authenticated>
    </>
  );
}

function SignedIn({ route }: { route: Route }) {
  const { signOut } = useAuthActions();
  return (
    <div className="app">
      <header className="topbar">
        <a className="home" href="#/">
          Supplier negotiations
        </a>
        <nav aria-label="Main">
          <a href="#/" aria-current={route.page === "list" ? "page" : undefined}>
            My quotes
          </a>
          <a href="#/new" aria-current={route.page === "new" ? "page" : undefined}>
            New quote
          </a>
          <button type="button" className="link" onClick={() => void signOut()}>
            Sign out
          </button>
        </nav>
      </header>
      <main>
        {route.page === "board" ? (
          <LiveBoard quoteId={route.quoteId} />
        ) : route.page === "order" ? (
          <PurchaseOrderPage quoteId={route.quoteId} />
        ) : route.page === "new" ? (
          <QuoteForm onCreated={(quoteId) => navigate(`#/quotes/${quoteId}`)} />
        ) : (
          <QuoteList />
        )}
      </main>
    </div>
  );
}
