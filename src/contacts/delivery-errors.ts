import { DeliveryError } from '../channels/channel.js';
import { SmsTooLongError } from '../channels/sms/sms-text.js';
import { MissingFieldError } from '../templates/template-catalogue.js';

/** The provider took the message but the record of it could not be written: not a provider failure. */
export class AcceptanceNotRecorded extends Error {
  constructor(readonly reason: unknown) {
    super(reason instanceof Error ? reason.message : String(reason));
  }
}

/** Any error from rendering or sending, as a delivery error: permanent when retrying cannot help. */
export function asDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof MissingFieldError) return new DeliveryError('permanent', 'template_data_missing', error.message);
  if (error instanceof SmsTooLongError) return new DeliveryError('permanent', 'sms_too_long', error.message);
  return new DeliveryError('temporary', 'internal', error instanceof Error ? error.message : String(error));
}
