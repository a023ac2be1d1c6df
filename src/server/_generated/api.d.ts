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
import type * as boundedRetry from "../boundedRetry.js";
import type * as catalog from "../catalog.js";
import type * as http from "../http.js";
import type * as mastraApi from "../mastraApi.js";
import type * as mastraUrl from "../mastraUrl.js";
import type * as messageUpsert from "../messageUpsert.js";
import type * as negotiationClosing from "../negotiationClosing.js";
import type * as negotiationStatus from "../negotiationStatus.js";
import type * as negotiations from "../negotiations.js";
import type * as ownership from "../ownership.js";
import type * as quoteInput from "../quoteInput.js";
import type * as quoteOverview from "../quoteOverview.js";
import type * as quotes from "../quotes.js";
import type * as rateLimit from "../rateLimit.js";
import type * as recommendationCheck from "../recommendationCheck.js";
import type * as runWriteAccess from "../runWriteAccess.js";
import type * as streamingMessages from "../streamingMessages.js";
import type * as supplierDirectory from "../supplierDirectory.js";
import type * as suppliers from "../suppliers.js";
import type * as termsCheck from "../termsCheck.js";
import type * as validators from "../validators.js";
import type * as watchdogPolicy from "../watchdogPolicy.js";
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
  boundedRetry: typeof boundedRetry;
  catalog: typeof catalog;
  http: typeof http;
  mastraApi: typeof mastraApi;
  mastraUrl: typeof mastraUrl;
  messageUpsert: typeof messageUpsert;
  negotiationClosing: typeof negotiationClosing;
  negotiationStatus: typeof negotiationStatus;
  negotiations: typeof negotiations;
  ownership: typeof ownership;
  quoteInput: typeof quoteInput;
  quoteOverview: typeof quoteOverview;
  quotes: typeof quotes;
  rateLimit: typeof rateLimit;
  recommendationCheck: typeof recommendationCheck;
  runWriteAccess: typeof runWriteAccess;
  streamingMessages: typeof streamingMessages;
  supplierDirectory: typeof supplierDirectory;
  suppliers: typeof suppliers;
  termsCheck: typeof termsCheck;
  validators: typeof validators;
  watchdogPolicy: typeof watchdogPolicy;
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
