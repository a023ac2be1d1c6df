/* eslint-disable */
/**
 * Generated `api` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type {
  ApiFromModules,
  FilterApi,
  FunctionReference,
} from "convex/server";
import type * as auth from "../auth.js";
import type * as decisionDelivery from "../decisionDelivery.js";
import type * as decisions from "../decisions.js";
import type * as http from "../http.js";
import type * as model_auditTrail from "../model/auditTrail.js";
import type * as model_boundedRetry from "../model/boundedRetry.js";
import type * as model_buyerName from "../model/buyerName.js";
import type * as model_catalog from "../model/catalog.js";
import type * as model_invitationEmail from "../model/invitationEmail.js";
import type * as model_mastraApi from "../model/mastraApi.js";
import type * as model_mastraUrl from "../model/mastraUrl.js";
import type * as model_messageAppend from "../model/messageAppend.js";
import type * as model_messageUpsert from "../model/messageUpsert.js";
import type * as model_negotiationClosing from "../model/negotiationClosing.js";
import type * as model_negotiationStatus from "../model/negotiationStatus.js";
import type * as model_ownership from "../model/ownership.js";
import type * as model_productCatalog from "../model/productCatalog.js";
import type * as model_purchaseOrder from "../model/purchaseOrder.js";
import type * as model_quoteInput from "../model/quoteInput.js";
import type * as model_quoteNegotiations from "../model/quoteNegotiations.js";
import type * as model_rateLimit from "../model/rateLimit.js";
import type * as model_recentQuotes from "../model/recentQuotes.js";
import type * as model_recommendationCheck from "../model/recommendationCheck.js";
import type * as model_runStart from "../model/runStart.js";
import type * as model_runWriteAccess from "../model/runWriteAccess.js";
import type * as model_streamedText from "../model/streamedText.js";
import type * as model_streamingMessages from "../model/streamingMessages.js";
import type * as model_supplierDirectory from "../model/supplierDirectory.js";
import type * as model_supplierLink from "../model/supplierLink.js";
import type * as model_supplierTurnDelivery from "../model/supplierTurnDelivery.js";
import type * as model_termsCheck from "../model/termsCheck.js";
import type * as model_validators from "../model/validators.js";
import type * as model_watchdogPolicy from "../model/watchdogPolicy.js";
import type * as negotiations from "../negotiations.js";
import type * as products from "../products.js";
import type * as quoteOverview from "../quoteOverview.js";
import type * as quotes from "../quotes.js";
import type * as supplierInvitations from "../supplierInvitations.js";
import type * as supplierLinks from "../supplierLinks.js";
import type * as supplierPortal from "../supplierPortal.js";
import type * as supplierTurns from "../supplierTurns.js";
import type * as suppliers from "../suppliers.js";
import type * as workflowTrigger from "../workflowTrigger.js";
import type * as workflowWatchdog from "../workflowWatchdog.js";

/**
 * A utility for referencing Convex functions in your app's API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = api.myModule.myFunction;
 * ```
 */
declare const fullApi: ApiFromModules<{
  auth: typeof auth;
  decisionDelivery: typeof decisionDelivery;
  decisions: typeof decisions;
  http: typeof http;
  "model/auditTrail": typeof model_auditTrail;
  "model/boundedRetry": typeof model_boundedRetry;
  "model/buyerName": typeof model_buyerName;
  "model/catalog": typeof model_catalog;
  "model/invitationEmail": typeof model_invitationEmail;
  "model/mastraApi": typeof model_mastraApi;
  "model/mastraUrl": typeof model_mastraUrl;
  "model/messageAppend": typeof model_messageAppend;
  "model/messageUpsert": typeof model_messageUpsert;
  "model/negotiationClosing": typeof model_negotiationClosing;
  "model/negotiationStatus": typeof model_negotiationStatus;
  "model/ownership": typeof model_ownership;
  "model/productCatalog": typeof model_productCatalog;
  "model/purchaseOrder": typeof model_purchaseOrder;
  "model/quoteInput": typeof model_quoteInput;
  "model/quoteNegotiations": typeof model_quoteNegotiations;
  "model/rateLimit": typeof model_rateLimit;
  "model/recentQuotes": typeof model_recentQuotes;
  "model/recommendationCheck": typeof model_recommendationCheck;
  "model/runStart": typeof model_runStart;
  "model/runWriteAccess": typeof model_runWriteAccess;
  "model/streamedText": typeof model_streamedText;
  "model/streamingMessages": typeof model_streamingMessages;
  "model/supplierDirectory": typeof model_supplierDirectory;
  "model/supplierLink": typeof model_supplierLink;
  "model/supplierTurnDelivery": typeof model_supplierTurnDelivery;
  "model/termsCheck": typeof model_termsCheck;
  "model/validators": typeof model_validators;
  "model/watchdogPolicy": typeof model_watchdogPolicy;
  negotiations: typeof negotiations;
  products: typeof products;
  quoteOverview: typeof quoteOverview;
  quotes: typeof quotes;
  supplierInvitations: typeof supplierInvitations;
  supplierLinks: typeof supplierLinks;
  supplierPortal: typeof supplierPortal;
  supplierTurns: typeof supplierTurns;
  suppliers: typeof suppliers;
  workflowTrigger: typeof workflowTrigger;
  workflowWatchdog: typeof workflowWatchdog;
}>;
export declare const api: FilterApi<
  typeof fullApi,
  FunctionReference<any, "public">
>;
export declare const internal: FilterApi<
  typeof fullApi,
  FunctionReference<any, "internal">
>;
