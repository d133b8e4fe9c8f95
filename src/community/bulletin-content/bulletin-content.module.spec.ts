import { randomBytes } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { PersonalDataCipher } from '../../privacy/personal-data-cipher.js';
import { BulletinContentModule } from './bulletin-content.module.js';
import { BulletinRenderer } from './bulletin-renderer.js';
import { BulletinTemplates } from './bulletin-templates.js';
import { VictimDataCheck } from './victim-data-check.js';

/** What the application gives every module: the cipher (CoreModule) and the database (TypeOrmModule). */
@Global()
@Module({
  providers: [
    { provide: PersonalDataCipher, useValue: new PersonalDataCipher(randomBytes(32)) },
    { provide: getDataSourceToken(), useValue: { query: async () => [] } },
  ],
  exports: [PersonalDataCipher, getDataSourceToken()],
})
class AppServices {}

it('gives an importing module the renderer and the victim-data check, templates loaded', async () => {
  const moduleRef = await Test.createTestingModule({ imports: [AppServices, BulletinContentModule] }).compile();
  const renderer = moduleRef.get(BulletinRenderer, { strict: false });
  const sample = BulletinTemplates.load().samples.leaflet;
  expect(renderer.sms(sample)).toContain('Fireworks: know the rules.');
  await expect(moduleRef.get(VictimDataCheck, { strict: false }).check(sample.content, ['NN2 7'])).resolves.toEqual([]);
  await moduleRef.close();
});
