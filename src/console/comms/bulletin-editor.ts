import { randomUUID } from 'node:crypto';
import { ConflictException, NotFoundException } from '@nestjs/common';
import type { Request, Response, Router } from 'express';
import { ClockService } from '../../clock/clock.service.js';
import { CreateBulletinDto, UpdateBulletinDto } from '../../community/bulletins/bulletins.dto.js';
import { BULLETIN_TYPES } from '../../community/bulletins/bulletin.entity.js';
import { BulletinsService } from '../../community/bulletins/bulletins.service.js';
import { NeighbourhoodsService } from '../../community/neighbourhoods/neighbourhoods.service.js';
import { InputError } from '../../http/input-error.js';
import { checkAs, formErrors, type FormErrors, page, type PageKit, render, service } from '../pages/page-kit.js';
import { bulletinBody, bulletinFieldId, bulletinForm, type Form, many, slotCounts } from './bulletin-form.js';
import { keepPreview, keptPreview, previewText, sendEmailPage, sendPdf, typedRenderable } from './bulletin-preview.js';
import { commsCaller, commsRepository, idParam, TYPE_NAMES } from './comms-kit.js';

const TYPE_HINTS: Record<string, string> = {
  newsletter: 'News for residents by email and text.',
  street_briefing: 'An invitation to meet the team in the street: by email and text, with a poster.',
  leaflet: 'A leaflet for a door-drop, printed two to a sheet, with a run sheet of copies per street.',
};

interface EditorState {
  form: Form;
  errors?: FormErrors | null;
  preview?: Awaited<ReturnType<typeof makePreview>> | null;
}

/** The preview panels for what was typed: the email page's and PDFs' addresses, the subject and the text. */
async function makePreview(kit: PageKit, req: Request, res: Response, form: Form) {
  const caller = commsCaller(res, 'bulletins');
  const body = bulletinBody(form);
  const key = keepPreview(kit, req, String(form.previewKey ?? ''), body);
  try {
    const text = previewText(kit, await typedRenderable(kit, caller, body));
    const base = `/bulletins/preview/${key}`;
    return {
      key, ...text,
      emailUrl: `${base}/email?at=${Date.now()}`,
      leafletUrl: `${base}/leaflet.pdf`,
      posterUrl: body.type === 'street_briefing' ? `${base}/poster.pdf` : null,
      error: null as string | null,
    };
  } catch (error) {
    if (error instanceof Error && !(error instanceof InputError) && error.name !== 'MissingFieldError' && !(error instanceof RangeError)) throw error;
    return { key, error: 'The preview cannot be shown yet: fill in the headline, summary and a section first.' };
  }
}

/**
 * The bulletin editor: a newsletter, street briefing or leaflet, with its email, text and PDF
 * previewed as it is typed (comms.js, calling `POST /bulletins/preview`) or with the Preview
 * button without JavaScript. Saved as a draft through BulletinsService, checked as the API checks it.
 */
