// Operator-only controls: observers see them, disabled, with the reason.

export const OBSERVER_REASON = 'Observers see everything and change nothing but the e-stop trip: log in as an operator to do this.';

/** Under the e-stop row for an observer: what they may do there, and what not. */
export const OBSERVER_ESTOP_NOTE = 'Anyone logged in may trip the e-stop; acknowledging and resetting it needs an operator.';

/** Disables an operator control for an observer and says why (tooltip and data-reason for tests). */
export function operatorOnly(control, session) {
  if (session.role !== 'operator') {
    control.disabled = true;
    control.title = OBSERVER_REASON;
    control.dataset.reason = OBSERVER_REASON;
  }
  return control;
}
