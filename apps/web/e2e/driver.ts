/**
 * The few things the end-to-end scenario asks of a browser, so that one scenario runs in Chromium
 * (Playwright) and in Firefox (Puppeteer over WebDriver BiDi). Every driver finds elements with
 * find-in-page.ts, so both browsers see the same elements for the same target.
 */

/** How the scenario names an element: by what a user or a screen reader sees where possible. */
export type TargetKind =
  /** `data-testid="…"` */
  | 'testId'
  /** an `aria-label`, or the text of the `<label>` around a control */
  | 'label'
  /** a button (not a tab) by its text */
  | 'button'
  /** a `role="tab"` element by its text */
  | 'tab'
  /** a CSS selector */
  | 'css';

export interface Target {
  kind: TargetKind;
  name: string;
  /** Which of the matches, in document order (the first when absent). */
  nth?: number;
}

export const testId = (name: string): Target => ({ kind: 'testId', name });
export const label = (name: string): Target => ({ kind: 'label', name });
export const button = (name: string): Target => ({ kind: 'button', name });
export const tab = (name: string): Target => ({ kind: 'tab', name });
export const css = (name: string): Target => ({ kind: 'css', name });
export const nth = (target: Target, index: number): Target => ({ ...target, nth: index });

export interface WaitOptions {
  /** Wait until the element's text matches (otherwise until it exists). */
  text?: RegExp;
  /** Milliseconds; 30 s when absent. */
  timeout?: number;
}

export interface BrowserDriver {
  /** Uncaught errors the page has thrown so far. */
  readonly pageErrors: readonly string[];
  goto(url: string): Promise<void>;
  /** Clicks the element once it is visible and enabled. */
  click(target: Target): Promise<void>;
  /** Replaces a text field's value by typing `text`. */
  fill(target: Target, text: string): Promise<void>;
  select(target: Target, value: string): Promise<void>;
  setChecked(target: Target, checked: boolean): Promise<void>;
  /** The text of every match, whatever the target's `nth` (an empty list when none). */
  textsOf(target: Target): Promise<string[]>;
  waitFor(target: Target, options?: WaitOptions): Promise<void>;
  /** A key or chord in Playwright's notation: `Enter`, `Control+End`. */
  press(keys: string): Promise<void>;
  /** Types text into the focused element, one key at a time. */
  type(text: string): Promise<void>;
  /** A PNG of the whole page or of the viewport only. */
  screenshot(file: string, area: 'page' | 'viewport'): Promise<void>;
  close(): Promise<void>;
}

/** The text of the target's first match, or the empty string when there is none. */
export async function textOf(driver: BrowserDriver, target: Target): Promise<string> {
  return (await driver.textsOf(target))[target.nth ?? 0] ?? '';
}

/** Says which target a driver gave up waiting for, in the scenario's words. */
export function describeTarget(target: Target, text?: RegExp): string {
  const which = target.nth ? ` #${target.nth}` : '';
  return `${target.kind} "${target.name}"${which}${text ? ` with text ${text}` : ''}`;
}
