import type pg from 'pg';

type Connection = { parse(q: { text: string }, more: boolean): void; describe(q: { type: 'S' | 'P'; name: string }, more: boolean): void; sync(): void; once(e: string, f: () => void): void; off(e: string, f: () => void): void };

/**
 * Asks the server what a statement is without running it: Parse + Describe + Sync (the extended
 * query protocol), so a text holding several statements is refused by the server itself, and the
 * answer says whether the statement returns rows (RowDescription) or not (NoData).
 */
class Describe {
  private returnsRows: boolean | undefined;
  private connection: Connection | undefined;
  private readonly onNoData = () => (this.returnsRows = false);

  constructor(
    readonly text: string,
    private readonly done: (err: Error | null, returnsRows?: boolean) => void,
  ) {}

  submit(connection: Connection): void {
    this.connection = connection;
    connection.once('noData', this.onNoData);
    connection.parse({ text: this.text }, true);
    connection.describe({ type: 'S', name: '' }, true);
    connection.sync();
  }

  handleRowDescription(): void {
    this.returnsRows = true;
  }

  handleReadyForQuery(): void {
    this.connection?.off('noData', this.onNoData);
    this.done(null, this.returnsRows === true);
  }

  handleError(err: Error): void {
    this.connection?.off('noData', this.onNoData);
    this.done(err);
  }

  // Nothing runs, so none of these come; the client calls them on whatever query is active.
  handleDataRow(): void {}
  handleCommandComplete(): void {}
  handlePortalSuspended(): void {}
  handleEmptyQuery(): void {}
  handleCopyInResponse(): void {}
  handleCopyData(): void {}
}

/** Whether the statement returns rows, as the server reads it; rejects with the server's error. */
export function describeStatement(client: pg.Client, text: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    client.query(new Describe(text, (err, rows) => (err ? reject(err) : resolve(rows!))) as never);
  });
}
