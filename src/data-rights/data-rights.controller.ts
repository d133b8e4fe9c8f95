import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../auth/access.js';
import { CurrentCaller, Roles } from '../auth/access.js';
import { UuidParam } from '../http/uuid-param.js';
import { ErasureDto, SubjectAccessQuery } from './data-rights.dto.js';
import { Erasure } from './erasure.service.js';
import { renderSubjectAccessPdf } from './subject-access-pdf.js';
import { SubjectAccess } from './subject-access.service.js';

/** A PDF when asked for by `?format=pdf`, or by an Accept header preferring it to JSON. */
export function wantsPdf(format: SubjectAccessQuery['format'], accept: string | undefined): boolean {
  if (format) return format === 'pdf';
  const pdf = accept?.indexOf('application/pdf') ?? -1;
  const json = accept?.indexOf('application/json') ?? -1;
  return pdf >= 0 && (json < 0 || pdf < json);
}

/** Victims' data rights under UK GDPR and the DPA 2018: subject access and erasure. */
@ApiTags('data rights')
@ApiBearerAuth()
@Controller('v1/victims')
export class DataRightsController {
  constructor(
    private readonly subjectAccess: SubjectAccess,
    private readonly erasure: Erasure,
  ) {}

  /**
   * Everything held about the victim and the same person's other cases; each request is audited.
   * Supervisors of the organisation leading the victim's case only (403 for a partner it is shared
   * with, and for admins and comms staff, who never see victim data; 404 when not visible at all).
   */
  @Get(':id/subject-access')
  @Roles('supervisor')
  @ApiProduces('application/json', 'application/pdf')
  async report(
    @Param('id', UuidParam) id: string,
    @Query() query: SubjectAccessQuery,
    @Headers('accept') accept: string | undefined,
    @CurrentCaller() caller: Caller,
  ) {
    const report = await this.subjectAccess.compile(id, caller);
    if (!wantsPdf(query.format, accept)) return report;
    return new StreamableFile(await renderSubjectAccessPdf(report), {
      type: 'application/pdf',
      disposition: `attachment; filename="subject-access-${id}.pdf"`,
    });
  }

  /**
   * Erases the victim's personal data where the law allows; 409 with the reason where it does not.
   * Supervisors of the organisation leading the victim's case only (403 otherwise).
   */
  @Post(':id/erasure')
  @Roles('supervisor')
  @HttpCode(200)
  erase(@Param('id', UuidParam) id: string, @Body() dto: ErasureDto, @CurrentCaller() caller: Caller) {
    return this.erasure.erase(id, dto, caller);
  }
}
