// Operator-only controls: observers see them, disabled, with the reason.

export const OBSERVER_REASON = 'Observers see everything and change nothing: log in as an operator to do this.';

/** Disables an operator control for an observer and says why (tooltip and data-reason for tests). */
export function operatorOnly(control, session) {
  if (session.role !== 'operator') {
    control.disabled = true;
    control.title = OBSERVER_REASON;
    control.dataset.reason = OBSERVER_REASON;
  }
  return control;
}
