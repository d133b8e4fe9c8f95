/**
 * What one delivery attempt came to, as the worker reports it: `sent`/`delivered` by a provider,
 * `awaiting_print` (a letter waits for the print run), `awaiting_officer` (a call or visit waits
 * for the SPOC), `retry` (a transient fault; tried again), `failed` (handed on to the next agreed
 * channel or to the SPOC), `skipped` (no longer due, e.g. the case closed).
 */
export type DeliveryOutcome = 'sent' | 'delivered' | 'awaiting_officer' | 'awaiting_print' | 'retry' | 'failed' | 'skipped';
