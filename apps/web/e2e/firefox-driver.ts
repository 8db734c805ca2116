/**
 * The scenario's driver for Debian's Firefox ESR: Puppeteer over WebDriver BiDi (Firefox's own
 * remote protocol; Puppeteer downloads no browser). Playwright's Firefox support needs its patched
 * Firefox build, and its BiDi channel sends commands Firefox ESR does not know yet.
 */
import puppeteer, { type ElementHandle, type KeyInput } from 'puppeteer-core';
import type { BrowserDriver } from './driver.js';
import { elementFinder } from './find-in-page.js';

export async function launchFirefox(executablePath: string): Promise<BrowserDriver> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath,
    headless: true,
    // Puppeteer's 30 s default is short for a first Firefox start on a loaded CI machine.
    timeout: 120_000,
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 1440, height: 1000 });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error instanceof Error ? error.message : String(error)));

  const { element, waitFor, textsOf } = elementFinder('firefox', {
    evaluate: (script) => page.evaluate(script),
    poll: async (script, timeout) => {
      await page.waitForFunction(script, { timeout, polling: 100 });
    },
    firstElement: async (script) =>
      (await (await page.evaluateHandle(script)).getProperty('0')).asElement() as ElementHandle | null,
  });

  return {
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
    textsOf,
    waitFor,
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
