import { BadRequestException, ValidationError } from '@nestjs/common';

/** One problem with the request: which field, which rule it broke, in words. */
export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
}

/** A 400 that names every bad field; the body is the same for DTO and domain checks. */
export class InputError extends BadRequestException {
  constructor(readonly problems: FieldProblem[]) {
    super({
      statusCode: 400,
      error: 'Bad Request',
      message: problems.map((p) => p.message).join('; '),
      errors: problems,
    });
  }

  static of(field: string, rule: string, message: string): InputError {
    return new InputError([{ field, rule, message }]);
  }
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      rule: rule === 'whitelistValidation' ? 'unknownField' : rule,
      message:
        rule === 'whitelistValidation'
          ? `${field} is not a field of this request`
          : message.replace(new RegExp(`^${escapeRegExp(error.property)}\\b`), field),
    }));
    return own.concat(flattenValidationErrors(error.children ?? [], field));
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
