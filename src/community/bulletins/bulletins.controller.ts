import { Body, Controller, Get, Header, HttpCode, Param, Patch, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../../auth/access.js';
import { CurrentCaller, Roles } from '../../auth/access.js';
import { prepareSms } from '../../channels/sms/sms-text.js';
import { InputError } from '../../http/input-error.js';
import { UuidParam } from '../../http/uuid-param.js';
import { StaffTasks } from '../../tasks/staff-tasks.service.js';
import { BulletinRenderer, UNSUBSCRIBE_PLACEHOLDER } from '../bulletin-content/bulletin-renderer.js';
import { BulletinFanOut } from './bulletin-fan-out.js';
import { CreateBulletinDto, DeliveriesQuery, PreviewQuery, PrintQuery, SendBulletinDto, UpdateBulletinDto } from './bulletins.dto.js';
import { BulletinsService } from './bulletins.service.js';

/** Neighbourhood bulletins: comms drafts, someone else approves, then it goes and is printed. */
@ApiTags('bulletins')
@ApiBearerAuth()
@Roles('comms', 'supervisor')
@Controller('v1/bulletins')
export class BulletinsController {
  constructor(
    private readonly bulletins: BulletinsService,
    private readonly fanOut: BulletinFanOut,
    private readonly renderer: BulletinRenderer,
    private readonly staffTasks: StaffTasks,
  ) {}

  @Post()
  draft(@Body() dto: CreateBulletinDto, @CurrentCaller() caller: Caller) {
    return this.bulletins.draft(dto, caller);
  }

  @Get()
  list() {
    return this.bulletins.list();
  }

  /** The caller's open tasks about bulletins: bulletins to approve; for supervisors, officers whose drafting was stopped. */
  @Get('tasks')
  tasks(@CurrentCaller() caller: Caller) {
    return this.staffTasks.mine(caller);
  }

  @Post('tasks/:taskId/complete')
  @HttpCode(200)
  completeTask(@Param('taskId', UuidParam) taskId: string, @CurrentCaller() caller: Caller) {
    return this.staffTasks.complete(taskId, caller);
  }

  @Get(':id')
  get(@Param('id', UuidParam) id: string) {
    return this.bulletins.get(id);
  }

  @Patch(':id')
  update(@Param('id', UuidParam) id: string, @Body() dto: UpdateBulletinDto, @CurrentCaller() caller: Caller) {
    return this.bulletins.update(id, dto, caller);
  }

  /** Sends a draft for approval: the organisation's other comms officers and supervisors get a task and an email. */
  @Post(':id/submit')
  @HttpCode(200)
  submit(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller) {
    return this.bulletins.submitForApproval(id, caller);
  }

  @Post(':id/approve')
  @HttpCode(200)
  approve(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller) {
    return this.bulletins.approve(id, caller);
  }

  /** Now, or at `at`; a bulletin due now is fanned out before this returns. */
  @Post(':id/send')
  @HttpCode(202)
  async send(@Param('id', UuidParam) id: string, @Body() dto: SendBulletinDto) {
    await this.bulletins.schedule(id, dto.at);
    await this.fanOut.fanOutDue();
    return this.bulletins.get(id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@Param('id', UuidParam) id: string) {
    return this.bulletins.cancel(id);
  }

  @Get(':id/deliveries')
  deliveries(@Param('id', UuidParam) id: string, @Query() query: DeliveriesQuery) {
    return this.bulletins.deliveries(id, query);
  }

  /** How it will look: the email (HTML and text, with a sample unsubscribe link) or the text message. */
  @Get(':id/preview')
  async preview(@Param('id', UuidParam) id: string, @Query() query: PreviewQuery) {
    const bulletin = await this.bulletins.renderable(id);
    if (query.channel === 'sms') {
      const text = prepareSms(this.renderer.sms(bulletin));
      return { channel: 'sms', text: text.text, fragments: text.fragments, encoding: text.encoding };
    }
    const email = this.renderer.email(bulletin);
    const sample = 'https://example.invalid/p/unsubscribe/preview';
    return { channel: 'email', subject: email.subject, html: email.html.replaceAll(UNSUBSCRIBE_PLACEHOLDER, sample), text: email.text.replaceAll(UNSUBSCRIBE_PLACEHOLDER, sample) };
  }

  /** The door-drop: a run sheet of copies per street, then the leaflet (A5 two per A4 sheet, or A4). */
  @Get(':id/print.pdf')
  @ApiProduces('application/pdf')
  @Header('Content-Type', 'application/pdf')
  async print(@Param('id', UuidParam) id: string, @Query() query: PrintQuery) {
    const bulletin = await this.bulletins.renderable(id);
    return new StreamableFile(await this.renderer.leafletPdf(bulletin, { layout: query.layout ?? 'a5', copies: query.copies }));
  }

  /** A street briefing's poster. */
  @Get(':id/poster.pdf')
  @ApiProduces('application/pdf')
  @Header('Content-Type', 'application/pdf')
  async poster(@Param('id', UuidParam) id: string) {
    const bulletin = await this.bulletins.renderable(id);
    if (bulletin.type !== 'street_briefing') throw InputError.of('id', 'streetBriefing', 'Only a street briefing has a poster');
    return new StreamableFile(await this.renderer.posterPdf(bulletin));
  }
}
