/** The scenario's driver for Debian's Chromium: Playwright over the DevTools protocol. */
import { chromium, type ElementHandle, type Page } from 'playwright-core';
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

export async function launchChromium(executablePath: string): Promise<BrowserDriver> {
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  const waitUntilFound = async (query: PageQuery, timeout = defaultTimeout, text?: RegExp) => {
    const found = pageScript(query, 'found');
    // Once directly, so that a script the page cannot run fails here with its error, not as a timeout.
    if (await page.evaluate(found)) return;
    try {
      await page.waitForFunction(found, undefined, { timeout, polling: 100 });
    } catch (error) {
      throw new Error(`chromium: no ${describeTarget(query.target, text)} after ${timeout} ms`, {
        cause: error,
      });
    }
  };
  /** The element to act on, once it is visible and enabled. */
  const element = async (target: Target): Promise<ElementHandle> => {
    const query = pageQuery(target, { actionable: true });
    await waitUntilFound(query);
    const found = await elementAt(page, query);
    if (!found) throw new Error(`chromium: ${describeTarget(target)} went away`);
    return found;
  };

  return {
    browser: 'chromium',
    pageErrors,
    goto: async (url) => {
      await page.goto(url);
    },
    click: async (target) => (await element(target)).click(),
    fill: async (target, text) => (await element(target)).fill(text),
    select: async (target, value) => {
      await (await element(target)).selectOption(value);
    },
    setChecked: async (target, checked) => (await element(target)).setChecked(checked),
    textsOf: async (target) => page.evaluate<string[]>(pageScript(pageQuery(target, { all: true }), 'texts')),
    waitFor: async (target: Target, options: WaitOptions = {}) =>
      waitUntilFound(pageQuery(target, { text: options.text }), options.timeout, options.text),
    press: (keys) => page.keyboard.press(keys),
    type: (text) => page.keyboard.type(text),
    screenshot: async (file, area) => {
      await page.screenshot({ path: file, fullPage: area === 'page' });
    },
    close: () => browser.close(),
  };
}

async function elementAt(page: Page, query: PageQuery): Promise<ElementHandle | null> {
  const matches = await page.evaluateHandle(pageScript(query, 'elements'));
  const first = await matches.getProperty('0');
  return first.asElement();
}
