import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, ValidationError, type ValidatorOptions } from 'class-validator';
import { flattenValidationErrors, InputError, type FieldProblem } from './input-error.js';
import { currentRequest } from './request-edge.js';
import { fieldPath, stringProblem } from './request-values.js';

type Instance = Record<string, unknown>;
type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

/** The rules class-validator holds for a DTO class, by property. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- class-validator keys its metadata by constructor, whatever its signature
function rulesOf(target: Function): Map<string, ValidationMetadata[]> {
  const rules = new Map<string, ValidationMetadata[]>();
  for (const rule of getMetadataStorage().getTargetValidationMetadatas(target, '', true, false)) {
    rules.set(rule.propertyName, [...(rules.get(rule.propertyName) ?? []), rule]);
  }
  return rules;
}

const isDto = (value: unknown): value is Instance =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && value.constructor !== Object && rulesOf(value.constructor).size > 0;
const isObject = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value);
const named = (rules: ValidationMetadata[], name: string) => rules.some((r) => r.name === name || r.type === name);

/** A rule that refuses an empty string: `@Length(1, …)`, `@MinLength(1)`, `@IsNotEmpty()`. */
const refusesEmpty = (rules: ValidationMetadata[]) =>
  rules.some((r) => !r.each && ((r.name === 'isLength' || r.name === 'minLength') && Number(r.constraints?.[0]) >= 1 || r.name === 'isNotEmpty'));

/**
 * What class-validator does not see in a DTO, found from the DTO's own decorators so every route
 * gets it: a nested object (`@ValidateNested`) that is missing though nothing marks it optional,
 * a list or a scalar where an object is expected (`{"actions":[[]]}`), and a text that must not be
 * empty given as spaces only (stored trimmed it would be empty, and every message naming it fails).
 */
function shapeProblems(dto: Instance, path = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [property, rules] of rulesOf(dto.constructor)) {
    const field = fieldPath(path, property);
    const value = dto[property];
    if (typeof value === 'string' && refusesEmpty(rules) && value.trim() === '') {
      problems.push({ field, rule: 'notBlank', message: `${field} must not be blank (spaces only)` });
    }
    if (!named(rules, 'nestedValidation')) continue;
    if (value === undefined || value === null) {
      if (!named(rules, 'conditionalValidation') && !named(rules, 'isDefined')) {
        problems.push({ field, rule: 'required', message: `${field} is required` });
      }
      continue;
    }
    const list = Reflect.getMetadata('design:type', dto.constructor.prototype, property) === Array || rules.some((r) => r.each);
    const items: [string, unknown][] = list
      ? Array.isArray(value) ? value.map((item, i) => [fieldPath(field, i), item]) : []
      : [[field, value]];
    if (list && !Array.isArray(value)) problems.push({ field, rule: 'isArray', message: `${field} must be a list` });
    for (const [itemField, item] of items) {
      if (!isObject(item)) problems.push({ field: itemField, rule: 'isObject', message: `${itemField} must be an object` });
      else if (isDto(item)) problems.push(...shapeProblems(item, itemField));
    }
  }
  return problems;
}

/** `null` for an optional field is taken as the field left out, all the way down. */
function dropOptionalNulls(dto: Instance): void {
  for (const [property, rules] of rulesOf(dto.constructor)) {
    const value = dto[property];
    if (value === null && named(rules, 'isOptional')) delete dto[property];
    else if (Array.isArray(value)) value.filter(isDto).forEach(dropOptionalNulls);
    else if (isDto(value)) dropOptionalNulls(value);
  }
}

/**
 * The one validation pipe (registered for the whole app in AppModule): whitelist, refuse unknown
 * fields, convert types, and every problem named in one 400 (InputError). Beyond class-validator:
 * - path parameters with a NUL or lone surrogate are refused (bodies and queries are checked
 *   earlier, in RequestEdge);
 * - the shape checks above (missing nested objects, lists for objects, blank required texts);
 * - `null` for an `@IsOptional()` field means the same as leaving it out. Fields where null has a
 *   meaning of its own (a PATCH's `cadence: null`) use `@ValidateIf` instead, and keep it;
 * - a PATCH that would change nothing (`{}`, or only nulls for optional fields) is a 400.
 */
export class InputPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new InputError(flattenValidationErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'param' && typeof value === 'string') {
      const problem = stringProblem(metadata.data ?? 'path', value);
      if (problem) throw new InputError([problem]);
    }
    const result = await super.transform(value, metadata);
    if (metadata.type === 'body' && isDto(result)) {
      dropOptionalNulls(result);
      if (currentRequest()?.method === 'PATCH' && Object.values(result).every((v) => v === undefined)) {
        throw InputError.of('body', 'nothingToChange', 'Nothing to change: give at least one field to change');
      }
    }
    return result;
  }

  protected override async validate(object: object, options?: ValidatorOptions): Promise<ValidationError[]> {
    const shape = isDto(object) ? shapeProblems(object) : [];
    const errors = await super.validate(object, options);
    if (shape.length > 0) {
      const named = new Set(shape.map((p) => p.field));
      throw new InputError([...shape, ...flattenValidationErrors(errors).filter((p) => !named.has(p.field))]);
    }
    return errors;
  }
}

export function createValidationPipe(): ValidationPipe {
  return new InputPipe();
}
