/**
 * The browser lab's end-to-end scenario, written once against `BrowserDriver` and run in every
 * browser the machine has (lab.test.ts). The steps run in order on one page: each leaves the page
 * where the next expects it.
 */
import { buildGuest } from '@vmi386/guest-entry';
import { describeHookPoints, type GuestRunReport } from '@vmi386/lab';
import { nativeBackend } from '@vmi386/mach-native';
import { vmiBackend } from '@vmi386/mach-vmi';
import { expect } from 'vitest';
import { type BrowserDriver, button, css, label, nth, tab, testId, textOf } from './driver.js';

export interface ScenarioContext {
  /** `vmi386 run --backend vmi --platform hypervisor --json`, run by the CLI beside the browser. */
  cliReport: () => Promise<GuestRunReport>;
  /** Where to save the README's picture of the run view, when asked to. */
  readmeScreenshot?: string;
}

export interface ScenarioStep {
  /** Short name: the failure screenshot's file name. */
  name: string;
  title: string;
  run: (driver: BrowserDriver, context: ScenarioContext) => Promise<void>;
}

const counter = async (driver: BrowserDriver, name: string) =>
  Number((await textOf(driver, css(`[data-counter="${name}"]`))).replace(/,/g, ''));

/** A pattern matching exactly this text. */
const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

export const labScenario: readonly ScenarioStep[] = [
  {
    name: 'run',
    title: 'runs VMI under the hypervisor to the end, with the counters of `vmi386 run --json`',
    run: async (driver, context) => {
      await driver.select(label('Backend'), 'vmi');
      await driver.select(label('Platform'), 'hypervisor');
      await driver.click(testId('run'));
      await driver.waitFor(testId('run-state'), { text: /^ended/, timeout: 240_000 });
      expect(await textOf(driver, testId('run-state'))).toBe('ended: exit 0');
      expect(await textOf(driver, testId('console-text'))).toContain('summary: 17 passed');

      const report = await context.cliReport();
      expect(await counter(driver, 'instructions')).toBe(report.counters.instructions);
      expect(await counter(driver, 'cycles')).toBe(report.counters.cycles);
      expect(await counter(driver, 'monitor exits')).toBe(report.hypervisor?.totalExits);
      expect(await counter(driver, 'hook points patched')).toBe(report.hypervisor?.sitesPatched);
      expect(await counter(driver, 'events injected')).toBe(report.hypervisor?.events.injected);
      const transitions = await driver.textsOf(css('[data-table="transitions"] tbody tr'));
      expect(transitions.length).toBe(Object.keys(report.counters.privilegeTransitions).length);
      expect(driver.pageErrors).toEqual([]);
    },
  },
  {
    name: 'debug',
    title: 'boots paused, single-steps, runs to a source line and resumes to the end',
    run: async (driver) => {
      const native = buildGuest({ backend: nativeBackend });
      const entry = native.listing.find((e) => e.address === native.symbols.system_call && e.size > 0);
      if (!entry) throw new Error('no listing entry at system_call');
      const line = `${entry.file}:${entry.line}`;
      await driver.select(label('Backend'), 'native');
      await driver.select(label('Platform'), 'bare');
      await driver.click(testId('boot'));
      await driver.waitFor(testId('run-state'), { text: /^paused$/ });
      expect(await counter(driver, 'instructions')).toBe(0);
      await driver.click(button('Step'));
      await driver.waitFor(css('[data-counter="instructions"]'), { text: /^1$/ });
      await driver.fill(label('Run to'), line);
      await driver.click(button('Run to'));
      await driver.waitFor(testId('where'), { text: exactly(line), timeout: 60_000 });
      expect(await textOf(driver, testId('run-state'))).toBe('paused');
      await driver.click(button('Resume'));
      await driver.waitFor(testId('run-state'), { text: /^ended/, timeout: 240_000 });
      expect(await textOf(driver, testId('run-state'))).toBe('ended: exit 0');
    },
  },
  {
    name: 'hooks',
    title: 'reaches the hook points by keyboard; a hook point shows its image bytes and the bytes patched in',
    run: async (driver) => {
      // The tabs are keyboard operable: the arrow keys move to the next view and focus its tab.
      await driver.click(tab('Run'));
      await driver.press('ArrowRight');
      await driver.waitFor(css('[role="tab"][aria-selected="true"]:focus'), { text: /^Hook points$/ });
      const expected = describeHookPoints(buildGuest({ backend: vmiBackend })).find((p) => p.call === 'IRET');
      if (!expected) throw new Error('the VMI build has no IRET site');
      await driver.select(label('Source file'), expected.file);
      await driver.click(css(`[data-site="0x${expected.address.toString(16)}"]`));
      const patched = await textOf(driver, testId('patched-bytes'));
      const bytes = expected.patchedBytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');
      expect(patched).toContain(bytes.slice(0, 14)); // the call's five bytes
      expect(patched).toContain(`call 0x${expected.romEntry.toString(16)}`);
      expect(await textOf(driver, testId('image-bytes'))).toMatch(/cf\s+iret/);
      expect(await textOf(driver, testId('site-detail'))).toMatch(/went through it [1-9][\d,]* times/);
    },
  },
  {
    name: 'edit',
    title: 'rebuilds an edited kernel in the page and shows the error at its line',
    run: async (driver) => {
      await driver.click(tab('Edit and rebuild'));
      await driver.click(label('Kernel source editor'));
      await driver.press('Control+End');
      await driver.type('\n\tmovl %eax,\n');
      // Started from the keyboard: the button keeps focus through the build that disables it.
      await driver.click(testId('rebuild'));
      await driver.waitFor(testId('build-status'), { text: /^Not built/, timeout: 60_000 });
      await driver.press('Enter');
      await driver.waitFor(testId('build-status'), { text: /^Not built/, timeout: 60_000 });
      await driver.waitFor(css('[data-testid="rebuild"]:focus'));
      expect(await textOf(driver, testId('diagnostics'))).toMatch(/entry\.S:\d+: error: /);
      expect((await driver.textsOf(css('.cm-error-line'))).length).toBeGreaterThan(0);
    },
  },
  {
    name: 'race',
    title: 'runs a sweep and draws its map; a failing boundary of the ablation names its line and invariant',
    run: async (driver, context) => {
      await driver.click(tab('Race explorer'));
      await driver.waitFor(testId('explore')); // the view is loaded when first opened
      const boxes = css('.configurations input[type="checkbox"]');
      const total = (await driver.textsOf(boxes)).length;
      for (let i = 0; i < total; i++) await driver.setChecked(nth(boxes, i), i === 3 || i === 4);
      await driver.click(testId('explore'));
      await driver.waitFor(css('[data-testid="race-map"] svg'), { timeout: 120_000 });
      expect(await driver.textsOf(css('[data-table="race-summary"] tbody tr'))).toHaveLength(2);
      await driver.click(css('[data-testid="failures"] tbody tr'));
      const detail = await textOf(driver, testId('failure-detail'));
      expect(detail).toContain('IRET region not recognised');
      expect(detail).toMatch(/no-frame-into-return|handled-once|stack-bounded/);
      if (context.readmeScreenshot) {
        await driver.click(tab('Run'));
        await driver.screenshot(context.readmeScreenshot, 'viewport');
      }
    },
  },
];
