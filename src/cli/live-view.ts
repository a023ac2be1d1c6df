import { createLogUpdate } from "log-update";
import { styleText } from "node:util";
import wrapAnsi from "wrap-ansi";
import type { NegotiationStatus } from "../mastra/negotiation/negotiation-types";
import type { NegotiationEvent } from "../mastra/workflows/negotiation-events";
import { formatMessage, formatStatus, supplierColor } from "./format";

interface Lane {
  name: string;
  index: number;
  status: NegotiationStatus;
  round: number;
  typing?: { sender: string; text: string };
  /** When this lane last heard from the engine: a long silence means a model call is pending. */
  lastEventAt: number;
}

/** A silence longer than this shows as waiting, with its length, so a hung model is visible. */
const WAITING_AFTER_MS = 2_000;

/**
 * Shows every negotiation as it happens: finished messages scroll by, interleaved across
 * suppliers, and on a terminal a panel underneath shows who is typing right now, word by word.
 * Piped output gets the finished messages and status changes only.
 */
/** Where the demo prints: a terminal (live panel, colours, width) or any other stream. */
export type TerminalOutput = NodeJS.WritableStream & {
  isTTY?: boolean;
  columns?: number;
  rows?: number;
  hasColors?: () => boolean;
};

/** Lanes typing come first in the panel, then those still negotiating, then the finished. */
function panelOrder(lane: Lane): number {
  if (lane.typing) return 0;
  return lane.status === "active" || lane.status === "pending" ? 1 : 2;
}

export function createLiveView(out: TerminalOutput, suppliers: readonly { id: string; name: string }[]) {
  const interactive = Boolean(out.isTTY);
  const width = () => out.columns || 100;
  const lanes = new Map<string, Lane>(
    suppliers.map((s, index) => [s.id, { name: s.name, index, status: "pending", round: 0, lastEventAt: Date.now() }]),
  );
  let panel = interactive ? createLogUpdate(out) : undefined;

  const print = (text: string) => {
    // Every printed block ends in a blank line, so messages read one by one.
    if (panel) panel.persist(`${text}\n`);
    else out.write(`${text}\n`);
  };

  const renderPanel = () => {
    if (!panel) return;
    // One line per lane while they fit; with many suppliers (up to 50) the panel keeps to the
    // terminal's height, showing who is typing first and counting the rest.
    const room = Math.max(3, (out.rows || 24) - 4);
    const all = [...lanes.values()];
    const shown =
      all.length <= room
        ? all
        : [...all].sort((a, b) => panelOrder(a) - panelOrder(b) || a.index - b.index).slice(0, room - 1);
    const rows = shown.map((lane) => {
      const tag = styleText(["bold", supplierColor(lane.index)], lane.name.padEnd(18));
      if (!lane.typing) {
        const silentMs = Date.now() - lane.lastEventAt;
        const waiting =
          lane.status === "active" && silentMs >= WAITING_AFTER_MS
            ? ` · waiting for the model ${Math.floor(silentMs / 1000)} s`
            : "";
        return `${tag} ${formatStatus(lane.status)}${lane.round ? styleText("dim", ` · round ${lane.round}${waiting}`) : ""}`;
      }
      const label = `${lane.typing.sender} typing:`;
      // One terminal line per lane: keep the newest words that fit after the tag and label.
      const room = Math.max(10, width() - 18 - label.length - 4);
      const text = lane.typing.text.replace(/\s+/g, " ");
      const tail = text.length > room ? `…${text.slice(-(room - 1))}` : text;
      return `${tag} ${styleText("dim", label)} ${tail}`;
    });
    if (shown.length < all.length) {
      const hidden = all.filter((lane) => !shown.includes(lane));
      const negotiating = hidden.filter((lane) => panelOrder(lane) === 1).length;
      rows.push(
        styleText(
          "dim",
          `… and ${hidden.length} more: ${negotiating} negotiating, ${hidden.length - negotiating} finished`,
        ),
      );
    }
    panel(rows.join("\n"));
  };
  // Redrawn each second as well, so the length of a wait keeps counting while nothing arrives.
  let ticker = panel ? setInterval(renderPanel, 1_000) : undefined;
  ticker?.unref();
  const stopTicker = () => {
    clearInterval(ticker);
    ticker = undefined;
  };

  return {
    handle(event: NegotiationEvent): void {
      const lane = lanes.get(event.supplierId);
      if (!lane) return;
      lane.lastEventAt = Date.now();
      switch (event.type) {
        case "message-start":
          lane.round = event.round;
          lane.typing = { sender: event.sender, text: "" };
          break;
        case "message-delta":
          lane.typing = { sender: event.sender, text: (lane.typing?.text ?? "") + event.delta };
          break;
        case "message-end":
          delete lane.typing;
          print(`${formatMessage(event, lane.name, supplierColor(lane.index), width())}\n`);
          break;
        case "status-change":
          lane.status = event.status;
          lane.round = event.round;
          if (event.status !== "active") {
            print(
              wrapAnsi(
                styleText(["bold", supplierColor(lane.index)], `[${lane.name}]`) +
                  ` negotiation ${formatStatus(event.status)}${event.reason ? ` — ${event.reason}` : ""}`,
                Math.max(20, width() - 1),
              ) + "\n",
            );
          }
          break;
        case "offer-receive":
          break;
      }
      renderPanel();
    },
    finish(): void {
      stopTicker();
      panel?.clear();
      panel?.done();
    },
    /** Erases the panel and prints plainly from now on (e.g. once Ctrl-C has been echoed into it). */
    stopPanel(): void {
      stopTicker();
      panel?.clear();
      panel?.done();
      panel = undefined;
      out.write("\n");
    },
  };
}
