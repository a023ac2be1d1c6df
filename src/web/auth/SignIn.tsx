import { useAuthActions } from "@convex-dev/auth/react";
import { useState, type FormEvent } from "react";

/** Email and password (a password account): sign in, or create an account. */
export function SignIn() {
  const { signIn } = useAuthActions();
  const [flow, setFlow] = useState<"signIn" | "signUp">("signIn");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    form.set("flow", flow);
    setBusy(true);
    setError(null);
    try {
      await signIn("password", form);
    } catch (caught) {
      setError(describeSignInError(caught, flow));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <h1>Supplier negotiations</h1>
      <p className="muted">
        Ask for a quote and watch your negotiator bargain with every supplier at once, then pick the best deal.
      </p>
      <form onSubmit={(event) => void submit(event)} className="card">
        <h2>{flow === "signIn" ? "Sign in" : "Create an account"}</h2>
        <label>
          Email
          <input name="email" type="email" autoComplete="email" required />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete={flow === "signIn" ? "current-password" : "new-password"}
            minLength={8}
            required
          />
        </label>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {flow === "signIn" ? "Sign in" : "Sign up"}
        </button>
        <button type="button" className="link" onClick={() => setFlow(flow === "signIn" ? "signUp" : "signIn")}>
          {flow === "signIn" ? "No account yet? Sign up" : "Have an account? Sign in"}
        </button>
      </form>
    </main>
  );
}

function describeSignInError(error: unknown, flow: "signIn" | "signUp"): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/InvalidSecret|InvalidAccountId/.test(message)) return "Wrong email or password.";
  if (/already exists/.test(message)) return "An account with this email already exists: sign in instead.";
  if (/Invalid password/.test(message)) return "The password must be at least 8 characters.";
  return flow === "signIn" ? "Could not sign in. Try again." : "Could not create the account. Try again.";
}
