/**
 * The part of the WebAssembly JavaScript API the call engine uses (Node has it built in; the
 * project's `lib` is ES2023, whose declarations leave it out, and the DOM's would bring the rest of
 * the browser). Synchronous compile and instantiate only: the module is small and built with the
 * project (call-engine.ts).
 */
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Memory {
    readonly buffer: ArrayBuffer;
  }
  class Global {
    readonly value: unknown;
  }
  type ImportValue = ((...args: never[]) => unknown) | Global | Memory | number;
  type Imports = Record<string, Record<string, ImportValue>>;
  class Instance {
    constructor(module: Module, imports?: Imports);
    readonly exports: Record<string, unknown>;
  }
}
