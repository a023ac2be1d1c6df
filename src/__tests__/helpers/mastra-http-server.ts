/** The local stack's in-process Mastra REST server, which the tests start on a free port. */
export { startMastraHttpServer } from "../../stack/mastra-http-server";
