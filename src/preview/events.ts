import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The preview's event stream (server-sent events): every open page is told of each
 * rebuild, and a page that connects late is told of the last one at once.
 */
export interface EventStream<State> {
  /** Answers a request for the stream and keeps it open until the page goes. */
  attach(request: IncomingMessage, response: ServerResponse, last: State | undefined): void;
  send(state: State): void;
  closeAll(): void;
}

export function createEventStream<State>(eventName: string): EventStream<State> {
  const clients = new Set<ServerResponse>();
  const event = (state: State) => `event: ${eventName}\ndata: ${JSON.stringify(state)}\n\n`;
  return {
    attach(request, response, last) {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      response.write(': connected\n\n');
      if (last !== undefined) response.write(event(last));
      clients.add(response);
      request.on('close', () => clients.delete(response));
    },
    send(state) {
      for (const client of clients) client.write(event(state));
    },
    closeAll() {
      for (const client of clients) client.end();
    },
  };
}
