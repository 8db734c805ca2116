/**
 * Disabling the focused button drops keyboard focus to the page, so a keyboard user who started a
 * run has to find their way back. These helpers enable and disable controls without losing it.
 */

/** True when focus has fallen out of every control (to the page body, or nowhere). */
function focusLost(): boolean {
  const active = document.activeElement;
  return active === null || active === document.body;
}

/**
 * Sets `disabled` on each control. If that takes focus away from one of them, focus goes to the
 * first control of the group that is still enabled, else to `fallback`.
 */
export function setDisabled(
  controls: readonly [HTMLButtonElement, boolean][],
  fallback?: HTMLButtonElement,
): void {
  const focused = controls.find(([control]) => control === document.activeElement)?.[0];
  for (const [control, disabled] of controls) control.disabled = disabled;
  if (focused === undefined || !focused.disabled) return;
  const next = [...controls.map(([control]) => control), fallback].find(
    (c) => c !== undefined && !c.disabled,
  );
  next?.focus();
}

/**
 * Disables `button` while its work runs and enables it again afterwards, giving focus back to it
 * when focus was lost in between (it had focus when it was disabled).
 */
export function busy(button: HTMLButtonElement): () => void {
  const hadFocus = document.activeElement === button;
  button.disabled = true;
  return () => {
    button.disabled = false;
    if (hadFocus && focusLost()) button.focus();
  };
}
