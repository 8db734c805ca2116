/**
 * How every driver finds the scenario's elements: one function, `findInPage`, whose source text is
 * evaluated in the page by whichever protocol library drives the browser, and the waiting around it.
 */
import { describeTarget, type Target, type WaitOptions } from './driver.js';

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

/** The three things the finding code needs from a protocol library (Playwright, Puppeteer). */
export interface ScriptRunner<Handle> {
  evaluate(script: string): Promise<unknown>;
  /** Resolves once the script returns true, polling; rejects after `timeout` ms. */
  poll(script: string, timeout: number): Promise<void>;
  /** The first element of the array the script returns, as the library's element handle. */
  firstElement(script: string): Promise<Handle | null>;
}

const defaultTimeout = 30_000;

/** Waiting for targets and reading them, the same way in every browser. */
export function elementFinder<Handle>(browser: string, runner: ScriptRunner<Handle>) {
  const waitUntilFound = async (query: PageQuery, timeout = defaultTimeout, text?: RegExp) => {
    const found = pageScript(query, 'found');
    // Once directly, so that a script the page cannot run fails here with its error, not as a timeout.
    if (await runner.evaluate(found)) return;
    try {
      await runner.poll(found, timeout);
    } catch (error) {
      throw new Error(`${browser}: no ${describeTarget(query.target, text)} after ${timeout} ms`, {
        cause: error,
      });
    }
  };
  return {
    /** Waits until the target exists (and its text matches, when asked). */
    waitFor: (target: Target, options: WaitOptions = {}) =>
      waitUntilFound(pageQuery(target, { text: options.text }), options.timeout, options.text),
    /** The element to act on, once it is visible and enabled. */
    element: async (target: Target): Promise<Handle> => {
      const query = pageQuery(target, { actionable: true });
      await waitUntilFound(query);
      const found = await runner.firstElement(pageScript(query, 'elements'));
      if (!found) throw new Error(`${browser}: ${describeTarget(target)} went away`);
      return found;
    },
    /** The text of every match. */
    textsOf: async (target: Target) =>
      (await runner.evaluate(pageScript(pageQuery(target, { all: true }), 'texts'))) as string[],
  };
}
