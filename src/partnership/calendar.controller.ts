import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { Roles } from '../auth/access.js';
import { bankHolidaysOfYear } from '../calendar/working-days.js';

export class BankHolidaysQuery {
  @ApiProperty({ example: 2026, description: 'Calendar year, 2000-2100' })
  @Type(() => Number) @IsInt() @Min(2000) @Max(2100)
  year!: number;
}

/**
 * The partnership's working calendar over HTTP (the rules are in src/calendar/, a foundation,
 * which does not know about roles: so the route lives here, beside who may call it).
 */
@ApiTags('calendar')
@ApiBearerAuth()
@Controller('v1/calendar')
export class CalendarController {
  /**
   * The bank holidays (England and Wales) that working-day counts skip in `year`: each
   * `{date, name, source}`, source `library` (date-holidays, after gov.uk) or `extra`
   * (EXTRA_BANK_HOLIDAYS); `removed` lists the library's days REMOVED_BANK_HOLIDAYS takes out.
   */
  @Get('bank-holidays')
  @Roles('officer', 'supervisor', 'admin')
  bankHolidays(@Query() query: BankHolidaysQuery) {
    return bankHolidaysOfYear(query.year);
  }
}
