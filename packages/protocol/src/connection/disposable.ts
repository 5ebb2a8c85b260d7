/** vscode-jsonrpc style handle; also works with `using` (Symbol.dispose). */
export interface Disposable {
  dispose(): void;
  [Symbol.dispose](): void;
}

export function disposable(dispose: () => void): Disposable {
  let done = false;
  const once = (): void => {
    if (done) return;
    done = true;
    dispose();
  };
  return { dispose: once, [Symbol.dispose]: once };
}
