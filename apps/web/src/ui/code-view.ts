/**
 * The kernel source view (CodeMirror 6): GNU as syntax, line numbers, an optional gutter with each
 * line's address and bytes in the current build, and marked lines (hook points, errors).
 */
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { StreamLanguage } from '@codemirror/language';
import { gas } from '@codemirror/legacy-modes/mode/gas';
import { EditorState, RangeSet, StateEffect, StateField } from '@codemirror/state';
import {
  Decoration,
  type DecorationSet,
  EditorView,
  GutterMarker,
  gutter,
  highlightActiveLine,
  keymap,
  lineNumbers,
} from '@codemirror/view';

export type LineMark = 'site' | 'selected-site' | 'error';

const markClass: Record<LineMark, string> = {
  site: 'cm-site-line',
  'selected-site': 'cm-site-line selected',
  error: 'cm-error-line',
};

const setMarks = StateEffect.define<ReadonlyMap<number, LineMark>>();
const setListing = StateEffect.define<ReadonlyMap<number, string>>();

const marksField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(value, transaction) {
    let next = value.map(transaction.changes);
    for (const effect of transaction.effects) {
      if (!effect.is(setMarks)) continue;
      const doc = transaction.state.doc;
      const ranges = [...effect.value]
        .filter(([line]) => line >= 1 && line <= doc.lines)
        .sort((a, b) => a[0] - b[0])
        .map(([line, mark]) => Decoration.line({ class: markClass[mark] }).range(doc.line(line).from));
      next = Decoration.set(ranges);
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

class ListingMarker extends GutterMarker {
  constructor(readonly text: string) {
    super();
  }
  override eq(other: ListingMarker): boolean {
    return other.text === this.text;
  }
  override toDOM(): Node {
    return document.createTextNode(this.text);
  }
}

const listingField = StateField.define<RangeSet<GutterMarker>>({
  create: () => RangeSet.empty,
  update(value, transaction) {
    let next = value.map(transaction.changes);
    for (const effect of transaction.effects) {
      if (!effect.is(setListing)) continue;
      const doc = transaction.state.doc;
      next = RangeSet.of(
        [...effect.value]
          .filter(([line]) => line >= 1 && line <= doc.lines)
          .sort((a, b) => a[0] - b[0])
          .map(([line, text]) => new ListingMarker(text).range(doc.line(line).from)),
      );
    }
    return next;
  },
});

export interface CodeView {
  readonly view: EditorView;
  setText(text: string): void;
  text(): string;
  /** Per line: the address and bytes of the build (empty map: no listing gutter content). */
  setListing(lines: ReadonlyMap<number, string>): void;
  setMarks(marks: ReadonlyMap<number, LineMark>): void;
  showLine(line: number): void;
}

export function createCodeView(
  parent: HTMLElement,
  options: { readOnly: boolean; label: string; onLineClick?: (line: number) => void; onChange?: () => void },
): CodeView {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: '',
      extensions: [
        lineNumbers(),
        gutter({ class: 'cm-listing-gutter', markers: (v) => v.state.field(listingField) }),
        listingField,
        marksField,
        highlightActiveLine(),
        history(),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        StreamLanguage.define(gas),
        EditorState.readOnly.of(options.readOnly),
        EditorView.contentAttributes.of({ 'aria-label': options.label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange?.();
        }),
        EditorView.domEventHandlers({
          click: (event, v) => {
            const position = v.posAtCoords({ x: event.clientX, y: event.clientY });
            if (position !== null) options.onLineClick?.(v.state.doc.lineAt(position).number);
          },
        }),
      ],
    }),
  });
  return {
    view,
    setText: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    text: () => view.state.doc.toString(),
    setListing: (lines) => view.dispatch({ effects: setListing.of(lines) }),
    setMarks: (marks) => view.dispatch({ effects: setMarks.of(marks) }),
    showLine: (line) => {
      const doc = view.state.doc;
      if (line < 1 || line > doc.lines) return;
      view.dispatch({ effects: EditorView.scrollIntoView(doc.line(line).from, { y: 'center' }) });
    },
  };
}
