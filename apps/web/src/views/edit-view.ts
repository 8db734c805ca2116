import type { LabState } from '../lab-state.js';
import type { BuildDiagnostic, KernelSources } from '../protocol.js';
import { createCodeView, type LineMark } from '../ui/code-view.js';
import { fill, h } from '../ui/dom.js';
import { busy } from '../ui/keep-focus.js';

/**
 * Edit and rebuild: change any kernel source, rebuild both backends with `@vmi386/asm` in a worker,
 * see the diagnostics at their lines. A kernel that builds becomes the one every run uses; Reset
 * restores the shipped sources.
 */
export function mountEditView(container: HTMLElement, lab: LabState): void {
  const fileChoice = h('select', { 'aria-label': 'Source file' });
  const rebuild = h('button', { type: 'button', 'data-testid': 'rebuild' }, 'Rebuild');
  const reset = h('button', { type: 'button' }, 'Reset to the shipped sources');
  const status = h('output', { 'aria-live': 'polite', 'data-testid': 'build-status' });
  const diagnosticsHost = h('ul', { class: 'diagnostics', 'data-testid': 'diagnostics' });
  const codeHost = h('div', { class: 'code' });
  fill(
    container,
    h('div', { class: 'toolbar' }, h('label', {}, 'File ', fileChoice), rebuild, reset, status),
    codeHost,
    diagnosticsHost,
  );

  /** The text of every file as the user left it (starts as the kernel the lab uses). */
  let draft: Record<string, string> = {};
  let diagnostics: readonly BuildDiagnostic[] = [];
  let showing = '';
  const code = createCodeView(codeHost, {
    readOnly: false,
    label: 'Kernel source editor',
    onChange: () => {
      if (showing) draft[showing] = code.text();
    },
  });

  const show = (file: string) => {
    showing = '';
    code.setText(draft[file] ?? '');
    showing = file;
    markErrors();
  };
  const markErrors = () => {
    const marks = new Map<number, LineMark>();
    for (const d of diagnostics) if (d.file === showing && d.severity === 'error') marks.set(d.line, 'error');
    code.setMarks(marks);
  };
  const renderDiagnostics = () => {
    fill(
      diagnosticsHost,
      ...diagnostics.map((d) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              onclick: () => {
                fileChoice.value = d.file;
                show(d.file);
                code.showLine(d.line);
              },
            },
            `${d.file}:${d.line}`,
          ),
          `: ${d.severity}: ${d.message}`,
        ),
      ),
    );
    markErrors();
  };

  const build = (sources: KernelSources | undefined) => {
    const done = busy(rebuild);
    status.textContent = 'building…';
    void lab.build(sources).then((description) => {
      done();
      diagnostics = description.diagnostics;
      renderDiagnostics();
      if (description.ok) {
        lab.adopt(description);
        status.textContent = description.shipped
          ? 'The shipped kernel: the runs use it.'
          : 'Built: the runs, the hook points and the listings now use your kernel.';
      } else {
        const errors = description.diagnostics.filter((d) => d.severity === 'error').length;
        status.textContent = `Not built: ${errors} error${errors === 1 ? '' : 's'}. The runs keep the last kernel that built.`;
      }
    });
  };
  rebuild.addEventListener('click', () => build({ ...draft }));
  reset.addEventListener('click', () => {
    draft = {};
    build(undefined);
  });
  fileChoice.addEventListener('change', () => show(fileChoice.value));

  lab.onDescription((description) => {
    // A build the user just made keeps their drafts; a reset brings back the shipped text.
    if (Object.keys(draft).length === 0 || description.shipped) draft = { ...description.sources };
    const files = Object.keys(description.sources);
    const previous = fileChoice.value;
    fill(fileChoice, ...files.map((f) => h('option', { value: f }, f)));
    fileChoice.value = files.includes(previous)
      ? previous
      : (files.find((f) => f.endsWith('entry.S')) ?? files[0] ?? '');
    show(fileChoice.value);
  });
}
