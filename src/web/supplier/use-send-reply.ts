import { useMutation } from "convex/react";
import { useState } from "react";
import type { SupplierReply } from "../../domain/supplier-reply";
import { api } from "../../server/_generated/api";
import type { FieldErrors } from "../quotes/field-errors";
import { checkReply, refusedReply } from "./reply-draft";
import type { SupplierReader } from "./supplier-words";

/**
 * Sends the supplier's reply through their link: checked here first, as the server will check it,
 * then sent once (a second press while one is on its way does nothing). Problems come back by field.
 */
export function useSendReply(token: string, reader: SupplierReader) {
  const reply = useMutation(api.supplierPortal.reply);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [sending, setSending] = useState<SupplierReply["decision"] | null>(null);
  const send = async (draft: unknown) => {
    if (sending) return;
    const checked = checkReply(draft, reader);
    if ("errors" in checked) return setErrors(checked.errors);
    setErrors({});
    setSending(checked.reply.decision);
    try {
      await reply({ token, reply: checked.reply });
    } catch (error) {
      setErrors(refusedReply(error, reader));
    } finally {
      setSending(null);
    }
  };
  return { send, sending, errors };
}
