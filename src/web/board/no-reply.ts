import { dateAndTime } from "../ui/relative-date";

/**
 * A supplier answering in person who let their time to reply run out. The service writes the
 * deadline as an ISO timestamp ("no reply: Porto Knitworks did not answer by 2026-12-06T10:00:00.000Z");
 * you read it in your own time zone.
 */
export function noReplyReason(error: string): string | undefined {
  const match = error.match(/^no reply: (.+) did not answer by (\S+)$/);
  if (!match) return undefined;
  const deadline = Date.parse(match[2]!);
  const by = Number.isNaN(deadline) ? match[2]! : dateAndTime(deadline);
  return `No reply: ${match[1]!} did not answer by ${by}, so your negotiator stopped waiting.`;
}
