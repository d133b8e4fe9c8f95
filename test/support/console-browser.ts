import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DeliveryService } from '../../src/contacts/delivery.service.js';
import { startTestService, type TestService } from './test-service.js';

export const SCREENSHOTS = join(process.cwd(), 'docs', 'screenshots');

/** The service listening on a loopback port, and Debian's Chromium (headless, no sandbox) pointed at it. */
export async function startConsole(env: Record<string, string> = {}): Promise<{ service: TestService; browser: Browser; base: string }> {
  const service = await startTestService('embedded', env);
  const server = service.app.getHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
  return { service, browser, base };
}

/** axe-core against WCAG 2.2 AA (and the 2.0/2.1 A and AA rules it builds on); returns the violations. */
export async function accessibilityViolations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The engine, driven explicitly: every contact due by the training clock is delivered now. */
export async function deliverDue(service: TestService): Promise<string[]> {
  const due = await service.sql<{ id: string }>(`SELECT id FROM contacts WHERE status = 'scheduled' AND due_at <= $1 ORDER BY due_at, id`, [service.clock.now()]);
  const delivery = service.app.get(DeliveryService);
  for (const { id } of due) await delivery.deliver(id);
  return due.map((row) => row.id);
}
