/** A one-line progress bar on stderr when it is a TTY; silent otherwise (CI logs stay clean). */
export interface Progress {
  tick(label?: string): void;
  done(): void;
}

export function createProgress(total: number, title: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || total < 2) return { tick: () => undefined, done: () => undefined };
  let count = 0;
  const width = 30;
  const draw = (label = ''): void => {
    const filled = Math.round((count / total) * width);
    stream.write(`\r${title} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${count}/${total} ${label}`.slice(0, (stream.columns ?? 80) - 1).padEnd(Math.min(stream.columns ?? 80, 100) - 1));
  };
  draw();
  return {
    tick(label) {
      count += 1;
      draw(label);
    },
    done() {
      stream.write('\r\u001b[2K');
    },
  };
}
