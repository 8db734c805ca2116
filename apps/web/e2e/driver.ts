/**
 * The few things the end-to-end scenario asks of a browser, so that one scenario runs in Chromium
 * (Playwright) and in Firefox (Puppeteer over WebDriver BiDi). Elements are found in the page by
 * one function, `findInPage`, which every driver evaluates there: both browsers see the same
 * elements for the same target.
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
  readonly browser: 'chromium' | 'firefox';
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

/** A query as it crosses into the page: plain data only (a RegExp does not survive the trip). */
export interface PageQuery {
  target: Target;
  /** Only visible, enabled elements (for clicking and typing). */
  actionable: boolean;
  text?: { source: string; flags: string };
  /** Every match instead of the nth. */
  all: boolean;
}

export function pageQuery(
  target: Target,
  options: { actionable?: boolean; text?: RegExp; all?: boolean } = {},
): PageQuery {
  const { actionable = false, text, all = false } = options;
  return { target, actionable, all, text: text && { source: text.source, flags: text.flags } };
}

/**
 * Runs in the page (its source text is sent there): the matches of a query, or the nth.
 * Self-contained on purpose: no helpers from this module exist over there, and no named inner
 * functions either, which a transpiler keeping function names (tsx) wraps in its own `__name`.
 */
export function findInPage(query: PageQuery): Element[] {
  const { target } = query;
  let matches: Element[];
  if (target.kind === 'css') {
    matches = Array.from(document.querySelectorAll(target.name));
  } else if (target.kind === 'testId') {
    matches = Array.from(document.querySelectorAll(`[data-testid="${CSS.escape(target.name)}"]`));
  } else if (target.kind === 'label') {
    matches = Array.from(document.querySelectorAll('[aria-label], label')).flatMap((element) => {
      if (element.getAttribute('aria-label') === target.name) return [element];
      const control = element instanceof HTMLLabelElement ? element.control : null;
      // The label's own words, without the text of the control inside it (a select's options).
      const ownText = Array.from(element.childNodes)
        .filter((node) => node.nodeType === Node.TEXT_NODE)
        .map((node) => node.textContent ?? '')
        .join('')
        .trim();
      return control && ownText === target.name ? [control] : [];
    });
  } else {
    const selector = target.kind === 'tab' ? '[role="tab"]' : 'button:not([role]), [role="button"]';
    matches = Array.from(document.querySelectorAll(selector)).filter(
      (element) => (element.textContent ?? '').trim() === target.name,
    );
  }
  if (query.actionable) {
    matches = matches.filter(
      (element) => element.getClientRects().length > 0 && !(element as HTMLButtonElement).disabled,
    );
  }
  if (query.text) {
    const pattern = new RegExp(query.text.source, query.text.flags);
    matches = matches.filter((element) => pattern.test(element.textContent ?? ''));
  }
  if (query.all) return matches;
  const chosen = matches[target.nth ?? 0];
  return chosen ? [chosen] : [];
}

/** What a page script gives back: the matching elements, their texts, or whether any matched. */
export type PageResult = 'elements' | 'texts' | 'found';

/** The script every driver evaluates in the page for a query: the same text in every browser. */
export function pageScript(query: PageQuery, result: PageResult): string {
  const matches = `(${findInPage.toString()})(${JSON.stringify(query)})`;
  if (result === 'texts') return `${matches}.map((element) => element.textContent ?? '')`;
  if (result === 'found') return `${matches}.length > 0`;
  return matches;
}

/** Says which target a driver gave up waiting for, in the scenario's words. */
export function describeTarget(target: Target, text?: RegExp): string {
  const which = target.nth ? ` #${target.nth}` : '';
  return `${target.kind} "${target.name}"${which}${text ? ` with text ${text}` : ''}`;
}
