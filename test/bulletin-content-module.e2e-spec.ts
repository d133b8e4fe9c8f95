import { randomBytes } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BulletinContentModule } from '../src/community/bulletin-content/bulletin-content.module.js';
import { BulletinRenderer } from '../src/community/bulletin-content/bulletin-renderer.js';
import { BulletinTemplates } from '../src/community/bulletin-content/bulletin-templates.js';
import { VictimDataCheck } from '../src/community/bulletin-content/victim-data-check.js';
import { PersonalDataCipher } from '../src/privacy/personal-data-cipher.js';
import { bearer, buildPartnership, complaint } from './support/partnership.js';
import { startTestService, type TestService } from './support/test-service.js';

/**
 * The bulletin-content module on its own, given what the application gives every module: the
 * cipher (CoreModule) and a real PostgreSQL (TypeOrmModule) holding a victim, so the check it
 * exports is seen to find them.
 */
describe('the bulletin-content module', () => {
  const key = randomBytes(32);
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService('embedded', {}, undefined, undefined, { encryptionKey: key.toString('base64') });
    const p = await buildPartnership(service);
    await service.http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer))
      .send(complaint(p.police.id, { victim: { name: 'Winifred Blackwood', phone: '07911 777888', address: ['7 Mill Road', 'Northampton', 'NN1 3AB'] } })).expect(201);
  });
  afterAll(() => service?.stop());

  it('gives an importing module the renderer and the victim-data check, templates loaded', async () => {
    @Global()
    @Module({
      providers: [
        { provide: PersonalDataCipher, useValue: new PersonalDataCipher(key) },
        { provide: getDataSourceToken(), useValue: service.app.get(DataSource) },
      ],
      exports: [PersonalDataCipher, getDataSourceToken()],
    })
    class AppServices {}

    const moduleRef = await Test.createTestingModule({ imports: [AppServices, BulletinContentModule] }).compile();
    const renderer = moduleRef.get(BulletinRenderer, { strict: false });
    const sample = BulletinTemplates.load().samples.leaflet;
    expect(renderer.sms(sample)).toContain('Fireworks: know the rules.');
    const check = moduleRef.get(VictimDataCheck, { strict: false });
    await expect(check.check(sample.content, ['NN2 7'])).resolves.toEqual([]);
    // The victim known in NN1 3 is found in words about that area, and only there.
    const leaky = { ...sample.content, howToReport: 'Ask Winifred Blackwood on 07911 777 888' };
    const problems = await check.check(leaky, ['NN1 3']);
    expect(problems.map((e) => `${e.field}:${e.rule}`)).toEqual(['howToReport:personalDetails']);
    await expect(check.check(leaky, ['NN2 7'])).resolves.toEqual([]);
    await moduleRef.close();
  });
});
