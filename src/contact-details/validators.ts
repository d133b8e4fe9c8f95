import { ValidateBy, ValidationOptions } from 'class-validator';
import { normalisePostcode, toE164 } from './contact-details.js';

export function IsUkPhoneNumber(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isUkPhoneNumber',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && toE164(value) !== null,
        defaultMessage: () => '$property must be a valid phone number (UK numbers may omit +44)',
      },
    },
    options,
  );
}

export function IsUkPostcode(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isUkPostcode',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && normalisePostcode(value) !== null,
        defaultMessage: () => '$property must be a valid UK postcode, e.g. NN1 3AB',
      },
    },
    options,
  );
}
