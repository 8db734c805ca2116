/**
 * The browser lab end to end, in a real browser: Debian's Chromium driven by Playwright against the
 * production build served locally. Screenshots go to a temporary folder when a step fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildGuest } from '@vmi386/guest-entry';
import { describeHookPoints, type GuestRunReport } from '@vmi386/lab';
import { nativeBackend } from '@vmi386/mach-native';
import { vmiBackend } from '@vmi386/mach-vmi';
import { externalTool } from '@vmi386/testkit';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const browserTool = externalTool('chromium', 'chromium');
/** Failure screenshots outlive the test run's own scratch directory. */
const screenshots = join(process.env.VMI386_KEPT_TMPDIR ?? tmpdir(), 'vmi386-web-e2e-failures');

describe.skipIf(!browserTool.path)('the browser lab in Chromium', () => {
  let server: PreviewServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    const outDir = join(mkdtempSync(join(tmpdir(), 'vmi386-web-build-')), 'dist');
    await build({ root: appDir, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    server = await preview({
      root: appDir,
      logLevel: 'warn',
      build: { outDir },
      preview: { port: 0, strictPort: false },
    });
    browser = await chromium.launch({
      executablePath: browserTool.path,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(server.resolvedUrls?.local[0] ?? '');
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => server?.httpServer.close(() => resolve()));
  });

  /** Runs a step; on failure saves a screenshot and says where. */
  const step = async (name: string, body: () => Promise<void>) => {
    try {
      await body();
    } catch (error) {
      mkdirSync(screenshots, { recursive: true });
      const file = join(screenshots, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      throw new Error(`${(error as Error).message}\n(screenshot: ${file})`);
    }
  };

  it('runs VMI under the hypervisor to the end, with the counters of `vmi386 run --json`', async () => {
    await step('run', async () => {
      await page.getByLabel('Backend').selectOption('vmi');
      await page.getByLabel('Platform').selectOption('hypervisor');
      await page.getByTestId('run').click();
      await page
        .getByTestId('run-state')
        .filter({ hasText: /^ended/ })
        .waitFor({ timeout: 240_000 });
      expect(await page.getByTestId('run-state').textContent()).toBe('ended: exit 0');
      expect(await page.getByTestId('console-text').textContent()).toContain('summary: 17 passed');

      const cli = spawnSync(
        process.execPath,
        [
          '--conditions=@vmi386/source',
          '--import',
          'tsx',
          'src/main.ts',
          'run',
          '--backend',
          'vmi',
          '--platform',
          'hypervisor',
          '--json',
        ],
        { cwd: join(appDir, '../cli'), encoding: 'utf8', maxBuffer: 1 << 26 },
      );
      expect(cli.status, cli.stderr).toBe(0);
      const report = JSON.parse(cli.stdout) as GuestRunReport;
      const shown = async (name: string) =>
        Number((await page.locator(`[data-counter="${name}"]`).textContent())?.replace(/,/g, ''));
      expect(await shown('instructions')).toBe(report.counters.instructions);
      expect(await shown('cycles')).toBe(report.counters.cycles);
      expect(await shown('monitor exits')).toBe(report.hypervisor?.totalExits);
      expect(await shown('hook points patched')).toBe(report.hypervisor?.sitesPatched);
      expect(await shown('events injected')).toBe(report.hypervisor?.events.injected);
      const transitions = await page.locator('[data-table="transitions"] tbody tr').allTextContents();
      expect(transitions.length).toBe(Object.keys(report.counters.privilegeTransitions).length);
      expect(errors).toEqual([]);
    });
  });

  it('boots paused, single-steps, runs to a source line and resumes to the end', async () => {
    await step('debug', async () => {
      const native = buildGuest({ backend: nativeBackend });
      const entry = native.listing.find((e) => e.address === native.symbols.system_call && e.size > 0);
      if (!entry) throw new Error('no listing entry at system_call');
      const where = () => page.getByTestId('where').textContent();
      const instructions = async () =>
        Number((await page.locator('[data-counter="instructions"]').textContent())?.replace(/,/g, ''));
      await page.getByLabel('Backend').selectOption('native');
      await page.getByLabel('Platform').selectOption('bare');
      await page.getByTestId('boot').click();
      await page
        .getByTestId('run-state')
        .filter({ hasText: /^paused$/ })
        .waitFor();
      expect(await instructions()).toBe(0);
      await page.getByRole('button', { name: 'Step' }).click();
      await page.locator('[data-counter="instructions"]').filter({ hasText: /^1$/ }).waitFor();
      await page.getByLabel('Run to').fill(`${entry.file}:${entry.line}`);
      await page.getByRole('button', { name: 'Run to' }).click();
      await page
        .getByTestId('where')
        .filter({ hasText: `${entry.file}:${entry.line}` })
        .waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('run-state').textContent()).toBe('paused');
      expect(await where()).toBe(`${entry.file}:${entry.line}`);
      await page.getByRole('button', { name: 'Resume' }).click();
      await page
        .getByTestId('run-state')
        .filter({ hasText: /^ended/ })
        .waitFor({ timeout: 240_000 });
      expect(await page.getByTestId('run-state').textContent()).toBe('ended: exit 0');
    });
  });

  it('shows a hook point with its image bytes and the bytes the hypervisor patches in', async () => {
    await step('hooks', async () => {
      await page.getByRole('tab', { name: 'Hook points' }).click();
      const expected = describeHookPoints(buildGuest({ backend: vmiBackend })).find((p) => p.call === 'IRET');
      if (!expected) throw new Error('the VMI build has no IRET site');
      await page.getByLabel('Source file').first().selectOption(expected.file);
      await page.locator(`[data-site="0x${expected.address.toString(16)}"]`).click();
      const patched = (await page.getByTestId('patched-bytes').textContent()) ?? '';
      const bytes = expected.patchedBytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');
      expect(patched).toContain(bytes.slice(0, 14)); // the call's five bytes
      expect(patched).toContain(`call 0x${expected.romEntry.toString(16)}`);
      expect(await page.getByTestId('image-bytes').textContent()).toMatch(/cf\s+iret/);
      const detail = (await page.getByTestId('site-detail').textContent()) ?? '';
      expect(detail).toMatch(/went through it [1-9][\d,]* times/);
    });
  });

  it('rebuilds an edited kernel in the page and shows the error at its line', async () => {
    await step('edit', async () => {
      await page.getByRole('tab', { name: 'Edit and rebuild' }).click();
      const editor = page.getByLabel('Kernel source editor');
      await editor.click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type('\n\tmovl %eax,\n');
      await page.getByTestId('rebuild').click();
      await page
        .getByTestId('build-status')
        .filter({ hasText: /^Not built/ })
        .waitFor({ timeout: 60_000 });
      const diagnostics = (await page.getByTestId('diagnostics').textContent()) ?? '';
      expect(diagnostics).toMatch(/entry\.S:\d+: error: /);
      expect(await page.locator('.cm-error-line').count()).toBeGreaterThan(0);
    });
  });

  it('runs a sweep and draws its map; a failing boundary of the ablation names its line and invariant', async () => {
    await step('race', async () => {
      await page.getByRole('tab', { name: 'Race explorer' }).click();
      await page.getByTestId('explore').waitFor(); // the view is loaded when first opened
      const boxes = page.locator('.configurations input[type="checkbox"]');
      const total = await boxes.count();
      for (let i = 0; i < total; i++) await boxes.nth(i).setChecked(i === 3 || i === 4);
      await page.getByTestId('explore').click();
      await page.getByTestId('race-map').locator('svg').waitFor({ timeout: 120_000 });
      const summary = await page.locator('[data-table="race-summary"] tbody tr').allTextContents();
      expect(summary).toHaveLength(2);
      await page.getByTestId('failures').locator('tbody tr').first().click();
      const detail = (await page.getByTestId('failure-detail').textContent()) ?? '';
      expect(detail).toContain('IRET region not recognised');
      expect(detail).toMatch(/no-frame-into-return|handled-once|stack-bounded/);
      if (process.env.VMI386_WEB_SCREENSHOT) {
        await page.getByRole('tab', { name: 'Run' }).click();
        await page.screenshot({ path: process.env.VMI386_WEB_SCREENSHOT });
      }
    });
  });
});
