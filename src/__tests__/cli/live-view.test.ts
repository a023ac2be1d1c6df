import { describe, expect, it } from "vitest";
import { createLiveView } from "../../cli/live-view";
import { syntheticSuppliers } from "../../../bench/synthetic-suppliers";
import { capturedOutput } from "../helpers/captured-output";

describe("the live view's typing panel", () => {
  it("keeps to the terminal's height with 50 suppliers: who is typing first, the rest counted", () => {
    const out = Object.assign(capturedOutput(100), { isTTY: true, rows: 12 });
    const suppliers = syntheticSuppliers(50);
    const view = createLiveView(out, suppliers);
    const typing = suppliers[37]!;
    view.handle({
      type: "status-change",
      negotiationId: "n-0",
      supplierId: suppliers[0]!.id,
      status: "completed",
      round: 2,
    });
    view.handle({
      type: "message-start",
      negotiationId: `n-37`,
      supplierId: typing.id,
      sequence: 0,
      round: 1,
      sender: "supplier",
    });
    view.handle({
      type: "message-delta",
      negotiationId: `n-37`,
      supplierId: typing.id,
      sequence: 0,
      round: 1,
      sender: "supplier",
      delta: "Thanks for the order",
    });
    const lastFrame = out.text().slice(out.text().lastIndexOf(typing.name));
    expect(lastFrame).toContain("supplier typing: Thanks for the order");
    // Seven lanes and a count line fit in 12 rows less the margin: the typing one, six others,
    // and 43 more, among them the one that finished.
    expect(lastFrame).toContain("… and 43 more: 42 negotiating, 1 finished");
    view.finish();
  });
});
