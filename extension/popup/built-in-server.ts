/**
 * The server this build of the extension was made for (wxt.config.ts puts it in at `wxt build`
 * time, from LEEWAY_URL or LEEWAY_HOST/LEEWAY_PORT: see server-url-for.ts). It is only an address,
 * never a secret: anyone can read it in the built files.
 */
import { storage } from 'wxt/utils/storage';
import { DEFAULT_SERVER_URL } from './server-url-for';

export const BUILT_IN_SERVER_URL: string = import.meta.env.LEEWAY_SERVER_URL || DEFAULT_SERVER_URL;

/** The server the user chose, else the built-in one (before the first run wrote it, or after storage was cleared). */
export async function serverUrlOrBuiltIn(): Promise<string> {
  return (await storage.getItem<string>('local:serverUrl')) || BUILT_IN_SERVER_URL;
}
