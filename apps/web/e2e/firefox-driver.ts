/**
 * The scenario's driver for Debian's Firefox ESR: Puppeteer over WebDriver BiDi (Firefox's own
 * remote protocol; Puppeteer downloads no browser). Playwright's Firefox support needs its patched
 * Firefox build, and its BiDi channel sends commands Firefox ESR does not know yet.
 */
import puppeteer, { type ElementHandle, type KeyInput, type Page } from 'puppeteer-core';
import {
  type BrowserDriver,
  describeTarget,
  type PageQuery,
  pageQuery,
  pageScript,
  type Target,
  type WaitOptions,
} from './driver.js';

const defaultTimeout = 30_000;

export async function launchFirefox(executablePath: string): Promise<BrowserDriver> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath,
    headless: true,
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 1440, height: 1000 });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error instanceof Error ? error.message : String(error)));

  const waitUntilFound = async (query: PageQuery, timeout = defaultTimeout, text?: RegExp) => {
    const found = pageScript(query, 'found');
    // Once directly, so that a script the page cannot run fails here with its error, not as a timeout.
    if (await page.evaluate(found)) return;
    try {
      await page.waitForFunction(found, { timeout, polling: 100 });
    } catch (error) {
      throw new Error(`firefox: no ${describeTarget(query.target, text)} after ${timeout} ms`, {
        cause: error,
      });
    }
  };
  /** The element to act on, once it is visible and enabled. */
  const element = async (target: Target): Promise<ElementHandle> => {
    const query = pageQuery(target, { actionable: true });
    await waitUntilFound(query);
    const found = await elementAt(page, query);
    if (!found) throw new Error(`firefox: ${describeTarget(target)} went away`);
    return found;
  };

  return {
    browser: 'firefox',
    pageErrors,
    goto: async (url) => {
      await page.goto(url);
    },
    click: async (target) => (await element(target)).click(),
    fill: async (target, text) => {
      const field = await element(target);
      await field.evaluate((input) => {
        (input as HTMLInputElement).value = '';
      });
      await field.type(text);
    },
    select: async (target, value) => {
      await (await element(target)).select(value);
    },
    setChecked: async (target, checked) => {
      const box = await element(target);
      if ((await box.evaluate((input) => (input as HTMLInputElement).checked)) !== checked) await box.click();
    },
    textsOf: async (target) =>
      (await page.evaluate(pageScript(pageQuery(target, { all: true }), 'texts'))) as string[],
    waitFor: async (target: Target, options: WaitOptions = {}) =>
      waitUntilFound(pageQuery(target, { text: options.text }), options.timeout, options.text),
    press: async (keys) => {
      // Playwright's chord notation, `Control+End`: hold the modifiers, press the last key.
      const parts = keys.split('+') as KeyInput[];
      const key = parts.pop() as KeyInput;
      for (const modifier of parts) await page.keyboard.down(modifier);
      await page.keyboard.press(key);
      for (const modifier of parts.reverse()) await page.keyboard.up(modifier);
    },
    type: (text) => page.keyboard.type(text),
    screenshot: async (file, area) => {
      await page.screenshot({ path: file as `${string}.png`, fullPage: area === 'page' });
    },
    close: () => browser.close(),
  };
}

async function elementAt(page: Page, query: PageQuery): Promise<ElementHandle | null> {
  const matches = await page.evaluateHandle(pageScript(query, 'elements'));
  const first = await matches.getProperty('0');
  return first.asElement() as ElementHandle | null;
}
