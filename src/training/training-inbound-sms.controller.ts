import { randomBytes } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, NotFoundException, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Caller, CurrentCaller, Roles } from '../auth/access.js';
import { phoneHash } from '../contact-details/contact-hashes.js';
import { checkPhone } from '../contact-details/phone-numbers.js';
import { InboundSms } from '../inbound-sms/inbound-sms.service.js';
import { smsKeyword } from '../inbound-sms/sms-keywords.js';
import { InputError, type FieldProblem } from '../http/input-error.js';
import { PersonalDataCipher } from '../privacy/personal-data-cipher.js';
import { Settings } from '../settings/settings.js';
import { TrainingRepository, type TextedCaseState } from './training.repository.js';

/**
 * Training only: an officer plays the victim or resident and "texts" the partnership. The text
 * goes through exactly the handling a real one gets from Twilio's inbound webhook (STOP and the
 * other opt-out words, a survey digit, YES to confirm a subscription, HELP, free text), and the
 * answer says what it changed: the reply that would be sent, and per case the caller's
 * organisation can see, whether the reply was recorded, texts were taken out of the agreement or
 * a survey was answered. Other organisations' cases are only counted; subscriptions only counted.
 */
@ApiTags('training')
@ApiBearerAuth()
@Controller('v1/training/inbound-sms')
export class TrainingInboundSmsController {
  constructor(
    private readonly inbound: InboundSms,
    private readonly cipher: PersonalDataCipher,
    private readonly repository: TrainingRepository,
    @Inject(Settings) private readonly settings: Settings,
  ) {}

  @Post()
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Training mode only: simulate a text from a victim or resident (404 in live mode)' })
  @ApiBody({ schema: { type: 'object', required: ['from', 'body'], properties: { from: { type: 'string', example: '07700 900123' }, body: { type: 'string', example: 'STOP' } } } })
  async simulate(@Body() input: Record<string, unknown>, @CurrentCaller() caller: Caller) {
    if (this.settings.mode !== 'training') throw new NotFoundException();
    const { from, body } = this.read(input);
    const hash = phoneHash(this.cipher, from);
    const sid = `SMtraining${randomBytes(12).toString('hex')}`;
    const before = await this.cases(hash, caller);
    const subscribersBefore = await this.subscribers(hash);
    const reply = await this.inbound.receive(from, body, sid);
    const after = await this.cases(hash, caller);
    const subscribersAfter = await this.subscribers(hash);
    const recorded = await this.repository.inboundCaseId(sid);
    const changed = after.filter((c) => {
      const was = before.find((b) => b.id === c.id);
      return c.id === recorded?.case_id || (was && (was.sms !== c.sms || was.answered !== c.answered || was.replies !== c.replies));
    });
    const count = (from: string, to: string) => [...subscribersAfter].filter(([id, state]) => state === to && subscribersBefore.get(id) === from).length;
    return {
      reply,
      keyword: smsKeyword(body),
      cases: changed.filter((c) => c.visible).map((c) => {
        const was = before.find((b) => b.id === c.id);
        return {
          caseId: c.id, reference: c.reference,
          replyRecorded: c.id === recorded?.case_id,
          smsWithdrawn: Boolean(was?.sms && !c.sms),
          surveyAnswered: c.answered > (was?.answered ?? 0),
        };
      }),
      otherOrganisationsCases: changed.filter((c) => !c.visible).length,
      subscriptions: { confirmed: count('pending', 'confirmed'), unsubscribed: count('pending', 'unsubscribed') + count('confirmed', 'unsubscribed') },
    };
  }

  private read(input: Record<string, unknown>): { from: string; body: string } {
    const problems: FieldProblem[] = [];
    for (const key of Object.keys(input ?? {})) if (key !== 'from' && key !== 'body') problems.push({ field: key, rule: 'unknownField', message: `${key} is not a field of this request` });
    let from = '';
    if (typeof input?.from !== 'string') problems.push({ field: 'from', rule: 'isString', message: 'from must be the sender\'s phone number, e.g. 07700 900123' });
    else {
      const check = checkPhone(input.from, 'from', 'training');
      if (check.ok) from = check.e164;
      else problems.push({ field: 'from', rule: check.rule, message: check.message });
    }
    const body = input?.body;
    if (typeof body !== 'string' || body.length === 0 || body.length > 1600) {
      problems.push({ field: 'body', rule: 'length', message: 'body must be the text, 1 to 1,600 characters' });
    }
    if (problems.length) throw new InputError(problems);
    return { from, body: body as string };
  }

  /** Every case of a victim with this number, whether the caller may see it, and what a text can change. */
  private cases(hash: string, caller: Caller): Promise<TextedCaseState[]> {
    return this.repository.casesByPhoneHash(hash, caller.organisationId);
  }

  private async subscribers(hash: string): Promise<Map<string, string>> {
    const rows = await this.repository.subscribersByPhoneHash(hash);
    return new Map(rows.map((r) => [r.id, r.sms_state]));
  }
}
