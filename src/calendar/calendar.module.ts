import { type DynamicModule, Module } from '@nestjs/common';
import { CalendarService, SLA_POLICY, type SlaPolicy } from './calendar.service.js';

@Module({})
export class CalendarModule {
  static register(policy: SlaPolicy): DynamicModule {
    return {
      module: CalendarModule,
      global: true,
      providers: [{ provide: SLA_POLICY, useValue: policy }, CalendarService],
      exports: [SLA_POLICY, CalendarService],
    };
  }
}