export function registerBulletinEditor(router: Router, kit: PageKit): void {
  const show = async (req: Request, res: Response, state: EditorState, editing: { id: string; type: string } | null) => {
    commsCaller(res, 'bulletins');
    const neighbourhoods = await service(kit, NeighbourhoodsService).list();
    const chosen = many(state.form, 'neighbourhoodIds');
    render(kit, res, 'comms/bulletin-editor.njk', {
      title: editing ? `Change the ${TYPE_NAMES[editing.type].toLowerCase()}` : 'Write a bulletin',
      editing, form: state.form, errors: state.errors ?? null, preview: state.preview ?? null,
      previewKey: state.preview?.key || String(state.form.previewKey ?? '') || randomUUID(),
      slots: slotCounts(state.form),
      types: BULLETIN_TYPES.map((t) => ({ value: t, text: TYPE_NAMES[t], hint: { text: TYPE_HINTS[t] }, checked: state.form.type === t })),
      neighbourhoods: neighbourhoods.map((n) => ({
        value: n.id, text: n.name, checked: chosen.includes(n.id),
        hint: { text: `${n.areas.join(', ')}: ${n.subscribers.email} by email, ${n.subscribers.sms} by text` },
      })),
      action: editing ? `/bulletins/${editing.id}/edit` : '/bulletins/new',
    });
  };

  /** Preview, or save: a field problem shows the form again with each error on its field and what was typed. */
  const submit = (editing: (req: Request) => Promise<{ id: string; type: string } | null>) => page(async (req, res) => {
    const caller = commsCaller(res, 'bulletins');
    const found = await editing(req);
    const form: Form = { ...(req.body as Form), ...(found && { type: found.type }) };
    if (form.action === 'preview') return show(req, res, { form, preview: await makePreview(kit, req, res, form) }, found);
    const body = bulletinBody(form);
    try {
      let id: string;
      if (found) {
        await checkAs(UpdateBulletinDto, { neighbourhoodIds: body.neighbourhoodIds, content: body.content });
        id = (await service(kit, BulletinsService).update(found.id, { neighbourhoodIds: body.neighbourhoodIds, content: body.content } as UpdateBulletinDto, caller)).id;
        await commsRepository(kit).record(id, 'edited', caller.officerId, service(kit, ClockService).now());
        req.session.flash = 'Your changes are saved as a draft. Send it for approval when it is ready.';
      } else {
        id = (await service(kit, BulletinsService).draft(await checkAs(CreateBulletinDto, body), caller)).id;
        req.session.flash = 'The draft is saved. Send it for approval when it is ready.';
      }
      res.redirect(303, `/bulletins/${id}`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      res.status(400);
      await show(req, res, { form, errors: formErrors(error.problems, bulletinFieldId) }, found);
    }
  });

  router.get('/bulletins/new', page((req, res) => show(req, res, { form: { previewKey: randomUUID() } }, null)));
  router.post('/bulletins/new', submit(async () => null));

  const editable = async (req: Request) => {
    const b = await service(kit, BulletinsService).get(idParam(req));
    if (!['draft', 'approved'].includes(b.status)) throw new ConflictException(`The bulletin is ${b.status} and can no longer be changed`);
    return { id: b.id, type: b.type, bulletin: b };
  };
  router.get('/bulletins/:id/edit', page(async (req, res) => {
    commsCaller(res, 'bulletins');
    const { id, type, bulletin } = await editable(req);
    await show(req, res, { form: { ...bulletinForm(bulletin), previewKey: randomUUID() } }, { id, type });
  }));
  router.post('/bulletins/:id/edit', submit(async (req) => {
    const { id, type } = await editable(req);
    return { id, type };
  }));

  /** The live preview for comms.js: the panels' words and addresses as JSON. */
  router.post('/bulletins/preview', page(async (req, res) => {
    commsCaller(res, 'bulletins');
    res.json(await makePreview(kit, req, res, req.body as Form));
  }));

  /** What was last previewed in an editor: its email page, leaflet and poster. */
  const kept = async (req: Request, res: Response) => {
    const caller = commsCaller(res, 'bulletins');
    const body = keptPreview(kit, req, String(req.params.key));
    if (!body) throw new NotFoundException();
    return typedRenderable(kit, caller, body);
  };
  router.get('/bulletins/preview/:key/email', page(async (req, res) => sendEmailPage(kit, res, await kept(req, res))));
  router.get('/bulletins/preview/:key/leaflet.pdf', page(async (req, res) => sendPdf(kit, res, await kept(req, res), 'leaflet')));
  router.get('/bulletins/preview/:key/poster.pdf', page(async (req, res) => {
    const b = await kept(req, res);
    if (b.type !== 'street_briefing') throw new NotFoundException();
    await sendPdf(kit, res, b, 'poster');
  }));
}
