/**
 * The floor for any push to a page: a raw `ws` echo round trip on loopback between two
 * processes (the echo server is a child process, as the Leeway server is for the panel).
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { WebSocket } from 'ws';
import { percentile } from './stats';
import { figure, type Figure } from './types';

const ROOT = resolve(import.meta.dirname, '..');
const SAMPLES = 2000;
const WARMUP = 200;

// Minimal echo server: no framing or parsing beyond what `ws` itself does.
const ECHO_SERVER = `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
wss.on('listening', () => console.log('port ' + wss.address().port));
wss.on('connection', (s) => s.on('message', (m, binary) => s.send(m, { binary })));
`;

export const wsEchoNames = ['ws_echo_p50_ms', 'ws_echo_p99_ms'];

export async function wsEcho(): Promise<Figure[]> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', ECHO_SERVER], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let ws: WebSocket | undefined;
  try {
    const port = await new Promise<number>((res, rej) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += d;
        const m = /port (\d+)/.exec(out);
        if (m) res(Number(m[1]));
      });
      child.once('exit', (code) => rej(new Error(`ws echo server exited with ${code}`)));
    });
    const sock = (ws = new WebSocket(`ws://127.0.0.1:${port}`));
    await new Promise((res, rej) => sock.once('open', res).once('error', rej));
    const roundTrip = (payload: string) =>
      new Promise<number>((res) => {
        const t0 = performance.now();
        sock.once('message', () => res(performance.now() - t0));
        sock.send(payload);
      });
    // A payload about the size of a customer:event frame.
    const payload = JSON.stringify({
      customerId: 'x'.repeat(36),
      event: { id: 'y'.repeat(36), type: 'payment.failed', data: { amountCents: 12900, currency: 'USD' } },
    });
    const samples: number[] = [];
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      const ms = await roundTrip(payload);
      if (i >= WARMUP) samples.push(ms);
    }
    return [figure('ws_echo_p50_ms', percentile(samples, 50), 'ms'), figure('ws_echo_p99_ms', percentile(samples, 99), 'ms')];
  } finally {
    ws?.terminate();
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((r) => {
        child.once('exit', () => r());
        child.kill('SIGTERM');
      });
    }
  }
}
