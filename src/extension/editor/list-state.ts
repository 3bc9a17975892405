/**
 * Which messages the editor's list shows: all of them, or those the filter lets through, as positions -> message
 * indexes. Extended as batches arrive without refiltering what was already seen. Pure.
 */
import type { SccpMessage } from '../../core/sccp/message';
import { filterIndexes, parseFilter, type FilterContext, type MessagePredicate } from './message-filter';

export class ListState {
  /** Bumped whenever positions change meaning (new filter, decoding restarted); the webview drops older rows. */
  generation = 0;
  filter = '';
  errors: string[] = [];
  private predicate: MessagePredicate | undefined;
  /** Message indexes that pass the filter, ascending; undefined without a filter (position = index). */
  private indexes: number[] | undefined;
  /** Messages looked at so far. */
  private seen = 0;

  constructor(private readonly ctx: FilterContext) {}

  setFilter(text: string, messages: readonly SccpMessage[]): void {
    const parsed = parseFilter(text);
    this.filter = text;
    this.errors = parsed.errors;
    this.predicate = parsed.predicate;
    this.restart(messages);
  }

  /** Decoding restarted or the filter changed: look at every message again. */
  restart(messages: readonly SccpMessage[]): void {
    this.generation++;
    this.indexes = this.predicate ? [] : undefined;
    this.seen = 0;
    this.extend(messages);
  }

  /** Takes in messages that arrived since the last call. */
  extend(messages: readonly SccpMessage[]): void {
    if (this.predicate && this.indexes) filterIndexes(messages, this.seen, this.predicate, this.ctx, this.indexes);
    this.seen = messages.length;
  }

  get total(): number {
    return this.indexes ? this.indexes.length : this.seen;
  }

  /** The message index at a list position, or undefined past the end. */
  indexAt(position: number): number | undefined {
    if (position < 0 || position >= this.total) return undefined;
    return this.indexes ? this.indexes[position] : position;
  }

  /** The list position of a message, or -1 when the filter hides it (or it has not been seen yet). */
  positionOf(index: number): number {
    if (!this.indexes) return index >= 0 && index < this.seen ? index : -1;
    let lo = 0;
    let hi = this.indexes.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.indexes[mid]!;
      if (v === index) return mid;
      if (v < index) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}
