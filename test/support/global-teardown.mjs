import pg from 'pg';

export default async function globalTeardown() {
  await globalThis.__embeddedDatabase?.stop();
  // The external server outlives the run: drop this run's template (and a half-built one) from it.
  const server = process.env.TEST_EXTERNAL_PG_URL;
  const template = process.env.TEST_DATABASE_TEMPLATE;
  if (server && template) {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      for (const name of [template, `${template}_building`]) await client.query(`DROP DATABASE IF EXISTS ${name}`);
    } finally {
      await client.end();
    }
  }
}
