/** One page of a list call (`listThreads`, `listModels`); pass `nextCursor` back for the next page. */
export interface Page<T> {
  readonly data: T[];
  /** The cursor of the next page, or null on the last page. */
  readonly nextCursor: string | null;
}

/** Every item of a paged list, fetching the next page only when the consumer gets there. */
export function pages<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>): AsyncIterable<T> {
  return {
    async *[Symbol.asyncIterator]() {
      let cursor: string | null = null;
      do {
        const page: Page<T> = await fetchPage(cursor);
        yield* page.data;
        cursor = page.nextCursor;
      } while (cursor);
    },
  };
}
