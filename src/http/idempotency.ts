import { UnprocessableEntityException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PersonalDataCipher } from '../privacy/personal-data-cipher.js';
import { lockIdempotencyKey, storedResponse, storeResponse } from './idempotency.repository.js';
import { InputError } from './input-error.js';

/**
 * Idempotency-Key, the same on every route that takes one: a client may retry a request
 * safely. Within 24 hours, per caller and route, the same key with the same request returns
 * the first response and does nothing again; the same key with a different request is a 422.
 */
export const IDEMPOTENCY_WINDOW_MS = 24 * 3_600_000;
export const IDEMPOTENCY_HEADER_DESCRIPTION =
  'Retry safely: a repeat within 24 hours with the same request returns the first response and changes nothing; with a different request it is refused (422)';

/** The header's value, checked: 1–200 visible ASCII characters. */
export function checkIdempotencyKey(key: string | undefined): string | undefined {
  if (key !== undefined && !/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw InputError.of('Idempotency-Key', 'format', 'The Idempotency-Key header must be 1–200 visible ASCII characters');
  }
  return key;
}

/** A keyed hash of the request, so no personal data is kept beside the key. */
export function requestFingerprint(cipher: PersonalDataCipher, request: unknown): string {
  return cipher.matchHash(`idempotency:${canonicalJson(request)}`);
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

export interface IdempotentRequest {
  officerId: string;
  route: string;
  key: string | undefined;
  fingerprint: string;
  now: Date;
}

/**
 * Runs `work` inside the caller's transaction unless this key already did; the stored response
 * must hold no personal data (ids and statuses). Requests with the same key wait for each other.
 */
export async function once<T extends object>(db: EntityManager, request: IdempotentRequest, work: () => Promise<T>): Promise<T> {
  const { officerId, route, key, fingerprint, now } = request;
  if (!key) return work();
  await lockIdempotencyKey(officerId, route, key, db);
  const earlier = await storedResponse(officerId, route, key, db);
  if (earlier && now.getTime() - new Date(earlier.created_at).getTime() < IDEMPOTENCY_WINDOW_MS) {
    if (earlier.fingerprint && earlier.fingerprint !== fingerprint) {
      throw new UnprocessableEntityException({
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: 'This Idempotency-Key was used for a different request; use a new key for a new request',
      });
    }
    return earlier.response as T;
  }
  const response = await work();
  await storeResponse({ key, officerId, route, response, fingerprint, now }, db);
  return response;
}
