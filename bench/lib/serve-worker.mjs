/** The worker side of bench/lib/workers.mjs (imported by the forked processes only). */
/** The worker side: wires `handlers[cmd](msg)` to replies. */
export function serveWorker(handlers) {
  process.on('message', async (msg) => {
    const handler = handlers[msg?.cmd];
    if (!handler) {
      process.send?.({ id: msg?.id, ok: false, error: `unknown command ${msg?.cmd}` });
      return;
    }
    try {
      const result = await handler(msg);
      process.send?.({ id: msg.id, ok: true, result });
      if (msg.cmd === 'close') setTimeout(() => process.exit(0), 50);
    } catch (e) {
      process.send?.({ id: msg.id, ok: false, error: e?.stack ?? String(e) });
    }
  });
  // The driver going away ends the worker: nothing is left behind.
  process.on('disconnect', () => process.exit(0));
}

