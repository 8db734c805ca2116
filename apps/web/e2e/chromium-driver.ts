/** The scenario's driver for Debian's Chromium: Playwright over the DevTools protocol. */
import { chromium } from 'playwright-core';
import type { BrowserDriver } from './driver.js';
import { elementFinder } from './find-in-page.js';

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
  const { element, waitFor, textsOf } = elementFinder('chromium', {
    evaluate: (script) => page.evaluate(script),
    poll: async (script, timeout) => {
      await page.waitForFunction(script, undefined, { timeout, polling: 100 });
    },
    firstElement: async (script) => (await (await page.evaluateHandle(script)).getProperty('0')).asElement(),
  });

  return {
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
    textsOf,
    waitFor,
    press: (keys) => page.keyboard.press(keys),
    type: (text) => page.keyboard.type(text),
    screenshot: async (file, area) => {
      await page.screenshot({ path: file, fullPage: area === 'page' });
    },
    close: () => browser.close(),
  };
}
