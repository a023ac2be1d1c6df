import { httpRouter } from "convex/server";
import { auth } from "./auth";

/** Convex Auth's routes: `/.well-known/openid-configuration` and `/.well-known/jwks.json`. */
const http = httpRouter();
auth.addHttpRoutes(http);

export default http;
