import { Inject, Injectable, Optional } from '@nestjs/common';
import { registerDecorator, ValidateBy, ValidationArguments, ValidationOptions, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { Settings } from '../settings/settings.js';
import { normalisePostcode } from './contact-details.js';
import { checkPhone, type PhoneMode, type PhoneUse } from './phone-numbers.js';

/**
 * The phone rules need the mode (Ofcom's drama numbers are accepted in training only), which a
 * decorator cannot see; so each rule is a constraint class that Nest builds with the settings
 * (service.ts hands class-validator Nest's container with `useContainer`). Built without them,
 * they apply the live rules. One class per rule, so a 400 names the rule that was broken; each
 * reports only its own rule, so a bad number gets one message.
 */
abstract class PhoneRule implements ValidatorConstraintInterface {
  protected abstract readonly rule: string;

  constructor(@Optional() @Inject(Settings) private readonly settings?: Settings) {}

  private check(args: ValidationArguments) {
    const mode: PhoneMode = this.settings?.mode === 'training' ? 'training' : 'live';
    const use = (args.constraints?.[0] as PhoneUse | undefined) ?? 'person';
    return typeof args.value === 'string' ? checkPhone(args.value, args.property, mode, use) : { ok: false as const, rule: 'phoneCharacters', message: `${args.property} must be text` };
  }

  validate(_value: unknown, args: ValidationArguments): boolean {
    const check = this.check(args);
    return check.ok || check.rule !== this.rule;
  }

  defaultMessage(args: ValidationArguments): string {
    const check = this.check(args);
    return check.ok ? '' : check.message;
  }
}

@ValidatorConstraint({ name: 'phoneCharacters' }) @Injectable()
export class PhoneCharactersRule extends PhoneRule { protected readonly rule = 'phoneCharacters'; }
@ValidatorConstraint({ name: 'isUkPhoneNumber' }) @Injectable()
export class PhoneNumberRule extends PhoneRule { protected readonly rule = 'isUkPhoneNumber'; }
@ValidatorConstraint({ name: 'notFictional' }) @Injectable()
export class NotFictionalRule extends PhoneRule { protected readonly rule = 'notFictional'; }
@ValidatorConstraint({ name: 'phoneType' }) @Injectable()
export class PhoneTypeRule extends PhoneRule { protected readonly rule = 'phoneType'; }

/** Providers for Nest's container (CoreModule), so the rules are built with the settings. */
export const PHONE_RULES = [PhoneCharactersRule, PhoneNumberRule, NotFictionalRule, PhoneTypeRule];

/** A phone number: a person's own (`person`, the default) or one an organisation or officer publishes. */
export function IsUkPhoneNumber(use: PhoneUse = 'person', options?: ValidationOptions): PropertyDecorator {
  return (object: object, propertyName: string | symbol) => {
    for (const validator of PHONE_RULES) {
      registerDecorator({ target: object.constructor, propertyName: propertyName as string, constraints: [use], options, validator });
    }
  };
}

/** A UK postcode in a real postcode area (contact-details/postcodes), any spacing: `S W1 A 1 AA` passes, `NF1 1AA` does not. */
export function IsUkPostcode(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isUkPostcode',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && normalisePostcode(value) !== null,
        defaultMessage: () => '$property must be a UK postcode in a real postcode area, e.g. NN1 3AB',
      },
    },
    options,
  );
}
