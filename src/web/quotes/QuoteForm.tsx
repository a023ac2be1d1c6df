import { useMutation, useQuery } from "convex/react";
import { useState, type FormEvent } from "react";
import type { ProductDetails } from "../../domain/products";
import { DEFAULT_REPLY_WITHIN_SECONDS } from "../../domain/quote";
import { MAX_SUPPLIERS_PER_QUOTE } from "../../domain/suppliers";
import { api } from "../../server/_generated/api";
import type { Id } from "../../server/_generated/dataModel";
import type { ProductView } from "./use-product-choices";
import { BuyerValuesFields } from "./BuyerValuesFields";
import { buyerValuesOf, EMPTY_BUYER_VALUES } from "./buyer-values";
import { checkQuote, serverFieldErrors, type FieldErrors } from "./field-errors";
import { FieldError } from "./FieldError";
import { PrioritySliders, type PriorityWeights } from "./PrioritySliders";
import type { LineDraft } from "./ProductLineRow";
import { ProductLines } from "./ProductLines";
import { ReplyTimeField } from "./ReplyTimeField";
import { SupplierPicker } from "./SupplierPicker";
import { useProductChoices } from "./use-product-choices";

/** Starts as a typical spring order, so a first-time visitor can just press the button. */
const INITIAL_LINES: LineDraft[] = [
  { productId: "organic-tshirt", quantity: "2000", maxUnitPrice: "6.00" },
  { productId: "canvas-tote", quantity: "800", maxUnitPrice: "3.30" },
];
const INITIAL_PRIORITIES: PriorityWeights = { price: 4, quality: 3, speed: 2, reliability: 1 };

/** A known product's details, to check a line as the server will; nothing for an unknown id. */
function productDetailsOf(product: ProductView | undefined): { product?: ProductDetails } {
  if (!product) return {};
  const { id: _id, own: _own, ...details } = product;
  return { product: details };
}

/** Empty text stays a string so the schema says "must be a number" rather than treating it as 0. */
const toNumber = (text: string): number | string => (text.trim() === "" ? text : Number(text));

/** Hours as typed, in the whole seconds the quote keeps (the schema judges what is left). */
const toSeconds = (hours: string): number | string => {
  const value = toNumber(hours);
  return typeof value === "number" ? Math.round(value * 3600) : value;
};

export function QuoteForm({ onCreated }: { onCreated: (quoteId: Id<"quotes">) => void }) {
  const create = useMutation(api.quotes.create);
  const [lines, setLines] = useState<LineDraft[]>(INITIAL_LINES);
  const choices = useProductChoices();
  const [priorities, setPriorities] = useState(INITIAL_PRIORITIES);
  const [maxLeadTimeDays, setMaxLeadTimeDays] = useState("45");
  const [buyerValues, setBuyerValues] = useState(EMPTY_BUYER_VALUES);
  const [userNotes, setUserNotes] = useState("GOTS-certified cotton only; our logo is screen-printed in two colours.");
  // The directory; until a checkbox is touched, the first 50 of it are invited.
  const suppliers = useQuery(api.suppliers.list, {});
  const [chosenIds, setChosenIds] = useState<string[] | null>(null);
  const supplierIds = chosenIds ?? (suppliers ?? []).slice(0, MAX_SUPPLIERS_PER_QUOTE).map((s) => s.id);
  // Who answers in person, of those invited; everyone else answers by their AI agent.
  const [inPersonIds, setInPersonIds] = useState<string[]>([]);
  const setInPerson = (id: string, answersInPerson: boolean) =>
    setInPersonIds((ids) => (answersInPerson ? [...ids.filter((i) => i !== id), id] : ids.filter((i) => i !== id)));
  const toggleSupplier = (id: string, checked: boolean) => {
    setChosenIds(checked ? [...supplierIds, id] : supplierIds.filter((chosen) => chosen !== id));
    // A supplier invited again starts with their agent, as every newly invited one does.
    if (!checked) setInPerson(id, false);
  };
  const inPersonSupplierIds = inPersonIds.filter((id) => supplierIds.includes(id));
  const [replyHours, setReplyHours] = useState(String(DEFAULT_REPLY_WITHIN_SECONDS / 3600));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = checkQuote({
      products: lines.map((line) => ({
        productId: line.productId,
        // Checked here as the server will check it: with the product it names.
        ...productDetailsOf(choices.productOf(line.productId)),
        quantity: toNumber(line.quantity),
        ...(line.maxUnitPrice.trim() === "" ? {} : { maxUnitPrice: toNumber(line.maxUnitPrice) }),
      })),
      priorities,
      ...buyerValuesOf(buyerValues),
      userNotes,
      ...(maxLeadTimeDays.trim() === "" ? {} : { maxLeadTimeDays: toNumber(maxLeadTimeDays) }),
      supplierIds,
      ...(inPersonSupplierIds.length > 0 ? { inPersonSupplierIds, replyWithinSeconds: toSeconds(replyHours) } : {}),
    });
    if ("errors" in checked) return setErrors(checked.errors);
    if (suppliers === undefined) return;
    setErrors({});
    setBusy(true);
    try {
      // The server takes products by id and copies them from your catalog itself.
      const products = checked.quote.products.map(({ product: _product, ...line }) => line);
      onCreated(await create({ ...checked.quote, products }));
    } catch (error) {
      setErrors(serverFieldErrors(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="quote-form" onSubmit={(event) => void submit(event)} noValidate>
      <h1>Request a quote</h1>
      <p className="muted">
        Your negotiator bargains with every supplier you invite at once; you watch each conversation live and get a
        recommendation at the end.
      </p>
      <ProductLines lines={lines} setLines={setLines} choices={choices} errors={errors} />
      <PrioritySliders priorities={priorities} setPriorities={setPriorities} errors={errors} />
      <fieldset className="card">
        <legend>Terms</legend>
        <label>
          Delivery within (days)
          <input
            name="maxLeadTimeDays"
            inputMode="numeric"
            value={maxLeadTimeDays}
            onChange={(e) => setMaxLeadTimeDays(e.target.value)}
          />
          <FieldError errors={errors} field="maxLeadTimeDays" />
        </label>
        <BuyerValuesFields draft={buyerValues} priorities={priorities} errors={errors} onChange={setBuyerValues} />
        <label>
          Private notes for your negotiator
          <span className="hint">Never shown to suppliers.</span>
          <textarea name="userNotes" rows={3} value={userNotes} onChange={(e) => setUserNotes(e.target.value)} />
          <FieldError errors={errors} field="userNotes" />
        </label>
      </fieldset>
      <SupplierPicker
        suppliers={suppliers}
        chosen={supplierIds}
        toggle={toggleSupplier}
        inPerson={inPersonSupplierIds}
        setInPerson={setInPerson}
        errors={errors}
      >
        {inPersonSupplierIds.length > 0 && (
          <ReplyTimeField hours={replyHours} setHours={setReplyHours} errors={errors} />
        )}
      </SupplierPicker>
      <FieldError errors={errors} field="(input)" />
      <button type="submit" className="primary" disabled={busy || suppliers === undefined}>
        {busy ? "Starting…" : "Start negotiating"}
      </button>
    </form>
  );
}
