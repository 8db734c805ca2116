import type { BackendName, HookPoint } from '@vmi386/lab';
import type { LabState } from '../lab-state.js';
import type { KernelDescription } from '../protocol.js';
import { createCodeView, type LineMark } from '../ui/code-view.js';
import { choice, fill, h, table } from '../ui/dom.js';
import { bytesText, count, hex, hex32, plural } from '../ui/format.js';

/**
 * Hook points: the kernel sources with every VMI site marked; a site's image bytes (the native
 * instruction and its padding), the bytes the hypervisor patches in, both disassembled, the ROM
 * entry, and how often the last run went through it. A toggle shows the native build's bytes.
 */
export function mountHooksView(container: HTMLElement, lab: LabState): void {
  const fileChoice = h('select', { 'aria-label': 'Source file' });
  const build = choice<BackendName>('Bytes of the', ['vmi', 'native'], 'vmi', (b) => `${b} build`);
  const sitesHost = h('div', { class: 'sites' });
  const detail = h(
    'div',
    { class: 'detail', 'data-testid': 'site-detail', 'aria-live': 'polite' },
    'Select a hook point.',
  );
  const codeHost = h('div', { class: 'code' });
  fill(
    container,
    h('div', { class: 'toolbar' }, h('label', {}, 'File ', fileChoice), build.element),
    h(
      'div',
      { class: 'hooks-grid' },
      h('div', {}, codeHost),
      h('div', {}, h('h3', {}, 'Hook points in this file'), sitesHost, h('h3', {}, 'Selected'), detail),
    ),
  );
  const code = createCodeView(codeHost, {
    readOnly: true,
    label: 'Kernel source',
    onLineClick: (line) => {
      const point = points().find((p) => p.file === file() && p.line === line);
      if (point) select(point);
    },
  });

  let description: KernelDescription | undefined;
  let visits: ReadonlyMap<number, number> = new Map();
  let selected: HookPoint | undefined;
  const file = () => fileChoice.value;
  const points = () => description?.hookPoints ?? [];

  const render = () => {
    if (!description) return;
    code.setText(description.sources[file()] ?? '');
    const listing = new Map<number, string>();
    for (const entry of description.listings[build.value]) {
      if (entry.file === file() && !listing.has(entry.line))
        listing.set(entry.line, `${hex32(entry.address)}  ${entry.bytes}`);
    }
    code.setListing(listing);
    renderMarks();
    renderSites();
  };
  const renderMarks = () => {
    const marks = new Map<number, LineMark>();
    if (build.value === 'vmi') {
      for (const point of points())
        if (point.file === file()) marks.set(point.line, point === selected ? 'selected-site' : 'site');
    }
    code.setMarks(marks);
  };
  const renderSites = () => {
    const inFile = points().filter((p) => p.file === file());
    fill(
      sitesHost,
      inFile.length === 0
        ? h('p', {}, 'No hook points in this file.')
        : table(
            ['site', 'call', 'line', 'visits'],
            inFile.map((point) => [
              h(
                'button',
                { type: 'button', 'data-site': hex(point.address), onclick: () => select(point) },
                hex32(point.address),
              ),
              point.call,
              point.line,
              visits.get(point.address) ?? 0,
            ]),
          ),
    );
  };
  const select = (point: HookPoint) => {
    selected = point;
    code.showLine(point.line);
    renderMarks();
    const disassembly = (lines: HookPoint['imageDisassembly']) =>
      lines
        .map((l) => `${hex32(point.address + l.offset)}  ${bytesText(l.bytes).padEnd(20)} ${l.text}`)
        .join('\n');
    fill(
      detail,
      h(
        'p',
        {},
        h('strong', {}, point.call),
        ` at ${hex32(point.address)}, ${point.file}:${point.line}, ${plural(point.imageBytes.length, 'byte')}`,
      ),
      h(
        'p',
        {},
        `In the image: the native instruction (${plural(point.nativeLength, 'byte')}), then padding:`,
      ),
      h('pre', { 'data-testid': 'image-bytes' }, disassembly(point.imageDisassembly)),
      h('p', {}, `Patched by the hypervisor: a call to the ROM entry at ${hex32(point.romEntry)}:`),
      h('pre', { 'data-testid': 'patched-bytes' }, disassembly(point.patchedDisassembly)),
      h('p', {}, `The last VMI run went through it ${count(visits.get(point.address) ?? 0)} times.`),
    );
  };

  fileChoice.addEventListener('change', render);
  build.select.addEventListener('change', render);
  lab.onDescription((next) => {
    description = next;
    const files = Object.keys(next.sources);
    const previous = file();
    fill(fileChoice, ...files.map((f) => h('option', { value: f }, f)));
    fileChoice.value = files.includes(previous)
      ? previous
      : (files.find((f) => f.endsWith('entry.S')) ?? files[0] ?? '');
    selected = undefined;
    render();
  });
  lab.onVisits((next) => {
    visits = next;
    renderSites();
    if (selected) select(selected);
  });
}
