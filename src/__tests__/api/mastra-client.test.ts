import { SUPPLIER_AGENT_ID } from "../../mastra/agents/supplier-agent";
import { MastraClient } from "@mastra/client-js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMastra } from "../../mastra/create-mastra";
import { SAMPLE_QUOTE } from "../../cli/sample-quote";
import { startMastraHttpServer } from "../helpers/mastra-http-server";

/*
 * The Mastra server as Studio and other programs use it: its REST API, through the official
 * client (`@mastra/client-js` 1.47.0, the release built against @mastra/core 1.68; the routes
 * used here are unchanged in the pinned 1.71). On the local model, offline.
 */

let server: Awaited<ReturnType<typeof startMastraHttpServer>>;
let client: MastraClient;

beforeAll(async () => {
  const mastra = createMastra(
    { model: { kind: "local", seed: 7, latencyMs: 0, tokenDelayMs: 0 }, storageUrl: ":memory:" },
    { TRANSCRIPT_DIR: mkdtempSync(path.join(tmpdir(), "api-")) },
  );
  server = await startMastraHttpServer(mastra);
  client = new MastraClient({ baseUrl: server.url });
});
afterAll(() => server.close());

describe("the Mastra REST API through @mastra/client-js", () => {
  it("chats with an agent in character and keeps the thread, as Studio's chat does", async () => {
    const agent = client.getAgent(SUPPLIER_AGENT_ID);
    const memory = { thread: "studio-thread-1", resource: "studio-user" };

    const first = await agent.generate("Hi, who are you?", { memory });
    expect(first.text).toMatch(/^Hello, I am the sales lead of Apex Textiles/);
    const second = await agent.generate("How do I start a negotiation?", { memory });
    expect(second.text).toContain("negotiation-workflow");

    const threads = await client.listMemoryThreads({ resourceId: "studio-user", agentId: SUPPLIER_AGENT_ID });
    expect(threads.threads.map((t) => t.id)).toContain("studio-thread-1");
    const { messages } = await client
      .getMemoryThread({ threadId: "studio-thread-1", agentId: SUPPLIER_AGENT_ID })
      .listMessages();
    expect(messages).toMatchObject([{ role: "user" }, { role: "assistant" }, { role: "user" }, { role: "assistant" }]);
  });

  it("runs the negotiation workflow to a recommendation", async () => {
    const run = await client.getWorkflow("negotiationWorkflow").createRun();
    const outcome = await run.startAsync({
      inputData: {
        ...SAMPLE_QUOTE,
        quoteId: "client-js-quote",
        userId: "client-js",
        negotiationIds: ["n-apex", "n-porto", "n-anatolia"],
        maxRounds: 3,
      },
    });
    // The run waits for the buyer; Studio resumes it the same way, with the documented resume data.
    expect(outcome.status).toBe("suspended");
    const waiting = (outcome as { steps: Record<string, { suspendPayload?: { recommendedSupplierId?: string } }> }).steps;
    const supplierId = waiting["await-decision"]?.suspendPayload?.recommendedSupplierId;
    expect(supplierId).toEqual(expect.any(String));
    const closed = await run.resumeAsync({ step: "await-decision", resumeData: { decision: "award", supplierId } });
    expect(closed.status).toBe("success");
    const result = (closed as { result?: { recommendation?: { explanation?: string }; results?: unknown[] } }).result;
    expect(result?.results).toHaveLength(3);
    expect(result?.recommendation?.explanation).toMatch(/^(We recommend|No supplier reached)/);
  });
});
