/**
 * The one durable-file writer (docs/architecture.md, "Durable files"): every file the controller
 * must find again after a crash (the audit journal, the PUT intents) is written through it.
 *
 * - `appendDurably` appends and fsyncs the file; the first append to a file that did not exist
 *   also fsyncs its directory, so the new directory entry survives a power cut.
 * - `replaceDurably` writes a temporary file next to the target, fsyncs it, renames it over the
 *   target and fsyncs the directory: a reader sees the old text or the new, never a mix.
 *
 * All I/O is asynchronous: nothing here blocks the event loop (the status server keeps answering).
 */
import { mkdir, open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

async function fsyncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** What a file is written with: its text, its bytes, or a function that writes them to the open handle. */
export type FileContent = string | Uint8Array | ((handle: FileHandle) => Promise<void>);

async function writeAndSync(file: string, content: FileContent, flag: 'a' | 'wx' | 'w'): Promise<void> {
  const handle = await open(file, flag);
  try {
    if (typeof content === 'function') await content(handle);
    else await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await (await open(file, 'r')).close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Creates the file's directory (and its parents) when missing. */
export async function ensureDirectoryOf(file: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
}

/**
 * Appends `text` to `file` and fsyncs it; durable when this resolves. Creates the file (and fsyncs
 * its directory) when it does not exist yet.
 */
export async function appendDurably(file: string, text: string): Promise<void> {
  const created = !(await exists(file));
  await writeAndSync(file, text, 'a');
  if (created) await fsyncDirectory(dirname(file));
}

/**
 * Replaces the whole of `file` with `content` atomically and durably (temporary file, fsync,
 * rename, directory fsync). A function as `content` writes the temporary file itself (the audit
 * journal copies the lines it keeps in chunks so, never the whole file in memory).
 */
export async function replaceDurably(file: string, content: FileContent): Promise<void> {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    await writeAndSync(temporary, content, 'w');
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
  await fsyncDirectory(dirname(file));
}

/** The text of `file`, or '' when it does not exist (any other error is thrown). */
export async function readTextIfExists(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/** Cuts `file` back to its first `bytes` bytes and fsyncs it (undoes a partial append). */
export async function truncateDurably(file: string, bytes: number): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.truncate(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
