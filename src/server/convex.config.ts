import { defineApp } from "convex/server";
import rateLimiter from "@convex-dev/rate-limiter/convex.config";

/** The app's Convex components: the rate limiter behind quote creation (rateLimit.ts). */
const app = defineApp();
app.use(rateLimiter);
export default app;
