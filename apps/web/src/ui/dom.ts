/** A small element builder: `h('button', { type: 'button', onclick }, 'Run')`. */
type Attributes = Record<string, string | number | boolean | EventListener | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

/** Replaces an element's children. */
export function fill(element: Element, ...children: (Node | string)[]): void {
  element.replaceChildren(...children);
}

/** A `<select>` of string options, with an accessible label. */
export function choice<T extends string>(
  label: string,
  options: readonly T[],
  value: T,
  labelOf: (option: T) => string = (option) => option,
): { element: HTMLLabelElement; select: HTMLSelectElement; get value(): T } {
  const select = h('select', {});
  for (const option of options) {
    const element = h('option', { value: option }, labelOf(option));
    if (option === value) element.selected = true;
    select.append(element);
  }
  return {
    element: h('label', {}, `${label} `, select),
    select,
    get value() {
      return select.value as T;
    },
  };
}

/** A table from rows of cells; the first row is the header. */
export function table(
  header: readonly string[],
  rows: readonly (readonly (string | number | Node)[])[],
  attributes: Attributes = {},
): HTMLTableElement {
  return h(
    'table',
    attributes,
    h('thead', {}, h('tr', {}, ...header.map((cell) => h('th', { scope: 'col' }, cell)))),
    h(
      'tbody',
      {},
      ...rows.map((row) =>
        h(
          'tr',
          {},
          ...row.map((cell) => h('td', {}, typeof cell === 'number' ? cell.toLocaleString('en-US') : cell)),
        ),
      ),
    ),
  );
}

/** An error box: the reason in words, never a blank page. */
export function errorBox(title: string, message: string): HTMLElement {
  return h('div', { class: 'error', role: 'alert' }, h('strong', {}, title), h('pre', {}, message));
}
