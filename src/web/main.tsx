import { ConvexAuthProvider } from "@convex-dev/auth/react";
import { ConvexReactClient } from "convex/react";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import "./styles.css";

const root = createRoot(document.getElementById("root")!);
const convexUrl = import.meta.env.VITE_CONVEX_URL as string | undefined;

if (!convexUrl) {
  root.render(
    <p className="setup-error">
      VITE_CONVEX_URL is not set. Run <code>npm start</code> for the local stack, or set it to your Convex
      deployment&apos;s URL (see the README).
    </p>,
  );
} else {
  // The local backend speaks Convex's protocol on a plain http:// URL, which the client would reject.
  const client = new ConvexReactClient(convexUrl, { skipConvexDeploymentUrlCheck: true });
  root.render(
    <StrictMode>
      <ConvexAuthProvider client={client}>
        <App />
      </ConvexAuthProvider>
    </StrictMode>,
  );
}
