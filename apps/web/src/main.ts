import { LabState } from './lab-state.js';
import { errorBox, h } from './ui/dom.js';

/** The views, each loaded when first opened so that the first one is interactive quickly. */
const views = [
  { id: 'run', title: 'Run', load: () => import('./views/run-view.js').then((m) => m.mountRunView) },
  {
    id: 'hooks',
    title: 'Hook points',
    load: () => import('./views/hooks-view.js').then((m) => m.mountHooksView),
  },
  {
    id: 'matrix',
    title: 'The matrix',
    load: () => import('./views/matrix-view.js').then((m) => m.mountMatrixView),
  },
  {
    id: 'race',
    title: 'Race explorer',
    load: () => import('./views/race-view.js').then((m) => m.mountRaceView),
  },
  {
    id: 'edit',
    title: 'Edit and rebuild',
    load: () => import('./views/edit-view.js').then((m) => m.mountEditView),
  },
] as const;

type ViewId = (typeof views)[number]['id'];

const lab = new LabState();
const tabList = document.querySelector('[role="tablist"]') as HTMLElement;
const main = document.querySelector('main') as HTMLElement;
const tabs = new Map<ViewId, HTMLButtonElement>();
const panels = new Map<ViewId, HTMLElement>();

for (const view of views) {
  const tab = h(
    'button',
    {
      type: 'button',
      role: 'tab',
      id: `tab-${view.id}`,
      'aria-controls': `panel-${view.id}`,
      'aria-selected': 'false',
    },
    view.title,
  );
  tab.addEventListener('click', () => show(view.id));
  tab.addEventListener('keydown', (event) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const index = views.findIndex((v) => v.id === view.id);
    const next = views[(index + step + views.length) % views.length];
    if (next) {
      show(next.id);
      tabs.get(next.id)?.focus();
    }
  });
  tabs.set(view.id, tab);
  tabList.append(tab);
}

async function show(id: ViewId): Promise<void> {
  for (const [other, tab] of tabs) {
    tab.setAttribute('aria-selected', String(other === id));
    tab.tabIndex = other === id ? 0 : -1;
  }
  for (const [other, panel] of panels) panel.hidden = other !== id;
  if (panels.has(id)) return;
  const panel = h(
    'section',
    { role: 'tabpanel', id: `panel-${id}`, 'aria-labelledby': `tab-${id}`, class: 'panel' },
    'Loading…',
  );
  panels.set(id, panel);
  main.append(panel);
  const view = views.find((v) => v.id === id);
  try {
    const mount = await (view as (typeof views)[number]).load();
    mount(panel, lab);
  } catch (error) {
    panel.replaceChildren(
      errorBox('This view failed to load', error instanceof Error ? error.message : String(error)),
    );
  }
}

const initial = views.find((v) => `#${v.id}` === location.hash)?.id ?? 'run';
void show(initial);
window.addEventListener('hashchange', () => {
  const id = views.find((v) => `#${v.id}` === location.hash)?.id;
  if (id) void show(id);
});
