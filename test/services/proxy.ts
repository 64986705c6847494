/**
 * A TCP proxy on 127.0.0.1 that a fault test puts between a driver and its server, to hold a
 * request in flight, drop every connection, or refuse new ones, while the server itself keeps running.
 */
import { type Server, type Socket, connect, createServer } from 'node:net';

export type ProxyMode = 'pass' | 'hold' | 'refuse';

export interface FaultProxy {
  port: number;
  /** 'pass' forwards; 'hold' accepts bytes but forwards nothing; 'refuse' resets every new connection. */
  setMode(mode: ProxyMode): void;
  /** Bytes the proxy has held back from the server since the last 'hold'. */
  heldBytes(): number;
  /** Destroys every open connection (client and server side). */
  cutAll(): void;
  close(): Promise<void>;
}

export function startFaultProxy(targetPort: number): Promise<FaultProxy> {
  let mode: ProxyMode = 'pass';
  let held = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (mode === 'refuse') {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.on('data', (chunk: Buffer) => {
      if (mode === 'pass') upstream.write(chunk);
      else held += chunk.length;
    });
    upstream.on('data', (chunk: Buffer) => {
      if (mode === 'pass') client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const cutAll = (): void => {
    for (const s of sockets) s.resetAndDestroy();
  };
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        port,
        setMode(m) {
          mode = m;
          if (m === 'hold') held = 0;
        },
        heldBytes: () => held,
        cutAll,
        close() {
          cutAll();
          return new Promise((r) => server.close(() => r()));
        },
      });
    });
  });
}
