import { useAuthActions } from "@convex-dev/auth/react";
import { AuthLoading, Authenticated, Unauthenticated } from "convex/react";
import { SignIn } from "./auth/SignIn";
import { LiveBoard } from "./board/LiveBoard";
import { ConnectionBanner } from "./ConnectionBanner";
import { PurchaseOrderPage } from "./order/PurchaseOrderPage";
import { QuoteForm } from "./quotes/QuoteForm";
import { QuoteList } from "./quotes/QuoteList";
import { navigate, useRoute } from "./route";

export function App() {
  return (
    <>
      <ConnectionBanner />
      <AuthLoading>
        <main>
          <p className="muted centered">Loading…</p>
        </main>
      </AuthLoading>
      <Unauthenticated>
        <SignIn />
      </Unauthenticated>
      <Authenticated>
        <SignedIn />
      </Authenticated>
    </>
  );
}

function SignedIn() {
  const { signOut } = useAuthActions();
  const route = useRoute();
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
