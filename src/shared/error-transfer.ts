/**
 * Carries ImagewrightError across a Comlink boundary (worker ↔ page, worker_threads) with its code, offset,
 * path and params intact. Comlink's own 'throw' handler flattens every Error to {message, name, stack}, which
 * would lose the code the UI needs to localize the message.
 *
 * The handler is symmetric (serialize on the side that throws, deserialize on the side that awaits) because
 * Comlink keeps one handler table per JS realm: tests that run both ends in one process share it.
 * It takes Comlink's table as an argument so that shared/ does not depend on Comlink at runtime.
 */
import type { TransferHandler } from 'comlink';
import { ImagewrightError } from './errors';

interface ThrownWireValue {
  isError: boolean;
  value: unknown;
}

const WRAPPED = Symbol.for('imagewright.errorTransfer');

type ThrowHandler = TransferHandler<unknown, unknown> & { [WRAPPED]?: true };

/** Replaces Comlink's 'throw' handler by one that knows ImagewrightError; idempotent. */
export function installErrorTransfer(handlers: Map<string, TransferHandler<unknown, unknown>>): void {
  const original = handlers.get('throw') as ThrowHandler | undefined;
  if (!original || original[WRAPPED]) return;
  const handler: ThrowHandler = {
    [WRAPPED]: true,
    // Comlink marks thrown values with a private symbol; only its own handler can recognise them.
    canHandle: (value: unknown): value is unknown => original.canHandle(value),
    serialize(thrown: unknown) {
      const value = (thrown as { value: unknown }).value;
      if (value instanceof ImagewrightError) {
        const wire: ThrownWireValue = { isError: false, value: value.toJSON() };
        return [wire, []];
      }
      return original.serialize(thrown);
    },
    deserialize(wire: unknown) {
      const { isError, value } = wire as ThrownWireValue;
      if (!isError && ImagewrightError.isSerialized(value)) throw ImagewrightError.fromJSON(value);
      return original.deserialize(wire);
    },
  };
  handlers.set('throw', handler);
}
