import { ForbiddenException, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Caller } from '../../auth/access.js';
import type { Organisation } from '../../partnership/organisation.entity.js';

/** A form as posted (urlencoded): every value a string or a list of strings. */
export type Form = Record<string, string | string[] | undefined>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Address lines the organisation form offers (the API takes 2 to 7). */
export const ADDRESS_LINES = 5;

/** Administrators only: anyone else gets the 403 page. */
export function adminOnly(res: Response): Caller {
  const caller = res.locals.caller as Caller;
  if (caller.role !== 'admin') throw new ForbiddenException('Organisations and officers are managed by the partnership’s administrators.');
  return caller;
}

/** A path parameter that must be an id; anything else is "Page not found". */
export function idOf(req: Request, name = 'id'): string {
  const id = String(req.params[name]);
  if (!UUID.test(id)) throw new NotFoundException();
  return id;
}

export const text = (form: Form, field: string): string => {
  const value = form[field];
  return (Array.isArray(value) ? value[0] ?? '' : value ?? '').trim();
};

const addressOf = (form: Form): string[] =>
  Array.from({ length: 7 }, (_, i) => text(form, `address-${i + 1}`)).filter(Boolean);

const OPTIONAL_FIELDS = ['email', 'website', 'smsSender', 'discreetName', 'discreetSmsSender'] as const;

/** `POST /v1/organisations`'s body from the form: an empty optional field is left out. */
export function newOrganisationBody(form: Form): Record<string, unknown> {
  const address = addressOf(form);
  return {
    name: text(form, 'name'),
    code: text(form, 'code'),
    phone: text(form, 'phone'),
    ...Object.fromEntries(OPTIONAL_FIELDS.filter((f) => text(form, f)).map((f) => [f, text(form, f)])),
    ...(address.length ? { address } : {}),
  };
}

/**
 * `PATCH /v1/organisations/:id`'s body from the form: an emptied optional field is cleared (null).
 * An emptied phone number is sent as null (and refused: it can be changed, never removed) unless
 * the organisation never had one.
 */
export function organisationChangeBody(form: Form, current: Organisation): Record<string, unknown> {
  const address = addressOf(form);
  const phone = text(form, 'phone');
  return {
    name: text(form, 'name'),
    ...(phone || current.phone ? { phone: phone || null } : {}),
    ...Object.fromEntries(OPTIONAL_FIELDS.map((f) => [f, text(form, f) || null])),
    address: address.length ? address : null,
  };
}

/** The form's values for an organisation as stored. */
export function organisationForm(o: Organisation): Form {
  return {
    name: o.name, code: o.code, phone: o.phone ?? '', email: o.email ?? '', website: o.website ?? '',
    smsSender: o.smsSender ?? '', discreetName: o.discreetName ?? '', discreetSmsSender: o.discreetSmsSender ?? '',
    ...Object.fromEntries((o.address ?? []).map((line, i) => [`address-${i + 1}`, line])),
  };
}

/** The page's field a problem belongs on: the address on its first line, anything else on its own field. */
export const organisationFieldOf = (field: string): string => (field.startsWith('address') ? 'address-1' : field);
