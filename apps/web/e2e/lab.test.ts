/**
 * The browser lab end to end, in real browsers: the scenario of lab-scenario.ts against the
 * production build served locally, in Debian's Chromium (Playwright) and Debian's Firefox ESR
 * (Puppeteer over WebDriver BiDi). Neither tool downloads a browser. A browser that is not
 * installed is skipped with the reason printed. Screenshots go to a temporary folder when a step fails.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { GuestRunReport } from '@vmi386/lab';
import { externalTool } from '@vmi386/testkit';
import { build, type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchChromium } from './chromium-driver.js';
import type { BrowserDriver } from './driver.js';
import { launchFirefox } from './firefox-driver.js';
import { labScenario, type ScenarioContext } from './lab-scenario.js';

const appDir = fileURLToPath(new URL('..', import.meta.url));
/** Failure screenshots outlive the test run's own scratch directory. */
const screenshots = join(process.env.VMI386_KEPT_TMPDIR ?? tmpdir(), 'vmi386-web-e2e-failures');

/** Every browser the scenario runs in: the command and Debian package, and how to drive it. */
const browsers = [
  { name: 'Chromium', command: 'chromium', debianPackage: 'chromium', launch: launchChromium },
  { name: 'Firefox', command: 'firefox-esr', debianPackage: 'firefox-esr', launch: launchFirefox },
] as const;

/** The production build, served once for every browser. */
let server: Promise<PreviewServer> | undefined;
function site(): Promise<PreviewServer> {
  server ??= (async () => {
    const outDir = join(mkdtempSync(join(tmpdir(), 'vmi386-web-build-')), 'dist');
    await build({ root: appDir, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    return preview({
      root: appDir,
      logLevel: 'warn',
      build: { outDir },
      preview: { port: 0, strictPort: false },
    });
  })();
  return server;
}

/** The CLI's report for the configuration the scenario runs, computed once beside the browsers. */
let report: Promise<GuestRunReport> | undefined;
function cliReport(): Promise<GuestRunReport> {
  report ??= promisify(execFile)(
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
  ).then(({ stdout }) => JSON.parse(stdout) as GuestRunReport);
  return report;
}

afterAll(async () => {
  const served = await server;
  await new Promise<void>((resolve) => (served ? served.httpServer.close(() => resolve()) : resolve()));
});

for (const browser of browsers) {
  const tool = externalTool(browser.command, browser.debianPackage);

  describe.skipIf(!tool.path)(`the browser lab in ${browser.name}`, () => {
    let driver: BrowserDriver;
    const context: ScenarioContext = {
      cliReport,
      // The README's picture is Chromium's (the one CI has always taken).
      readmeScreenshot: browser.command === 'chromium' ? process.env.VMI386_WEB_SCREENSHOT : undefined,
    };

    beforeAll(async () => {
      void cliReport().catch(() => undefined); // started now, awaited by the step that needs it
      const [served, launched] = await Promise.all([site(), browser.launch(tool.path ?? '')]);
      driver = launched;
      await driver.goto(served.resolvedUrls?.local[0] ?? '');
    });

    afterAll(async () => {
      await driver?.close();
    });

    for (const step of labScenario) {
      it(step.title, async () => {
        try {
          await step.run(driver, context);
        } catch (error) {
          mkdirSync(screenshots, { recursive: true });
          const file = join(screenshots, `${browser.command}-${step.name}.png`);
          await driver.screenshot(file, 'page').catch(() => undefined);
          throw new Error(`${(error as Error).message}\n(screenshot: ${file})`, { cause: error });
        }
      });
    }
  });
}
