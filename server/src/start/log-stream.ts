/**
 * Where the server's log lines go. In development (NODE_ENV unset or `development`): pino-pretty's
 * readable lines, when it is installed (a devDependency: absent after `npm ci --omit=dev`, then JSON).
 * In production, JSON lines for machines; under test too, since tests read the JSON fields.
 */
import { Env } from '../env-schema';

export async function logStream(env: NodeJS.ProcessEnv): Promise<{ write(line: string): void } | undefined> {
  const { NODE_ENV } = Env.pick({ NODE_ENV: true }).parse(env);
  if (NODE_ENV !== 'development') return undefined;
  try {
    const { default: pretty } = await import('pino-pretty');
    // Synchronous: a line logged just before process.exit (a second signal) is still printed.
    return pretty({ sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' });
  } catch {
    return undefined;
  }
}
