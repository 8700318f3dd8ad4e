import type { Button } from '../../reply.js';

/**
 * The buttons a number presses: those of the newest message that has any, whether it answered
 * what was typed or was posted in the background (an escalation, the scheduled digest). The
 * console and its poster share one board.
 */
export class ButtonBoard {
  private current: Button[] = [];

  /** A new message: its buttons become the pressable ones; a message without any leaves them. */
  show(buttons: readonly Button[] | undefined): void {
    if (buttons?.length) this.current = [...buttons];
  }

  get buttons(): readonly Button[] {
    return this.current;
  }
}
