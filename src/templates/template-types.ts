export const CHANNELS = ['sms', 'email', 'letter'] as const;
export type TemplateChannel = (typeof CHANNELS)[number];

export const PURPOSES = [
  'acknowledgement',
  'spoc_introduction',
  /** The acknowledgement and SPOC introduction (and any other day-0 notice) sent as one message. */
  'acknowledgement_and_introduction',
  'update',
  'holding_update',
  'action_plan',
  'diary_sheet_cover',
  'satisfaction_survey',
  'case_review_information',
  'witness_service_referral',
  'special_measures',
  'court_hearing',
  'case_closure',
  'case_reopened',
  'case_review_decision',
  'case_review_outcome',
] as const;
export type Purpose = (typeof PURPOSES)[number];

/** Channels whose every purpose also has a discreet variant (`<purpose>.discreet.hbs`). */
export const DISCREET_CHANNELS: readonly TemplateChannel[] = ['sms', 'email', 'letter'];

export interface TemplateInfo {
  channel: TemplateChannel;
  purpose: Purpose;
  discreet: boolean;
  /** Data paths the template needs, e.g. `spoc.phone`; `[]` stands for every item of a list. */
  fields: string[];
  /** Email only: the subject line's own Handlebars source. */
  subject?: string;
}

export type Rendered =
  | { channel: 'sms'; text: string }
  | { channel: 'email'; subject: string; html: string; text: string }
  | { channel: 'letter'; body: string };

export interface RenderOptions {
  /** The variant that says nothing about why we are in touch (letters: also the call and visit script). */
  discreet?: boolean;
}

/** A template set that cannot be used: raised at start-up, naming each file and what is wrong. */
export class TemplateError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : `Templates have ${problems.length} problems:\n- ${problems.join('\n- ')}`);
    this.name = 'TemplateError';
  }
}

/** The render data lacks something the template needs: `fields` are data paths such as `spoc.phone`. */
export class MissingFieldError extends Error {
  constructor(
    readonly fields: string[],
    readonly template?: string,
  ) {
    super(`${template ? `${template} needs` : 'Missing'} template data: ${fields.join(', ')}`);
    this.name = 'MissingFieldError';
  }
}

export const isChannel = (value: string): value is TemplateChannel => (CHANNELS as readonly string[]).includes(value);
export const isPurpose = (value: string): value is Purpose => (PURPOSES as readonly string[]).includes(value);
