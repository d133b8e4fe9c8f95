import { ParseUUIDPipe } from '@nestjs/common';
import { InputError } from './input-error.js';

/** `@Param('id', UuidParam)`: a malformed id is a 400 naming the parameter, not a 500. */
export const UuidParam = new ParseUUIDPipe({
  exceptionFactory: () => InputError.of('id', 'isUuid', 'id must be a UUID'),
});
