import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { playTurn } from "../../mastra/models/local/play-turn";
import { seededRandom } from "../../mastra/models/local/seeded-random";
import { extractTurnState } from "../../mastra/protocol/turn-state";

export interface ChatRequest {
  authorization: string | undefined;
  model: string;
  stream: boolean;
  responseFormat: { type: string } | undefined;
  /** Every message of the request as sent, role and text: what the model was shown. */
  messages: { role: string; text: string }[];
}

interface ChatBody {
  model: string;
  stream?: boolean;
  response_format?: { type: string };
  messages: { role: string; content: string | { type: string; text?: string }[] }[];
}

/**
 * An OpenAI-compatible Chat Completions endpoint on loopback, standing in for OpenAI (which this
 * machine cannot reach). It answers like an obliging LLM, playing the negotiation state in the
 * prompt by the local strategy, in OpenAI's wire format: JSON bodies, or SSE chunks when streaming.
 */
export async function startOpenAIStandIn() {
  const requests: ChatRequest[] = [];
  const server = createServer((req, res) => {
    readJson(req)
      .then((body) => {
        const messages = body.messages.map((m) => ({
          role: m.role,
          text: typeof m.content === "string" ? m.content : m.content.map((p) => p.text ?? "").join(""),
        }));
        requests.push({
          authorization: req.headers.authorization,
          model: body.model,
          stream: Boolean(body.stream),
          responseFormat: body.response_format,
          messages,
        });
        const prompt = messages.map((m) => m.text).join("\n");
        const state = extractTurnState(prompt);
        if (!state) {
          res.writeHead(400, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: { message: "no negotiation state", type: "invalid_request_error" } }));
          return;
        }
        const random = seededRandom(1, `${state.supplierId}|${state.round}|${state.role}|${state.phase}`);
        const system = messages
          .filter((m) => m.role === "system")
          .map((m) => m.text)
          .join("\n");
        const text = playTurn(state, system, { random, seed: 0, structured: Boolean(body.response_format) });
        const usage = { prompt_tokens: Math.ceil(prompt.length / 4), completion_tokens: Math.ceil(text.length / 4) };
        const base = { id: `chatcmpl-${requests.length}`, created: Math.floor(Date.now() / 1000), model: body.model };
        if (!body.stream) {
          res.writeHead(200, { "content-type": "application/json" });
          res.end(
            JSON.stringify({
              ...base,
              object: "chat.completion",
              choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
              usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
            }),
          );
          return;
        }
        res.writeHead(200, { "content-type": "text/event-stream" });
        const chunk = (delta: object, finish: string | null) =>
          `data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
        res.write(chunk({ role: "assistant", content: "" }, null));
        for (const word of text.match(/\S+\s*/g) ?? []) res.write(chunk({ content: word }, null));
        res.write(chunk({}, "stop"));
        res.write(
          `data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices: [], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } })}\n\n`,
        );
        res.end("data: [DONE]\n\n");
      })
      .catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readJson(req: IncomingMessage): Promise<ChatBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as ChatBody;
}
