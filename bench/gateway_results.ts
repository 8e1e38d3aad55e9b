/**
 * Result types of the gateway benchmark.
 * @module
 */
import type { GatewayCase } from "./gateway_cases.ts";
import type { LatencySummary } from "./stats.ts";

/** Per-handler results of one case. */
export interface HandlerResult {
  readonly handler: string;
  /** Whole request: Request construction, handler, reading the response body. */
  readonly total: LatencySummary;
  /** The same minus the time inside the store (retrieve) and the reranker. */
  readonly own: LatencySummary;
}

/** Results of one case, handlers in (a) ... (e) order (gateway_handlers.ts). */
export interface CaseResult {
  readonly case: GatewayCase;
  readonly handlers: readonly HandlerResult[];
  /** Response sizes and whether (b) answered with the gateway's exact bytes. */
  readonly gatewayBytes: number;
  readonly naiveBytes: number;
  readonly naiveFirstDifference?: string;
}
