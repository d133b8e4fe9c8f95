import { retryOnSerializationFailure } from '../database/serialization-retry.js';
import { databaseErrorResponse } from './error-filter.js';

describe('database errors as the client hears them', () => {
  it('a unique violation is a 409 naming the field, without the value', () => {
    const mapped = databaseErrorResponse({ code: '23505', detail: 'Key (code)=(TPOL) already exists.', constraint: 'organisations_code_key' });
    expect(mapped).toMatchObject({ status: 409, errors: [{ field: 'code', rule: 'unique' }] });
    expect(JSON.stringify(mapped)).not.toContain('TPOL');
  });

  it('a foreign key violation is a 400 naming the field in the API’s words', () => {
    const mapped = databaseErrorResponse({ code: '23503', detail: 'Key (lead_organisation_id)=(0b6f6a8e-5b1e-4c1a-9d7e-1f2a3b4c5d6e) is not present in table "organisations".' });
    expect(mapped).toMatchObject({ status: 400, errors: [{ field: 'leadOrganisationId', rule: 'exists' }] });
    expect(JSON.stringify(mapped)).not.toContain('0b6f6a8e');
  });

  it('data exceptions (class 22) are 400s; serialization failures are 409s; others are not mapped', () => {
    expect(databaseErrorResponse({ code: '22003' })?.status).toBe(400);
    expect(databaseErrorResponse({ code: '22P05' })?.status).toBe(400);
    expect(databaseErrorResponse({ code: '40001' })?.status).toBe(409);
    expect(databaseErrorResponse({ code: '53300' })).toBeNull();
  });
});

describe('retrying a transaction PostgreSQL could not serialize', () => {
  const failure = Object.assign(new Error('could not serialize access due to concurrent update'), { code: '40001' });

  it('runs it again until it goes through', async () => {
    let tries = 0;
    await expect(retryOnSerializationFailure(async () => (++tries < 3 ? Promise.reject(failure) : 'done'))).resolves.toBe('done');
    expect(tries).toBe(3);
  });

  it('gives up after the last try, and never retries other errors', async () => {
    let tries = 0;
    await expect(retryOnSerializationFailure(async () => { tries++; throw failure; }, 4)).rejects.toBe(failure);
    expect(tries).toBe(4);
    tries = 0;
    await expect(retryOnSerializationFailure(async () => { tries++; throw new Error('other'); })).rejects.toThrow('other');
    expect(tries).toBe(1);
  });
});
