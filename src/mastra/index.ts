import { createMastra } from "./create-mastra";

/** The one registry `mastra dev` serves: agents and the negotiation workflow, configured from env. */
export const mastra = createMastra();
