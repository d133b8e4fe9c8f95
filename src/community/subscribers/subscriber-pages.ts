import { PageTemplates } from '../../templates/page-templates.js';

/** A form field as the page shows it: what was typed and what is wrong with it. */
export interface FormField {
  value: string;
  error: string | null;
}

export interface SubscribeFormPage {
  errors: { href: string; message: string }[];
  email: FormField;
  phone: FormField;
  postcode: FormField;
  neighbourhoodId: { error: string | null };
  neighbourhoods: { id: string; name: string; selected: boolean }[];
}

const field = (value: string, error: string | null = null): FormField => ({ value, error });

/** Sample data: every page and message is rendered with these at start-up. */
const SAMPLES = {
  'subscribe-form': [
    { errors: [], email: field(''), phone: field(''), postcode: field(''), neighbourhoodId: { error: null }, neighbourhoods: [] },
    {
      errors: [{ href: 'email', message: 'm' }], email: field('e', 'm'), phone: field('p', 'm'), postcode: field('c', 'm'),
      neighbourhoodId: { error: 'm' }, neighbourhoods: [{ id: 'i', name: 'n', selected: true }],
    },
  ],
  'subscribe-check': [
    { email: true, sms: true, smsDailyCapReached: false, formLink: '/p/subscribe' },
    { email: false, sms: true, smsDailyCapReached: false, formLink: '/p/subscribe' },
    { email: true, sms: false, smsDailyCapReached: true, formLink: '/p/subscribe' },
  ],
  'subscribe-confirm': [{}],
  'subscribe-message': [{ heading: 'h', paragraphs: ['p'], link: null }, { heading: 'h', paragraphs: [], link: { href: '/p/subscribe', text: 't' } }],
  'unsubscribe-form': [{ sms: true }, { sms: false }],
  'unsubscribe-done': [{ sms: true, formLink: '/p/subscribe' }],
  'subscribe-confirm.email': [{ link: 'https://csp.example/p/subscribe/confirm/t', neighbourhoods: ['Semilong'] }],
  'subscribe-confirm.sms': [
    { neighbourhoods: 'Semilong and Mill Court', canReply: true, link: 'https://csp.example/p/subscribe/confirm/t' },
    { neighbourhoods: 'Semilong and Mill Court', canReply: false, link: 'https://csp.example/p/subscribe/confirm/t' },
  ],
};

export type SubscriberPageName = keyof typeof SAMPLES;

/** The resident-facing pages and confirmation messages of `templates/pages/`. */
export class SubscriberPages {
  private constructor(private readonly templates: PageTemplates<SubscriberPageName>) {}

  static load(dir?: string): SubscriberPages {
    return new SubscriberPages(PageTemplates.load<SubscriberPageName>(SAMPLES, dir));
  }

  form(data: SubscribeFormPage): string {
    return this.templates.page('subscribe-form', 'Get news about your neighbourhood', data, data.errors.length > 0);
  }

  /** `smsDailyCapReached`: no confirmation text could go today, so texts were not set up. */
  check(data: { email: boolean; sms: boolean; smsDailyCapReached: boolean; formLink: string }): string {
    return this.templates.page('subscribe-check', 'Confirm your subscription', data);
  }

  confirm(): string {
    return this.templates.page('subscribe-confirm', 'Confirm your subscription', {});
  }

  message(data: { heading: string; paragraphs: string[]; link?: { href: string; text: string } | null }): string {
    return this.templates.page('subscribe-message', data.heading, { link: null, ...data });
  }

  unsubscribeForm(data: { sms: boolean }): string {
    return this.templates.page('unsubscribe-form', 'Stop neighbourhood news by email', data);
  }

  unsubscribed(data: { sms: boolean; formLink: string }): string {
    return this.templates.page('unsubscribe-done', 'You have unsubscribed', data);
  }

  confirmationEmail(data: { link: string; neighbourhoods: string[] }) {
    return this.templates.email('subscribe-confirm.email', data);
  }

  /** `canReply`: whether TWILIO_FROM can receive the YES; else the text carries the confirmation link. */
  confirmationSms(data: { neighbourhoods: string; canReply: boolean; link: string }): string {
    return this.templates.sms('subscribe-confirm.sms', data);
  }
}
