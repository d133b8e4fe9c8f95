import { ConflictException } from '@nestjs/common';
import type { Request, Response, Router } from 'express';
import { CreateNeighbourhoodDto, UpdateNeighbourhoodDto } from '../../community/neighbourhoods/neighbourhoods.dto.js';
import { NeighbourhoodsService } from '../../community/neighbourhoods/neighbourhoods.service.js';
import { normaliseArea } from '../../community/postcode-areas.js';
import { type FieldProblem, InputError } from '../../http/input-error.js';
import { checkAs, formErrors, type FormErrors, page, type PageKit, render, service } from '../pages/page-kit.js';
import type { Form } from './bulletin-form.js';
import { commsCaller, idParam, takeFlash } from './comms-kit.js';

const STREET_LINE = /^(.+?)\s*[,\t]\s*(\d{1,6})$/;
const text = (form: Form, field: string) => String([form[field] ?? ''].flat()[0] ?? '').trim();

/** The form as `POST /v1/neighbourhoods` takes it: areas one per line or between commas, streets one per line as "name, letterboxes". */
export function neighbourhoodBody(form: Form): { body: { name: string; areas: string[]; streets: { name: string; addresses: number }[] }; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const areas = text(form, 'areas').split(/[\n,;]+/).map((a) => a.trim()).filter(Boolean);
  const streets = text(form, 'streets').split(/\r?\n/).map((line) => line.trim()).flatMap((line, i) => {
    if (!line) return [];
    const found = STREET_LINE.exec(line);
    if (!found) {
      problems.push({ field: 'streets', rule: 'streetLine', message: `Line ${i + 1} of the streets must be the street’s name, a comma and its number of letterboxes, for example Mill Road, 84` });
      return [];
    }
    return [{ name: found[1], addresses: Number(found[2]) }];
  });
  return { body: { name: text(form, 'name'), areas, streets }, problems };
}

/** The API's words for a field, in the form's: `areas[2]` is "Area 3", `streets.0.name` the streets box. */
function fieldOf(problem: FieldProblem): FieldProblem {
  const area = /^areas\[(\d+)\]$/.exec(problem.field);
  if (area) return { ...problem, field: 'areas', message: problem.message.replace(problem.field, `Area ${Number(area[1]) + 1}`) };
  if (problem.field.startsWith('streets')) return { ...problem, field: 'streets', message: problem.message.replace(/^streets\.(\d+)\./, (_m, i) => `Street ${Number(i) + 1}: `) };
  return problem;
}

/**
 * Neighbourhoods: the list with confirmed subscribers per channel (numbers only, never who), and a
 * form to draw one from postcode sectors and districts, with its streets' letterbox counts for
 * door-drops; checked and saved by NeighbourhoodsService as `POST`/`PATCH /v1/neighbourhoods` do.
 */
export function registerNeighbourhoodPages(router: Router, kit: PageKit): void {
  router.get('/neighbourhoods', page(async (req, res) => {
    commsCaller(res, 'neighbourhoods');
    render(kit, res, 'comms/neighbourhoods.njk', { title: 'Neighbourhoods', neighbourhoods: await service(kit, NeighbourhoodsService).list(), flash: takeFlash(req) });
  }));

  const show = async (res: Response, id: string | null, form: Form, errors: FormErrors | null = null) => {
    const found = id ? await service(kit, NeighbourhoodsService).get(id) : null;
    render(kit, res, 'comms/neighbourhood.njk', { title: found ? found.name : 'Create a neighbourhood', n: found, form, errors });
  };

  const save = (idOf: (req: Request) => string | null) => page(async (req, res) => {
    const caller = commsCaller(res, 'neighbourhoods');
    const id = idOf(req);
    const form = req.body as Form;
    const { body, problems } = neighbourhoodBody(form);
    try {
      if (problems.length) {
        // Every problem at once: the areas as the service checks them, with the streets' lines.
        const areaProblems = body.areas.flatMap((area, i) => (normaliseArea(area) ? [] : [{ field: `areas[${i}]`, rule: 'isPostcodeArea', message: `areas[${i}] must be a postcode sector such as NN1 3 or a district such as NN1` }]));
        throw new InputError([...areaProblems, ...problems]);
      }
      const neighbourhoods = service(kit, NeighbourhoodsService);
      const saved = id
        ? await neighbourhoods.update(id, await checkAs(UpdateNeighbourhoodDto, body))
        : await neighbourhoods.create(await checkAs(CreateNeighbourhoodDto, body), caller);
      req.session.flash = `${saved.name} is saved: ${saved.areas.join(', ')}.`;
      res.redirect(303, '/neighbourhoods');
    } catch (error) {
      const found = error instanceof InputError ? error.problems : error instanceof ConflictException ? [{ field: 'name', rule: 'unique', message: 'There is already a neighbourhood with this name' }] : null;
      if (!found) throw error;
      res.status(error instanceof ConflictException ? 409 : 400);
      await show(res, id, form, formErrors(found.map(fieldOf)));
    }
  });

  router.get('/neighbourhoods/new', page(async (_req, res) => {
    commsCaller(res, 'neighbourhoods');
    await show(res, null, {});
  }));
  router.post('/neighbourhoods/new', save(() => null));

  router.get('/neighbourhoods/:id', page(async (req, res) => {
    commsCaller(res, 'neighbourhoods');
    const n = await service(kit, NeighbourhoodsService).get(idParam(req));
    await show(res, n.id, { name: n.name, areas: n.areas.join('\n'), streets: n.streets.map((s) => `${s.name}, ${s.addresses}`).join('\n') });
  }));
  router.post('/neighbourhoods/:id', save((req) => idParam(req)));
}
